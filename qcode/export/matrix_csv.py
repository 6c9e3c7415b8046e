"""Theme matrices and co-occurrence matrices as CSV, with a manifest beside each file.

UTF-8, comma separated, every line ending CRLF (RFC 4180); ``bom=True`` adds a byte order mark
so that Excel reads Arabic labels correctly. Text cells that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR) get a leading ``'``; numbers are
written as numbers: counts as integers, percentages with two decimals, no value as an empty
cell.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from qcode.analysis.results import CooccurrenceMatrix, Matrix
from qcode.export.files import atomic_write, neutralise
from qcode.export.manifest import Source, cooccurrence_facts, matrix_facts, write_manifest
from qcode.export.tables import DECIMALS, Table, Value, cooccurrence_table, matrix_table


def csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, float):
        return f"{value:.{DECIMALS}f}"
    return str(value)


def write_table_csv(path: str | Path, table: Table, *, bom: bool = False) -> Path:
    """Write ``table`` (header, rows) to ``path`` as CSV, atomically."""
    header, rows = table

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow([csv_cell(h) for h in header])
            writer.writerows([csv_cell(v) for v in row] for row in rows)

    return atomic_write(path, write)


def csv_extra(bom: bool) -> dict[str, str]:
    return {"encoding": "UTF-8 with byte order mark" if bom else "UTF-8",
            "formula_guard": "text cells starting with = + - @ tab or CR are prefixed with ' "
                             "(plain numbers excepted)"}


def write_matrix_csv(matrix: Matrix, path: str | Path, *, source: Source, bom: bool = False,
                     now: datetime | None = None) -> Path:
    """Write a theme matrix and its manifest; returns the manifest's path."""
    write_table_csv(path, matrix_table(matrix), bom=bom)
    return write_manifest(path, matrix_facts(matrix, source), file_format="csv", now=now,
                          **csv_extra(bom))


def write_cooccurrence_csv(matrix: CooccurrenceMatrix, path: str | Path, *, source: Source,
                           bom: bool = False, now: datetime | None = None) -> Path:
    """Write a co-occurrence matrix and its manifest; returns the manifest's path."""
    write_table_csv(path, cooccurrence_table(matrix), bom=bom)
    return write_manifest(path, cooccurrence_facts(matrix, source), file_format="csv", now=now,
                          **csv_extra(bom))

"""The one place qcode writes CSV: every cell passes the formula guard on its way out.

Text a spreadsheet would run as a formula or DDE command (starting with ``=``, ``+``, ``-``,
``@``, tab or CR) gets a leading ``'`` (:func:`qcode.export.files.neutralise`); plain numbers
(``-3``, ``+4.5``, ``1e3``) are written as they are. Only the file is guarded: names and
descriptions are stored as the user typed them. Lines end CRLF (RFC 4180); ``bom=True`` adds a
byte order mark so that Excel reads Arabic correctly. No other module may use ``csv.writer``
(tests/test_csv_guard.py checks it), so a new export cannot forget the guard.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from qcode.export.files import atomic_write
from qcode.export.tables import DECIMALS, Table, Value
from qcode.formula_guard import neutralise

CsvTarget = str | Path | TextIO


def csv_cell(value: Value) -> str:
    """One cell as written: text guarded, counts as integers, percentages with two decimals."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, float):
        return f"{value:.{DECIMALS}f}"
    return str(value)


def _write(stream: TextIO, rows: Iterable[Iterable[Value]]) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerows([csv_cell(v) for v in row] for row in rows)


def write_csv_rows(target: CsvTarget, rows: Iterable[Iterable[Value]], *,
                   bom: bool = False) -> None:
    """Write ``rows`` as CSV to an open text stream, or atomically to a file path."""
    if not isinstance(target, str | Path):
        _write(target, rows)
        return

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            _write(fh, rows)

    atomic_write(target, write)


def write_table_csv(path: str | Path, table: Table, *, bom: bool = False) -> Path:
    """Write ``table`` (header, rows) to ``path`` as CSV, atomically."""
    header, rows = table
    write_csv_rows(path, [header, *rows], bom=bom)
    return Path(path)


def csv_extra(bom: bool) -> dict[str, str]:
    """What a CSV export's manifest says about its encoding and the formula guard."""
    return {"encoding": "UTF-8 with byte order mark" if bom else "UTF-8",
            "formula_guard": "text cells starting with = + - @ tab or CR are prefixed with ' "
                             "(plain numbers excepted)"}

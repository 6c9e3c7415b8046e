"""Theme matrices and co-occurrence matrices as CSV, with a manifest beside each file.

Written through :mod:`qcode.export.csv_file` (formula guard, CRLF, optional byte order mark):
counts as integers, percentages with two decimals, no value as an empty cell.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from qcode.analysis.results import CooccurrenceMatrix, Matrix
from qcode.export.csv_file import csv_extra, write_table_csv
from qcode.export.manifest import Source, cooccurrence_facts, matrix_facts, write_manifest
from qcode.export.tables import cooccurrence_table, matrix_table


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

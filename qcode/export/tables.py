"""Analysis results as a header and rows of cells, the common shape of every table export.

Cells are ``str`` (labels, text), ``int`` (counts), ``float`` (percentages, rounded to
:data:`DECIMALS` places) or ``None`` (an empty cell).
"""

from __future__ import annotations

from qcode.analysis.results import Cell, CooccurrenceMatrix, Matrix, SegmentsTable

DECIMALS = 2
TOTAL_LABEL = "Total"

Value = str | int | float | None
Table = tuple[list[str], list[list[Value]]]


def number(value: Cell) -> int | float | None:
    """Counts as they are; percentages rounded to DECIMALS places (round half even)."""
    return round(value, DECIMALS) if isinstance(value, float) else value


def matrix_table(matrix: Matrix) -> Table:
    """Code paths down, column labels across; a "Total" column and row when totals exist."""
    totals = matrix.row_totals is not None and matrix.column_totals is not None
    header = ["Code", *(c.label for c in matrix.columns)] + ([TOTAL_LABEL] if totals else [])
    rows: list[list[Value]] = []
    for i, (label, values) in enumerate(zip(matrix.rows, matrix.values, strict=True)):
        row: list[Value] = [label.path, *(number(v) for v in values)]
        if totals:
            assert matrix.row_totals is not None
            row.append(number(matrix.row_totals[i]))
        rows.append(row)
    if totals:
        assert matrix.column_totals is not None
        rows.append([TOTAL_LABEL, *(number(v) for v in matrix.column_totals),
                     number(matrix.grand_total)])
    return header, rows


def cooccurrence_table(matrix: CooccurrenceMatrix) -> Table:
    header = ["Code", *(c.path for c in matrix.codes)]
    rows: list[list[Value]] = [[c.path, *values]
                               for c, values in zip(matrix.codes, matrix.values, strict=True)]
    return header, rows


def segments_table(table: SegmentsTable) -> Table:
    return list(table.header()), [list(r) for r in table.records()]

"""Theme matrices: codes by documents, attribute values or speakers. See :mod:`rules` for the
exact definition of every measure, total and percentage.

Totals are the measure recomputed over the merged row or column, never a sum that could count
something twice. Where a plain sum is provably the same number it is used instead of a query:

* ``segments``: every coding falls in exactly one column and has exactly one code, so row
  totals sum the row, and column totals sum the rows of distinct codes (with roll-up: the top
  level codes, whose subtrees partition the codebook);
* ``documents``, ``characters``, ``words`` with document or attribute columns: every document
  falls in exactly one column and the cells are sums over documents, so row totals sum the row;
  the grand total sums the column totals.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from qcode.analysis import counts, extent
from qcode.analysis.codebook import codebook_order
from qcode.analysis.columns import Columns, build_columns
from qcode.analysis.options import MatrixOptions
from qcode.analysis.results import Cell, Matrix
from qcode.analysis.scope import Scope, resolve
from qcode.analysis.spans import RowMode
from qcode.progress import Progress, report

Counter = Callable[[Session, Scope, RowMode, "Columns | None"], counts.Counts]

UNITS = {
    "segments": "codings",
    "documents": "documents",
    "characters": "characters",
    "words": "words",
    "coverage": "% of the column's characters",
}


def _counter(measure: str) -> Counter:
    if measure in ("segments", "documents"):
        return lambda s, scope, rows, cols: counts.count(s, scope, measure, rows, cols)
    if measure == "words":
        return extent.words
    return extent.characters


def percent(part: int | float | None, whole: int | float | None) -> float | None:
    """``100 * part / whole``; None when the whole is zero (a percentage of nothing)."""
    if part is None or not whole:
        return None
    return 100.0 * part / whole


class _Builder:
    """One matrix: the cells, then the totals (derived where exact, else counted)."""

    def __init__(self, session: Session, options: MatrixOptions, progress: Progress | None):
        self.session = session
        self.options = options
        self.progress = progress
        self.scope = resolve(session, options.filters)
        self.rows = codebook_order(session)
        self.columns = build_columns(session, self.scope, options)
        self.base = "characters" if options.measure == "coverage" else options.measure
        self.count = _counter(self.base)
        self.row_mode: RowMode = "rollup" if options.rollup else "code"
        self.step = 0

    def _query(self, rows: RowMode, columns: Columns | None, label: str) -> counts.Counts:
        report(self.progress, self.step, 4, label)
        self.step += 1
        return self.count(self.session, self.scope, rows, columns)

    def grid(self) -> list[list[int]]:
        found = self._query(self.row_mode, self.columns, f"Counting {self.base}")
        col_index = self.columns.index
        grid = [[0] * len(self.columns.labels) for _ in self.rows]
        row_index = {label.code_id: i for i, label in enumerate(self.rows)}
        for (row_key, col_key), value in found.items():
            grid[row_index[row_key]][col_index[col_key]] = value
        return grid

    def row_totals(self, grid: list[list[int]]) -> list[int]:
        if self.base == "segments" or self.columns.one_per_document:
            return [sum(row) for row in grid]
        found = self._query(self.row_mode, None, "Row totals")
        return [found.get((label.code_id, 0), 0) for label in self.rows]

    def column_totals(self, grid: list[list[int]]) -> list[int]:
        distinct = [row for label, row in zip(self.rows, grid, strict=True)
                    if not self.options.rollup or label.depth == 0]
        if self.base == "segments":
            return [sum(col) for col in zip(*distinct, strict=True)] if distinct else \
                [0] * len(self.columns.labels)
        if self.base == "documents" and self.columns.kind == "documents":
            return [int(any(col)) for col in zip(*distinct, strict=True)] if distinct else \
                [0] * len(self.columns.labels)
        found = self._query("any", self.columns, "Column totals")
        return [found.get((0, c.key), 0) for c in self.columns.labels]

    def grand_total(self, column_totals: list[int]) -> int:
        if self.base == "segments" or self.columns.one_per_document:
            return sum(column_totals)
        return self._query("any", None, "Grand total").get((0, 0), 0)

    def build(self) -> Matrix:
        options = self.options
        grid = self.grid()
        wants_totals = options.totals or options.percent is not None
        row_t = self.row_totals(grid) if wants_totals else None
        col_t = self.column_totals(grid) if wants_totals else None
        grand = self.grand_total(col_t) if col_t is not None else None
        report(self.progress, 4, 4, "Done")
        values: list[list[Cell]] = grid  # type: ignore[assignment]
        unit = UNITS[options.measure]
        if options.measure == "coverage":
            values, row_t, col_t, grand = self._coverage(grid, row_t, col_t, grand)
        elif options.percent == "row":
            assert row_t is not None
            values = [[percent(v, t) for v in row] for row, t in zip(grid, row_t, strict=True)]
            unit = f"% of the row total ({unit})"
        elif options.percent == "column":
            assert col_t is not None
            values = [[percent(v, t) for v, t in zip(row, col_t, strict=True)] for row in grid]
            unit = f"% of the column total ({unit})"
        return Matrix(options, tuple(self.rows), self.columns.labels, self.columns.heading, unit,
                      tuple(tuple(row) for row in values),
                      tuple(row_t) if row_t is not None else None,
                      tuple(col_t) if col_t is not None else None, grand)

    def _coverage(self, grid: list[list[int]], row_t: list[int] | None,
                  col_t: list[int] | None, grand: int | None) -> tuple:
        """Characters as percentages of the column's (or all chosen documents') characters."""
        lengths = [self.columns.lengths.get(c.key, 0) for c in self.columns.labels]
        total = self.columns.total_length
        values = [[percent(v, n) for v, n in zip(row, lengths, strict=True)] for row in grid]
        if row_t is None or col_t is None:
            return values, None, None, None
        return (values, [percent(v, total) for v in row_t],
                [percent(v, n) for v, n in zip(col_t, lengths, strict=True)],
                percent(grand, total))


def build_matrix(session: Session, options: MatrixOptions,
                 progress: Progress | None = None) -> Matrix:
    """Count a theme matrix. Raises NotFound/InputError for unknown coders or attributes,
    Cancelled when ``progress`` answers False (checked between the queries)."""
    return _Builder(session, options, progress).build()

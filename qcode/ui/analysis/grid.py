"""A theme matrix or a co-occurrence matrix as one shape the heat table shows: code rows,
labelled columns, values, optional totals. Plain frozen data built from the analysis results.
"""

from __future__ import annotations

from dataclasses import dataclass

from qcode.analysis.matrix import UNITS
from qcode.analysis.results import Cell, CodeLabel, CooccurrenceMatrix, Matrix

TOTAL = "Total"


@dataclass(frozen=True)
class HeatGrid:
    rows: tuple[CodeLabel, ...]
    columns: tuple[str, ...]  # header labels
    column_tips: tuple[str, ...]
    values: tuple[tuple[Cell, ...], ...]
    unit: str  # what a cell holds, for tooltips: "codings", "% of the row total (words)"...
    percent: bool = False  # the cells are percentages
    row_totals: tuple[Cell, ...] | None = None
    column_totals: tuple[Cell, ...] | None = None
    grand_total: Cell = None
    totals_percent: bool = False  # the totals are percentages too (coverage)
    total_unit: str = ""  # what a total holds, when not ``unit``

    @property
    def totals_unit(self) -> str:
        return self.total_unit or self.unit

    @property
    def has_totals(self) -> bool:
        return self.row_totals is not None and self.column_totals is not None

    @property
    def largest(self) -> float:
        """The largest cell (totals left out): the top of the shading scale."""
        return max((v for row in self.values for v in row if v is not None), default=0)


def format_value(value: Cell, percent: bool) -> str:
    """Counts as whole numbers, percentages with one decimal; no value is blank."""
    if value is None:
        return ""
    if percent or isinstance(value, float):
        return f"{value:.1f}%"
    return str(value)


def widest_cells(grid: HeatGrid) -> list[str]:
    """Per column (then the total column, if any), the text of its widest cell.

    Cells are never negative, so a column's largest value has the most digits: one pass over
    the values instead of measuring every cell (600,000 on a 300 x 2,000 matrix).
    """
    def widest(values: tuple[Cell, ...], percent: bool) -> str:
        present = [v for v in values if v is not None]
        return format_value(max(present), percent) if present else ""

    columns = list(zip(*grid.values, strict=True)) if grid.values else \
        [() for _ in grid.columns]
    out = [widest(column, grid.percent) for column in columns]
    if grid.has_totals:
        assert grid.row_totals is not None and grid.column_totals is not None
        out = [max((text, format_value(total, grid.totals_percent)), key=len)
               for text, total in zip(out, grid.column_totals, strict=True)]
        out.append(widest((*grid.row_totals, grid.grand_total), grid.totals_percent))
    return out


def matrix_grid(matrix: Matrix) -> HeatGrid:
    o = matrix.options
    tips = tuple(f"{matrix.column_heading}: {c.label}" for c in matrix.columns)
    return HeatGrid(
        rows=matrix.rows, columns=tuple(c.label for c in matrix.columns), column_tips=tips,
        values=matrix.values, unit=matrix.unit,
        percent=o.measure == "coverage" or o.percent is not None,
        row_totals=matrix.row_totals, column_totals=matrix.column_totals,
        grand_total=matrix.grand_total, totals_percent=o.measure == "coverage",
        total_unit="% of the characters" if o.measure == "coverage" else UNITS[o.measure])


def cooccurrence_grid(matrix: CooccurrenceMatrix) -> HeatGrid:
    return HeatGrid(rows=matrix.codes, columns=tuple(c.name for c in matrix.codes),
                    column_tips=tuple(c.path for c in matrix.codes), values=matrix.values,
                    unit=matrix.unit)


def filters_text(coders: tuple[str, ...], where: tuple[tuple[str, str], ...],
                 compare: tuple[tuple[str, str, str], ...] = ()) -> str:
    """"; only coders A, B; role = X or Y; years >= 10" for a caption (empty without
    filters)."""
    parts = []
    if coders:
        parts.append("coders " + ", ".join(coders))
    groups: dict[str, list[str]] = {}
    for name, value in where:
        groups.setdefault(name, []).append(value)
    parts.extend(f"{name} = {' or '.join(values)}" for name, values in groups.items())
    parts.extend(f"{name} {op} {value}" for name, op, value in compare)
    return "; only " + "; ".join(parts) if parts else ""

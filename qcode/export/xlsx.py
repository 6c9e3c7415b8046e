"""Tables as XLSX workbooks (openpyxl, write-only mode): one sheet per table plus "About".

Headers are frozen; matrices get a heatmap colour scale (white to red, minimum to maximum, totals
left out). Counts are integers; percentages are stored rounded to two decimals, as in CSV, so
both formats show the same numbers. Text is always a text cell, never a formula: text that
starts like a formula is also marked as quoted (``quotePrefix``), so editing it in Excel keeps
it text. Characters XML cannot hold become U+FFFD; text beyond Excel's 32,767 characters per
cell is cut and ends with an ellipsis.

The same input gives the same bytes: fixed timestamps in the zip and the document properties;
the export time is in the manifest beside the file only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter

from qcode import __version__
from qcode.analysis.results import CooccurrenceMatrix, Matrix
from qcode.export.files import FIXED_TIME, FixedTimeZip, atomic_write, xml_safe
from qcode.export.manifest import (
    Source,
    about_rows,
    cooccurrence_facts,
    matrix_facts,
    write_manifest,
)
from qcode.export.tables import Table, Value, cooccurrence_table, matrix_table
from qcode.formula_guard import FORMULA_STARTS

MAX_CELL_TEXT = 32_767
BOLD = Font(bold=True)
HEAT_LOW, HEAT_HIGH = "FFFFFF", "F8696B"


@dataclass
class Sheet:
    """One table on one sheet. ``heatmap``: (last data row, last data column), 1-based."""

    title: str
    table: Table
    freeze: str = "B2"
    heatmap: tuple[int, int] | None = None
    indents: list[int] = field(default_factory=list)  # first-column indent of each row
    widths: dict[int, float] = field(default_factory=dict)


def _text(ws: WriteOnlyWorksheet, text: str, *, bold: bool = False, indent: int = 0,
          wrap: bool = False) -> WriteOnlyCell | str:
    text = xml_safe(text)
    if len(text) > MAX_CELL_TEXT:
        text = text[:MAX_CELL_TEXT - 1] + "\u2026"
    guarded = text.startswith(FORMULA_STARTS)
    if not (guarded or bold or indent or wrap):
        return text
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"  # openpyxl would take "=..." for a formula
    if guarded:
        cell.quotePrefix = True
    if bold:
        cell.font = BOLD
    if indent or wrap:
        cell.alignment = Alignment(indent=min(indent, 15), wrap_text=wrap, vertical="top")
    return cell


def _row(ws: WriteOnlyWorksheet, values: Iterable[Value], indent: int = 0) -> list[Any]:
    out: list[Any] = []
    for i, value in enumerate(values):
        if isinstance(value, str):
            out.append(_text(ws, value, indent=indent if i == 0 else 0))
        else:
            out.append(value)
    return out


def _write_sheet(ws: WriteOnlyWorksheet, sheet: Sheet) -> None:
    header, rows = sheet.table
    for col, width in sheet.widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = sheet.freeze
    ws.append([_text(ws, h, bold=True) for h in header])
    for i, row in enumerate(rows):
        ws.append(_row(ws, row, sheet.indents[i] if i < len(sheet.indents) else 0))
    if sheet.heatmap is not None and sheet.heatmap[0] >= 2 and sheet.heatmap[1] >= 2:
        last_row, last_col = sheet.heatmap
        ws.conditional_formatting.add(
            f"B2:{get_column_letter(last_col)}{last_row}",
            ColorScaleRule(start_type="min", start_color=HEAT_LOW,
                           end_type="max", end_color=HEAT_HIGH))


def _write_about(ws: WriteOnlyWorksheet, facts: dict[str, Any]) -> None:
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 110
    for name, value in about_rows(facts):
        ws.append([_text(ws, name, bold=True), _text(ws, value, wrap=True)])


def write_workbook(path: str | Path, sheets: list[Sheet], facts: dict[str, Any]) -> Path:
    """Write ``sheets`` and an "About" sheet with ``facts`` to ``path``, atomically."""
    wb = Workbook(write_only=True)
    wb.properties.creator = f"qcode {__version__}"
    wb.properties.title = str(facts.get("table", ""))
    for sheet in sheets:
        _write_sheet(wb.create_sheet(sheet.title), sheet)
    _write_about(wb.create_sheet("About"), facts)

    def save(tmp: Path) -> None:
        wb.properties.created = wb.properties.modified = FIXED_TIME
        with FixedTimeZip(tmp, "w", ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(wb, archive).save()

    return atomic_write(path, save)


def _first_column_width(labels: Iterable[str]) -> float:
    return float(min(60, max((len(x) for x in labels), default=10) + 2))


def write_matrix_xlsx(matrix: Matrix, path: str | Path, *, source: Source,
                      now: datetime | None = None) -> Path:
    """Write a theme matrix (sheet "Matrix") and its manifest; returns the manifest's path."""
    facts = matrix_facts(matrix, source)
    sheet = Sheet("Matrix", matrix_table(matrix),
                  heatmap=(len(matrix.rows) + 1, len(matrix.columns) + 1),
                  indents=[r.depth for r in matrix.rows],
                  widths={1: _first_column_width(r.path for r in matrix.rows)})
    write_workbook(path, [sheet], facts)
    return write_manifest(path, facts, file_format="xlsx", now=now)


def write_cooccurrence_xlsx(matrix: CooccurrenceMatrix, path: str | Path, *, source: Source,
                            now: datetime | None = None) -> Path:
    """Write a co-occurrence matrix (sheet "Co-occurrence") and its manifest."""
    facts = cooccurrence_facts(matrix, source)
    n = len(matrix.codes)
    sheet = Sheet("Co-occurrence", cooccurrence_table(matrix), heatmap=(n + 1, n + 1),
                  indents=[c.depth for c in matrix.codes],
                  widths={1: _first_column_width(c.path for c in matrix.codes)})
    write_workbook(path, [sheet], facts)
    return write_manifest(path, facts, file_format="xlsx", now=now)

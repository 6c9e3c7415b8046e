"""Tables as XLSX workbooks: one sheet per table plus "About".

Headers are frozen; matrices get a heatmap colour scale (white to red, minimum to maximum, totals
left out). Counts are integers; percentages are stored rounded to two decimals, as in CSV, so
both formats show the same numbers. Text is always a text cell, never a formula: text that
starts like a formula is also marked as quoted (``quotePrefix``), so editing it in Excel keeps
it text. Characters XML cannot hold become U+FFFD; text beyond Excel's 32,767 characters per
cell is cut and ends with an ellipsis.

The sheets are written by :mod:`qcode.export.spreadsheetml` (each row formatted as one string
and streamed into the zip), not cell by cell through openpyxl: a 300 x 2,000 matrix takes a
fraction of the time, and memory stays bounded for a million coded segments.

The same input gives the same bytes: fixed timestamps in the zip and the document properties;
the export time is in the manifest beside the file only.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED

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
from qcode.export.spreadsheetml import (
    PLAIN,
    SheetSpec,
    Style,
    Styles,
    column_letter,
    package_parts,
    write_sheet,
)
from qcode.export.tables import Table, cooccurrence_table, matrix_table
from qcode.formula_guard import FORMULA_STARTS

MAX_CELL_TEXT = 32_767
HEAT_LOW, HEAT_HIGH = "FFFFFF", "F8696B"
MAX_INDENT = 15


@dataclass
class Sheet:
    """One table on one sheet. ``heatmap``: (last data row, last data column), 1-based."""

    title: str
    table: Table
    freeze: str = "B2"
    heatmap: tuple[int, int] | None = None
    indents: list[int] = field(default_factory=list)  # first-column indent of each row
    widths: dict[int, float] = field(default_factory=dict)


def cell_text(value: str, look: Style = PLAIN) -> tuple[str, Style]:
    """Text as it can be stored (XML-safe, cut to Excel's limit), and ``look`` marked as
    typed text when it starts like a formula."""
    text = xml_safe(value)
    if len(text) > MAX_CELL_TEXT:
        text = text[:MAX_CELL_TEXT - 1] + "\u2026"
    if text.startswith(FORMULA_STARTS):
        look = Style(look.bold, True, look.indent, look.wrap)
    return text, look


def _table_spec(sheet: Sheet) -> SheetSpec:
    header, rows = sheet.table
    bold, indents = Style(bold=True), sheet.indents

    def text(i: int, j: int, value: str) -> tuple[str, Style]:
        if i == 0:
            return cell_text(value, bold)
        if j == 0 and i - 1 < len(indents) and indents[i - 1]:
            return cell_text(value, Style(indent=min(indents[i - 1], MAX_INDENT)))
        return cell_text(value)

    heatmap = None
    if sheet.heatmap is not None and sheet.heatmap[0] >= 2 and sheet.heatmap[1] >= 2:
        last_row, last_col = sheet.heatmap
        heatmap = (f"B2:{column_letter(last_col)}{last_row}", HEAT_LOW, HEAT_HIGH)
    return SheetSpec([header, *rows], text, freeze=sheet.freeze, widths=sheet.widths,
                     heatmap=heatmap)


def _about_spec(facts: dict[str, Any]) -> SheetSpec:
    looks = (Style(bold=True), Style(wrap=True))
    return SheetSpec(about_rows(facts), lambda _, j, value: cell_text(value, looks[j]),
                     widths={1: 18, 2: 110})


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry stamped with the fixed time, as :class:`FixedTimeZip` stamps the others."""
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
    info.compress_type = ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def write_workbook(path: str | Path, sheets: list[Sheet], facts: dict[str, Any]) -> Path:
    """Write ``sheets`` and an "About" sheet with ``facts`` to ``path``, atomically."""
    specs = [_table_spec(sheet) for sheet in sheets] + [_about_spec(facts)]
    titles = [sheet.title for sheet in sheets] + ["About"]

    def save(tmp: Path) -> None:
        styles = Styles()
        with FixedTimeZip(tmp, "w", ZIP_DEFLATED, allowZip64=True) as archive:
            parts = package_parts(titles, title=str(facts.get("table", "")),
                                  creator=f"qcode {__version__}", when=FIXED_TIME)
            for name, xml in parts.items():
                archive.writestr(name, xml.encode())
            for i, spec in enumerate(specs, 1):
                with archive.open(_entry(f"xl/worksheets/sheet{i}.xml"), "w",
                                  force_zip64=True) as out:
                    write_sheet(out, spec, styles)
            archive.writestr("xl/styles.xml", styles.xml().encode())

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

"""The parts of an XLSX package (SpreadsheetML, ECMA-376), written as text, sheets streamed.

openpyxl builds a cell object and an lxml element for every cell, which made writing a
300 x 2,000 matrix take seconds; here each row is one formatted string, written to the zip
entry a batch at a time, so memory stays bounded however long the table. Only what qcode's
tables need is supported: numbers, booleans, inline text, bold / quote-prefixed / indented /
wrapped cells, column widths, frozen panes and a colour-scale conditional format.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any
from xml.sax.saxutils import escape

HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "application/vnd.openxmlformats-officedocument"
ROWS_PER_WRITE = 200
#: text escaped for an XML text node; a carriage return would be read back as a line feed
_TEXT_ENTITIES = {"\r": "&#13;"}


@dataclass(frozen=True)
class Style:
    """How a cell looks: bold, marked as typed text (``quotePrefix``), indented, wrapped."""

    bold: bool = False
    quote: bool = False
    indent: int = 0
    wrap: bool = False


PLAIN = Style()


class Styles:
    """The cell formats used, numbered in order of first use (0 is the plain cell)."""

    def __init__(self) -> None:
        self._ids: dict[Style, int] = {PLAIN: 0}

    def id(self, style: Style) -> int:
        return self._ids.setdefault(style, len(self._ids))

    def xml(self) -> str:
        xfs = "".join(_xf(style) for style in self._ids)
        return (f'{HEAD}<styleSheet xmlns="{MAIN}">'
                '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
                '</font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
                '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
                '<fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
                '</borders><cellStyleXfs count="1">'
                '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(self._ids)}">{xfs}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
                '</cellStyles></styleSheet>')


def _xf(style: Style) -> str:
    attrs = f'numFmtId="0" fontId="{int(style.bold)}" fillId="0" borderId="0" xfId="0"'
    if style.bold:
        attrs += ' applyFont="1"'
    if style.quote:
        attrs += ' quotePrefix="1"'
    if not (style.indent or style.wrap):
        return f"<xf {attrs}/>"
    align = f'horizontal="left" indent="{style.indent}" ' if style.indent else ""
    align += 'wrapText="1" ' if style.wrap else ""
    return f'<xf {attrs} applyAlignment="1"><alignment {align}vertical="top"/></xf>'


@dataclass
class SheetSpec:
    """One worksheet: its rows and how it is laid out.

    ``text(row index, column index, value)`` (0-based) gives a text cell's final text and
    style; numbers are always plain. ``heatmap``: (a range such as "B2:D6", colour of the
    minimum, colour of the maximum) for a colour-scale conditional format.
    """

    rows: Sequence[Sequence[Any]]
    text: Callable[[int, int, str], tuple[str, Style]]
    freeze: str | None = None
    widths: dict[int, float] | None = None
    heatmap: tuple[str, str, str] | None = None  # (range, low colour, high colour)


def column_letter(number: int) -> str:
    """The letters of a 1-based column number: 1 -> "A", 27 -> "AA"."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_sheet(out: IO[bytes], spec: SheetSpec, styles: Styles) -> None:
    """Stream ``spec`` as worksheet XML into ``out``."""
    width = max((len(r) for r in spec.rows), default=0)
    out.write(_sheet_head(spec, width).encode())
    starts = [f'<c r="{column_letter(j + 1)}' for j in range(width)]
    batch: list[str] = []
    for i, row in enumerate(spec.rows):
        batch.append(_row_xml(i, row, starts, spec, styles))
        if len(batch) == ROWS_PER_WRITE:
            out.write("".join(batch).encode())
            batch.clear()
    out.write("".join(batch).encode())
    out.write(_sheet_tail(spec).encode())


def _row_xml(i: int, row: Sequence[Any], starts: list[str], spec: SheetSpec,
             styles: Styles) -> str:
    r = i + 1
    cells = [f'<row r="{r}">']
    for j, value in enumerate(row):
        kind = type(value)
        if kind is int or (kind is float and math.isfinite(value)):
            cells.append(f'{starts[j]}{r}"><v>{value!r}</v></c>')
        elif kind is bool:
            cells.append(f'{starts[j]}{r}" t="b"><v>{int(value)}</v></c>')
        elif value is not None and value != "":
            text, look = spec.text(i, j, str(value))
            style = styles.id(look)
            s = f' s="{style}"' if style else ""
            space = ' xml:space="preserve"' if text.strip() != text else ""
            cells.append(f'{starts[j]}{r}"{s} t="inlineStr"><is><t{space}>'
                         f'{escape(text, _TEXT_ENTITIES)}</t></is></c>')
    cells.append("</row>")
    return "".join(cells)


def _sheet_head(spec: SheetSpec, width: int) -> str:
    dimension = f"A1:{column_letter(max(width, 1))}{max(len(spec.rows), 1)}"
    cols = "".join(f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>'
                   for c, w in sorted((spec.widths or {}).items()))
    return (f'{HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
            f'<dimension ref="{dimension}"/><sheetViews><sheetView workbookViewId="0">'
            f"{_pane(spec.freeze)}</sheetView></sheetViews>"
            '<sheetFormatPr defaultRowHeight="15"/>'
            f"{f'<cols>{cols}</cols>' if cols else ''}<sheetData>")


def _pane(freeze: str | None) -> str:
    """Frozen rows above and columns left of ``freeze`` (a cell such as "B2")."""
    if not freeze or freeze == "A1":
        return ""
    column = len(freeze.rstrip("0123456789"))
    letters, row = freeze[:column], int(freeze[column:])
    xsplit = sum((ord(ch) - 64) * 26 ** k for k, ch in enumerate(reversed(letters))) - 1
    ysplit = row - 1
    active = ("bottomRight" if xsplit and ysplit else "bottomLeft" if ysplit else "topRight")
    split = (f' xSplit="{xsplit}"' if xsplit else "") + (f' ySplit="{ysplit}"' if ysplit else "")
    others = "".join(f'<selection pane="{p}"/>' for p in ("topRight", "bottomLeft")
                     if active == "bottomRight")
    return (f'<pane{split} topLeftCell="{freeze}" activePane="{active}" state="frozen"/>'
            f'{others}<selection pane="{active}" activeCell="{freeze}" sqref="{freeze}"/>')


def _sheet_tail(spec: SheetSpec) -> str:
    heat = ""
    if spec.heatmap is not None:
        where, low, high = spec.heatmap
        heat = (f'<conditionalFormatting sqref="{where}"><cfRule type="colorScale" priority="1">'
                '<colorScale><cfvo type="min"/><cfvo type="max"/>'
                f'<color rgb="FF{low}"/><color rgb="FF{high}"/></colorScale></cfRule>'
                "</conditionalFormatting>")
    return ("</sheetData>" + heat + '<pageMargins left="0.75" right="0.75" top="1" bottom="1" '
            'header="0.5" footer="0.5"/></worksheet>')


def package_parts(titles: Iterable[str], *, title: str, creator: str,
                  when: datetime) -> dict[str, str]:
    """Every part but the sheets and styles: content types, relationships, the workbook and
    its document properties (creator, title, created and modified at ``when``)."""
    titles = list(titles)
    sheets = "".join(f'<sheet name="{escape(t, {chr(34): "&quot;"})}" sheetId="{i}" '
                     f'r:id="rId{i}"/>' for i, t in enumerate(titles, 1))
    sheet_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(titles) + 1))
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        f'ContentType="{OFFICE}.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(titles) + 1))
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "[Content_Types].xml": (
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            f'ContentType="{OFFICE}.spreadsheetml.sheet.main+xml"/>{overrides}'
            f'<Override PartName="/xl/styles.xml" ContentType="{OFFICE}.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            f'ContentType="{OFFICE}.extended-properties+xml"/></Types>'),
        "_rels/.rels": (
            f'{HEAD}<Relationships xmlns="{PKG_REL}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/extended-properties" '
            'Target="docProps/app.xml"/></Relationships>'),
        "docProps/app.xml": (
            f'{HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>qcode</Application></Properties>'),
        "docProps/core.xml": (
            f'{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>"),
        "xl/workbook.xml": (
            f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView/>'
            f"</bookViews><sheets>{sheets}</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'{HEAD}<Relationships xmlns="{PKG_REL}">{sheet_rels}'
            f'<Relationship Id="rId{len(titles) + 1}" Type="{REL}/styles" '
            'Target="styles.xml"/></Relationships>'),
    }

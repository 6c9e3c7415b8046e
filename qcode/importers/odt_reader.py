"""OpenDocument text (.odt): the text as LibreOffice shows it with tracked changes accepted.

content.xml is read through the same safe zip and XML helpers as .docx and walked with lxml.
Paragraphs, headings, list items and table cells come out in document order (cells joined by
tab, rows by newline, nested tables too); ``text:tab``, ``text:line-break`` and ``text:s`` (with
its count) become their characters. The ``text:tracked-changes`` region, where deleted text is
kept, is left out, as are notes, comments and index templates. White space in the XML itself is
collapsed as the OpenDocument format prescribes. Text boxes come once, after their paragraph.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from qcode.errors import InputError
from qcode.importers.safexml import parse_xml
from qcode.importers.zipsafe import has_member, open_package, read_member

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"


def _t(local: str) -> str:
    return f"{{{_TEXT}}}{local}"


def _tb(local: str) -> str:
    return f"{{{_TABLE}}}{local}"


_PARAGRAPHS = frozenset({_t("p"), _t("h")})
_TABLE_TAG = _tb("table")
_ROW_TAG = _tb("table-row")
_CELL_TAGS = frozenset({_tb("table-cell"), _tb("covered-table-cell")})
_FRAME = f"{{{_DRAW}}}frame"
_SPACE, _TAB, _LINE_BREAK = _t("s"), _t("tab"), _t("line-break")
#: Never shown as body text: deleted text of tracked changes, notes, comments, index templates.
_LEFT_OUT = frozenset({
    _t("tracked-changes"), _t("note"), f"{{{_OFFICE}}}annotation", _t("sequence-decls"),
    _t("variable-decls"), _t("user-field-decls"), _t("table-of-content-source"),
    _t("alphabetical-index-source"), _t("illustration-index-source"),
    _t("table-index-source"), _t("object-index-source"), _t("user-index-source"),
    _t("bibliography-source"), f"{{{_OFFICE}}}forms", _tb("table-columns"),
    _tb("table-column"), _tb("table-header-columns"), _tb("table-column-group"),
})
_XML_WHITESPACE = re.compile(r"[ \t\r\n]+")


def read_odt(data: bytes, path: Path) -> str:
    """The text of the .odt in ``data``; raises InputError naming ``path`` and the cause."""
    archive = open_package(data, path, ".odt")
    with archive:
        _check_is_readable_text(archive, path)
        root = parse_xml(read_member(archive, "content.xml", path), path, "content.xml")
    body = root.find(f"{{{_OFFICE}}}body/{{{_OFFICE}}}text")
    if body is None:
        raise InputError("not an OpenDocument text document (no text body; a spreadsheet or "
                         "presentation?)", path=path)
    out: list[str] = []
    _blocks(body, out)
    text = "".join(out)
    if not text.strip():
        raise InputError("the document has no text (only images or empty pages?)", path=path)
    return text


def _check_is_readable_text(archive: zipfile.ZipFile, path: Path) -> None:
    if has_member(archive, "META-INF/manifest.xml"):
        manifest = read_member(archive, "META-INF/manifest.xml", path, limit=1 << 22)
        if b"encryption-data" in manifest:
            raise InputError("password-protected or encrypted document; save it unprotected "
                             "as .odt", path=path)
    if not has_member(archive, "content.xml"):
        if has_member(archive, "word/document.xml"):
            raise InputError("this is a Word .docx file renamed .odt; rename it to .docx",
                             path=path)
        raise InputError("damaged or not an OpenDocument file: the package has no content.xml",
                         path=path)


def _blocks(container: etree._Element, out: list[str]) -> None:
    """Paragraphs and tables under ``container`` (lists, sections... are walked through)."""
    for child in container:
        tag = child.tag
        if tag in _PARAGRAPHS:
            boxes: list[etree._Element] = []
            _Paragraph(out, boxes).add(child)
            out.append("\n")
            for box in boxes:
                _blocks(box, out)
        elif tag == _TABLE_TAG:
            _table(child, out)
        elif tag not in _LEFT_OUT and isinstance(tag, str):
            _blocks(child, out)


def _table(table: etree._Element, out: list[str]) -> None:
    for child in table:
        if child.tag == _ROW_TAG:
            _row(child, out)
        elif child.tag not in _LEFT_OUT and child.tag != _TABLE_TAG:
            _table(child, out)  # header rows, row groups


def _row(row: etree._Element, out: list[str]) -> None:
    cells = [c for c in row if c.tag in _CELL_TAGS]
    for cell in cells:
        _blocks(cell, out)
        if out and out[-1] == "\n":  # the cell's last paragraph: the separator takes its place
            out[-1] = "\t"
        else:
            out.append("\t")
    if cells and out[-1] == "\t":
        out[-1] = "\n"


class _Paragraph:
    """The inline content of one paragraph, with OpenDocument white-space collapsing."""

    def __init__(self, out: list[str], boxes: list[etree._Element]) -> None:
        self.out = out
        self.boxes = boxes
        self.after_space = True  # at the start, XML white space is dropped

    def add(self, el: etree._Element) -> None:
        if el.text:
            self._xml_text(el.text)
        for child in el:
            tag = child.tag
            if tag == _SPACE:
                self._literal(" " * _count(child))
            elif tag == _TAB:
                self._literal("\t")
            elif tag == _LINE_BREAK:
                self._literal("\n")
            elif tag == _FRAME:
                self.boxes.append(child)
            elif tag not in _LEFT_OUT and isinstance(tag, str):
                self.add(child)  # spans, links, fields, change marks...
            if child.tail:
                self._xml_text(child.tail)

    def _xml_text(self, raw: str) -> None:
        text = _XML_WHITESPACE.sub(" ", raw)
        if self.after_space:
            text = text.lstrip(" ")
        if text:
            self.out.append(text)
            self.after_space = text.endswith(" ")

    def _literal(self, text: str) -> None:
        self.out.append(text)
        self.after_space = False


def _count(space: etree._Element) -> int:
    try:
        return max(1, min(int(space.get(_t("c"), "1")), 10_000))
    except ValueError:
        return 1

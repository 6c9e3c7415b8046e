"""Word .docx: the text of the document as Word shows it with all tracked changes accepted.

Only the main document part is inflated and parsed (with the safe parser), then walked once
with lxml's ``iterwalk`` restricted to the few tags that carry text or structure, so no Python
object is made per run or per paragraph. python-docx is not used for reading: it parses every
part of the package, and its ``Document.paragraphs`` misses tables, content controls and
tracked insertions; this is several times faster (see bench/import_bench.py).

What is kept: body paragraphs and tables in document order (cells joined by tab, rows by
newline, nested tables too), tabs, line/page breaks, hyperlinks, content controls, smart tags,
field results, tracked insertions and moves-to, symbols, no-break hyphens, text boxes (once,
after the paragraph that anchors them). What is dropped: tracked deletions and moves-from,
deleted table rows, field instructions, the fallback copy of alternate content, footnote and
comment marks, soft hyphens; headers, footers, notes and comments are not body text,
and hidden (w:vanish) text is kept. A paragraph whose mark was deleted joins the next, as in Word.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from qcode.errors import InputError
from qcode.importers.safexml import parse_xml
from qcode.importers.zipsafe import has_member, open_package, read_member

_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT_TYPES = ("/officeDocument",)
_DEFAULT_MAIN_PART = "word/document.xml"


def _clark(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


class _Tags:
    """Clark names of the tags the walk reacts to, for one WordprocessingML namespace."""

    def __init__(self, ns: str) -> None:
        def w(local: str) -> str:
            return _clark(ns, local)

        self.p, self.t, self.tab, self.ptab = w("p"), w("t"), w("tab"), w("ptab")
        self.br, self.cr, self.nbhyphen = w("br"), w("cr"), w("noBreakHyphen")
        self.sym, self.sym_char, self.sym_font = w("sym"), w("char"), w("font")
        self.tc, self.tr, self.r, self.rpr, self.ppr = w("tc"), w("tr"), w("r"), w("rPr"), w("pPr")
        self.deleted, self.move_from, self.instr = w("del"), w("moveFrom"), w("instrText")
        self.txbx = w("txbxContent")
        self.tr_deleted = f"{w('trPr')}/{w('del')}"
        self.math_t = _clark(_MATH, "t")
        self.choice, self.fallback = _clark(_MC, "Choice"), _clark(_MC, "Fallback")
        self.walked = (
            self.p, self.t, self.tab, self.ptab, self.br, self.cr, self.nbhyphen, self.sym,
            self.tc, self.tr, self.deleted, self.move_from, self.instr, self.txbx,
            self.math_t, self.choice, self.fallback,
        )
        self.text_tags = frozenset({self.t, self.math_t})
        self.skipped = frozenset({self.instr, self.fallback})
        self.removed = frozenset({self.deleted, self.move_from})
        self.literal = {self.tab: "\t", self.ptab: "\t", self.br: "\n", self.cr: "\n",
                        self.nbhyphen: "-"}


_TAGS = {ns: _Tags(ns) for ns in (_TRANSITIONAL, _STRICT)}


def read_docx(data: bytes, path: Path) -> str:
    """The text of the .docx in ``data``; raises InputError naming ``path`` and the cause."""
    archive = open_package(data, path, ".docx")
    with archive:
        part = _main_part_name(archive, path)
        root = parse_xml(read_member(archive, part, path), path, part)
    ns = etree.QName(root).namespace
    tags = _TAGS.get(ns or "")
    if tags is None:
        raise InputError(f"damaged file: {part} is not a Word document body", path=path)
    text = _walk_text(root, tags)
    if not text.strip():
        raise InputError("the document has no text (only images or empty pages?)", path=path)
    return text


def _main_part_name(archive: zipfile.ZipFile, path: Path) -> str:
    """The main document part named by the package relationships (usually word/document.xml)."""
    if has_member(archive, "_rels/.rels"):
        rels = parse_xml(read_member(archive, "_rels/.rels", path, limit=1 << 20), path,
                         "_rels/.rels")
        for rel in rels.iter(_clark(_PKG_RELS, "Relationship")):
            if rel.get("Type", "").endswith(_OFFICE_DOCUMENT_TYPES):
                target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
                if has_member(archive, target):
                    return target
    if has_member(archive, _DEFAULT_MAIN_PART):
        return _DEFAULT_MAIN_PART
    if has_member(archive, "content.xml"):
        raise InputError("this is an OpenDocument file renamed .docx; rename it to .odt",
                         path=path)
    raise InputError("damaged or not a Word file: the package has no word/document.xml",
                     path=path)


def _walk_text(root: etree._Element, tags: _Tags) -> str:
    out: list[str] = []
    _walk_into(root, tags, out)
    return "".join(out)


def _walk_into(root: etree._Element, tags: _Tags, out: list[str]) -> None:
    """Append the text under ``root`` to ``out``: one pass, reacting only to ``tags.walked``."""
    append = out.append
    text_tags, literal, skipped, removed = tags.text_tags, tags.literal, tags.skipped, tags.removed
    p_tag, tc_tag, tr_tag = tags.p, tags.tc, tags.tr
    pending_boxes: list[etree._Element] = []
    mark_deleted = False
    walker = etree.iterwalk(root, events=("start", "end"), tag=tags.walked)
    for event, el in walker:
        tag = el.tag
        if event == "end":
            if tag == p_tag:
                if not mark_deleted:
                    append("\n")
                mark_deleted = False
                if pending_boxes:
                    _walk_boxes(pending_boxes, tags, out)
                    pending_boxes = []
            elif tag == tc_tag:
                _end_cell(out)
            elif tag == tr_tag:
                _end_row(out)
            continue
        if tag in text_tags:
            if el.text:
                append(el.text)
        elif tag in literal:
            if tag != tags.tab or el.getparent().tag == tags.r:  # not a tab stop in w:pPr
                append(literal[tag])
        elif tag in skipped:
            walker.skip_subtree()
        elif tag in removed:
            walker.skip_subtree()
            mark_deleted = mark_deleted or _is_paragraph_mark(el, tags)
        elif tag == tr_tag:
            if el.find(tags.tr_deleted) is not None:
                walker.skip_subtree()
        elif tag == tags.txbx:
            walker.skip_subtree()
            pending_boxes.append(el)
        elif tag == tags.sym:
            append(_symbol(el, tags))
        elif tag == tags.choice:
            previous = el.getprevious()
            if previous is not None and previous.tag == tags.choice:
                walker.skip_subtree()  # only the first alternative
    _walk_boxes(pending_boxes, tags, out)  # boxes outside any paragraph (should not happen)


def _walk_boxes(boxes: list[etree._Element], tags: _Tags, out: list[str]) -> None:
    """The paragraphs of text boxes (w:txbxContent), which may hold boxes in turn."""
    for box in boxes:
        for block in box:
            _walk_into(block, tags, out)


def _is_paragraph_mark(deleted: etree._Element, tags: _Tags) -> bool:
    """Whether this w:del (or w:moveFrom) marks the paragraph mark itself as gone."""
    parent = deleted.getparent()
    if parent is None or parent.tag != tags.rpr:
        return False
    grandparent = parent.getparent()
    return grandparent is not None and grandparent.tag == tags.ppr


def _end_cell(out: list[str]) -> None:
    # A cell's last paragraph ended with "\n": the cell separator takes its place.
    if out and out[-1] == "\n":
        out[-1] = "\t"
    else:
        out.append("\t")


def _end_row(out: list[str]) -> None:
    if out and out[-1] == "\t":
        out[-1] = "\n"
    else:
        out.append("\n")


def _symbol(el: etree._Element, tags: _Tags) -> str:
    """The character of a w:sym: Unicode as is; Symbol-font codes (F0xx) mapped where known."""
    try:
        code = int(el.get(tags.sym_char, ""), 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF and el.get(tags.sym_font, "").lower() == "symbol":
        return _SYMBOL_FONT.get(code - 0xF000, chr(code - 0xF000))
    try:
        return chr(code)
    except (ValueError, OverflowError):
        return ""


# The Symbol font draws Greek and mathematical signs at Latin code points.
_SYMBOL_FONT: dict[int, str] = {
    **{ord(a): g for a, g in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ",
                                 strict=True)},
    **{ord(a): g for a, g in zip("abcdefghijklmnopqrstuvwxyz", "αβχδεφγηιϕκλμνοπθρστυϖωξψζ",
                                 strict=True)},
    0x22: "∀", 0x24: "∃", 0x2A: "∗", 0x2D: "−", 0x40: "≅", 0xA3: "≤", 0xA5: "∞", 0xAC: "←",
    0xAD: "↑", 0xAE: "→", 0xAF: "↓", 0xB0: "°", 0xB1: "±", 0xB3: "≥", 0xB4: "×", 0xB7: "•",
    0xB8: "÷", 0xB9: "≠", 0xBB: "≈", 0xD6: "√", 0xE5: "∑", 0xF2: "∫",
}

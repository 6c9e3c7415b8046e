"""Word .docx: the text of the document as Word shows it with all tracked changes accepted.

Only the main document part is read: inflated and parsed as a stream (the safe settings of
:mod:`qcode.importers.xmlstream`), with lxml's ``iterparse`` restricted to the few tags that
carry text or structure; each paragraph and table row is freed once read, so a 190 MB part never
stands in memory whole, as bytes or as a tree. python-docx is not used for reading: it parses
every part of the package, and its ``Document.paragraphs`` misses tables, content controls and
tracked insertions (see bench/import_bench.py for both floors).

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
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from qcode.errors import InputError
from qcode.importers.safexml import parse_xml
from qcode.importers.xmlstream import stream_xml
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
        self.txbx, self.trpr, self.document = w("txbxContent"), w("trPr"), w("document")
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
_ALL_WALKED = tuple(dict.fromkeys(
    tag for tags in _TAGS.values() for tag in (tags.document, *tags.walked)))


def read_docx(data: bytes, path: Path) -> str:
    """The text of the .docx in ``data`` (trailing white space dropped); raises InputError
    naming ``path`` and the cause."""
    archive = open_package(data, path, ".docx")
    with archive:
        part = _main_part_name(archive, path)
        text = stream_xml(archive, part, path, _ALL_WALKED,
                          lambda events: _TextWalk(events, part, path).text())
    if not text or text.isspace():  # (strip() would copy a long text)
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


class _Output:
    """Where text goes: the body, or a text box whose text waits for its anchor paragraph."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.done: list[str] = []  # joined runs of parts, to keep few small strings alive
        self.mark_deleted = False
        self.boxes: list[str] = []  # text of boxes anchored in the open paragraph
        self.rows: list[list] = []  # [start index in parts, deleted] of each open table row

    def end_paragraph(self) -> None:
        parts = self.parts
        if not self.mark_deleted:
            parts.append("\n")
        self.mark_deleted = False
        if self.boxes:
            parts.extend(self.boxes)
            self.boxes = []
        if len(parts) > 4096 and not self.rows:
            self.done.append("".join(parts))
            parts.clear()

    def end_cell(self) -> None:
        # A cell's last paragraph ended with "\n": the cell separator takes its place.
        parts = self.parts
        if parts and parts[-1] == "\n":
            parts[-1] = "\t"
        else:
            parts.append("\t")

    def end_row(self) -> None:
        start, deleted = self.rows.pop()
        parts = self.parts
        if deleted:
            del parts[start:]
        elif parts and parts[-1] == "\t":
            parts[-1] = "\n"
        else:
            parts.append("\n")

    def text(self, *, final: bool = True) -> str:
        """All text written here; the body's (``final``) without trailing white space."""
        self.parts.extend(self.boxes)  # boxes outside any paragraph (should not happen)
        done = self.done
        done.append("".join(self.parts))
        self.parts.clear()
        # Trailing white space goes here, before the join: normalisation would drop it by
        # copying the whole text (twice the memory of a 100 MB text at once).
        while final and len(done) > 1 and not done[-1].strip():
            done.pop()
        if final:
            done[-1] = done[-1].rstrip()
        return "".join(done)


class _TextWalk:
    """One pass over the streamed events of a document part, freeing each paragraph and row
    once read (so memory holds the text, not the tree)."""

    def __init__(self, events: Iterable[tuple[str, etree._Element]], part: str, path: Path
                 ) -> None:
        self.events, self.part, self.path = iter(events), part, path

    def _tags(self) -> _Tags:
        first = next(self.events, None)
        tags = None if first is None else _TAGS.get(etree.QName(first[1]).namespace or "")
        if tags is None or first is None or first[1].tag != tags.document:
            raise InputError(f"damaged file: {self.part} is not a Word document body",
                             path=self.path)
        return tags

    def text(self) -> str:
        tags = self._tags()
        t_tag, p_tag, tc_tag, tr_tag, txbx_tag = tags.t, tags.p, tags.tc, tags.tr, tags.txbx
        outputs = [_Output()]
        out = outputs[0]
        append = out.parts.append
        skipping: etree._Element | None = None
        for event, el in self.events:
            if skipping is not None:
                if el is skipping and event == "end":
                    skipping = None
                continue
            tag = el.tag
            if tag == t_tag:  # most events by far: the runs' text, tested first
                if event == "end":
                    text = el.text
                    if text:
                        append(text)
            elif event == "end":
                if tag == p_tag:
                    out.end_paragraph()
                    _free(el)
                elif tag == tc_tag:
                    out.end_cell()
                elif tag == tr_tag:
                    out.end_row()
                    _free(el)
                elif tag == tags.math_t:
                    if el.text:
                        append(el.text)
                elif tag == txbx_tag:
                    box = outputs.pop()
                    out = outputs[-1]
                    append = out.parts.append
                    out.boxes.append(box.text(final=False))
            elif tag == txbx_tag:
                out = _Output()
                append = out.parts.append
                outputs.append(out)
            elif tag != p_tag and tag != tc_tag:
                skipping = self._start(tag, el, tags, out)
        return outputs[0].text()

    @staticmethod
    def _start(tag: str, el: etree._Element, tags: _Tags, out: _Output
               ) -> etree._Element | None:
        """React to the start of a less common element; the element whose content is to be
        passed over, if any."""
        if tag in tags.literal:
            if tag != tags.tab or el.getparent().tag == tags.r:  # not a tab stop in w:pPr
                out.parts.append(tags.literal[tag])
        elif tag in tags.skipped:
            return el
        elif tag in tags.removed:
            if _is_row_mark(el, tags):
                if out.rows:
                    out.rows[-1][1] = True
            else:
                out.mark_deleted = out.mark_deleted or _is_paragraph_mark(el, tags)
            return el
        elif tag == tags.tr:
            out.rows.append([len(out.parts), False])
        elif tag == tags.sym:
            out.parts.append(_symbol(el, tags))
        elif tag == tags.choice:
            previous = el.getprevious()
            if previous is not None and previous.tag == tags.choice:
                return el  # only the first alternative
        return None


def _free(el: etree._Element) -> None:
    """Drop a finished paragraph or row and the finished blocks before it."""
    el.clear(keep_tail=False)
    while el.getprevious() is not None:
        del el.getparent()[0]


def _is_row_mark(deleted: etree._Element, tags: _Tags) -> bool:
    """Whether this w:del marks a whole table row deleted (w:tr/w:trPr/w:del)."""
    return _sits_in(deleted, tags.trpr, tags.tr)


def _is_paragraph_mark(deleted: etree._Element, tags: _Tags) -> bool:
    """Whether this w:del (or w:moveFrom) marks the paragraph mark itself as gone."""
    return _sits_in(deleted, tags.rpr, tags.ppr)


def _sits_in(el: etree._Element, parent_tag: str, grandparent_tag: str) -> bool:
    """Whether ``el``'s parent has ``parent_tag`` and that parent's parent ``grandparent_tag``."""
    parent = el.getparent()
    if parent is None or parent.tag != parent_tag:
        return False
    grandparent = parent.getparent()
    return grandparent is not None and grandparent.tag == grandparent_tag


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

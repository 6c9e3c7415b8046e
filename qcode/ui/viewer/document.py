"""Building the QTextDocument of an open transcript, and tinting its codings as they come into
view.

What changes where lines break is set for the whole text before Qt lays it out: each
paragraph's direction, line height and spacing, and the bold speaker labels. The coding tints
(a background and, for overlaps, an underline) never move a line, so they are set only on the
paragraphs that are shown (:class:`LazyTints`): opening a 200,000-character transcript with
3,000 codings tints the forty or so paragraphs on screen, not all of them, and a paragraph
scrolled into view is tinted just before it is painted. Tints live in the document itself
(character formats set with one QTextCursor in one edit block), so what a cursor reads is what
is painted; a QSyntaxHighlighter would call back into Python for every paragraph of the
document when it is set.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument

from qcode.ui.viewer.formats import FormatCache
from qcode.ui.viewer.model import DocumentModel

#: line height in percent of the font's, and space after each paragraph in pixels
LINE_HEIGHT = 125
PARAGRAPH_SPACING = 5.0


def _block_format(direction: Qt.LayoutDirection) -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    fmt.setLayoutDirection(direction)
    fmt.setLineHeight(LINE_HEIGHT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    fmt.setBottomMargin(PARAGRAPH_SPACING)
    return fmt


def build_document(model: DocumentModel, font: QFont, formats: FormatCache) -> QTextDocument:
    """The transcript as a read-only document: each paragraph laid out in its own direction
    (see :meth:`DocumentModel.paragraph_directions`), speaker labels bold. Codings are not
    tinted yet: :class:`LazyTints` does that for the paragraphs shown."""
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    doc.setDefaultFont(font)
    doc.setPlainText(model.text)
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    _set_directions(cursor, doc, model.paragraph_directions())
    to_utf16 = model.offsets.to_utf16
    bold = formats.get((), True)
    for start, end in model.labels:
        cursor.setPosition(to_utf16(start))
        cursor.setPosition(to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(bold)
    cursor.endEditBlock()
    return doc


def _set_directions(cursor: QTextCursor, doc: QTextDocument, directions: list[str]) -> None:
    """Every paragraph left to right in one call, then each stretch of right-to-left ones."""
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.setBlockFormat(_block_format(Qt.LayoutDirection.LeftToRight))
    rtl = _block_format(Qt.LayoutDirection.RightToLeft)
    block, number, count = doc.begin(), 0, len(directions)
    while number < count:
        if directions[number] != "rtl":
            block, number = block.next(), number + 1
            continue
        cursor.setPosition(block.position())
        while number + 1 < count and directions[number + 1] == "rtl":
            block, number = block.next(), number + 1
        cursor.setPosition(block.position(), QTextCursor.MoveMode.KeepAnchor)
        cursor.setBlockFormat(rtl)
        block, number = block.next(), number + 1


def apply_runs(cursor: QTextCursor, model: DocumentModel, formats: FormatCache, lo: int, hi: int,
               *, fresh: bool = False) -> None:
    """Give [lo, hi) (code points) the look of its runs. ``fresh``: the text has only its
    speaker labels yet, so runs without codes are skipped."""
    to_utf16 = model.offsets.to_utf16
    plain = QTextCharFormat()
    for run in model.runs(lo, hi):
        if run.codes:
            fmt = formats.get(tuple(model.colour_of(c) for c in run.codes), run.bold)
        elif fresh:
            continue
        else:
            fmt = formats.get((), True) if run.bold else plain
        cursor.setPosition(to_utf16(run.start))
        cursor.setPosition(to_utf16(run.end), QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(fmt)


class LazyTints:
    """Tints the codings of the paragraphs that are shown, each paragraph once; after a change
    only the tinted paragraphs it touches are tinted again (the others still wait)."""

    def __init__(self, doc: QTextDocument, model: DocumentModel, formats: FormatCache) -> None:
        self.doc = doc
        self.model = model
        self.formats = formats
        self._tinted = bytearray(len(model.block_starts))

    def is_tinted(self, block: int) -> bool:
        return bool(self._tinted[block])

    def show(self, first: int, last: int) -> bool:
        """Tint paragraphs first..last that are not yet; True if any was."""
        todo = [b for b in range(max(first, 0), min(last, len(self._tinted) - 1) + 1)
                if not self._tinted[b]]
        if not todo:
            return False
        self._apply(todo, fresh=True)
        return True

    def restyle(self, lo: int, hi: int) -> None:
        """Codings in [lo, hi) (code points) changed: re-tint the tinted paragraphs there."""
        model = self.model
        last = model.block_of(max(lo, hi - 1))
        todo = [b for b in range(model.block_of(lo), last + 1) if self._tinted[b]]
        if todo:
            self._apply(todo, fresh=False)

    def set_formats(self, formats: FormatCache) -> None:
        """A new page colour: re-tint every tinted paragraph with it."""
        self.formats = formats
        self._apply([b for b, done in enumerate(self._tinted) if done], fresh=False)

    def _apply(self, blocks: list[int], *, fresh: bool) -> None:
        """One edit block (one relayout) for all ``blocks``, runs cut per stretch of
        consecutive paragraphs."""
        model = self.model
        cursor = QTextCursor(self.doc)
        cursor.beginEditBlock()
        for first, last in _stretches(blocks):
            apply_runs(cursor, model, self.formats, model.block_span(first)[0],
                       model.block_span(last)[1], fresh=fresh)
            self._tinted[first:last + 1] = b"\x01" * (last - first + 1)
        cursor.endEditBlock()


def _stretches(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as (first, last) of each run of consecutive ones."""
    out: list[tuple[int, int]] = []
    for n in numbers:
        if out and out[-1][1] == n - 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out

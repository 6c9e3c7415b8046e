"""Building the QTextDocument of an open transcript and restyling it after a coding change.

Measured on a 200,000-character transcript with 3,000 codings (bench/workspace_bench.py):
character formats set with one QTextCursor inside one edit block cost about 25 ms for the whole
document, while a QSyntaxHighlighter calling back into Python for every paragraph cost about
175 ms, so formats live in the document itself. The document is built and styled before it is
given to the editor, so Qt lays it out once, styled.
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
    (see :meth:`DocumentModel.paragraph_directions`), speaker labels bold, codings tinted."""
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    doc.setDefaultFont(font)
    doc.setPlainText(model.text)
    ltr = _block_format(Qt.LayoutDirection.LeftToRight)
    rtl = _block_format(Qt.LayoutDirection.RightToLeft)
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    block = doc.begin()
    for direction in model.paragraph_directions():
        cursor.setPosition(block.position())
        cursor.setBlockFormat(rtl if direction == "rtl" else ltr)
        block = block.next()
    apply_runs(cursor, model, formats, 0, len(model.text), fresh=True)
    cursor.endEditBlock()
    return doc


def apply_runs(cursor: QTextCursor, model: DocumentModel, formats: FormatCache, lo: int, hi: int,
               *, fresh: bool = False) -> None:
    """Give [lo, hi) (code points) the look of its runs. ``fresh``: the text has no formats
    yet, so plain runs are skipped."""
    to_utf16 = model.offsets.to_utf16
    plain = QTextCharFormat()
    for run in model.runs(lo, hi):
        if run.codes or run.bold:
            fmt = formats.get(tuple(model.colour_of(c) for c in run.codes), run.bold)
        elif fresh:
            continue
        else:
            fmt = plain
        cursor.setPosition(to_utf16(run.start))
        cursor.setPosition(to_utf16(run.end), QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(fmt)


def restyle(doc: QTextDocument, model: DocumentModel, formats: FormatCache, lo: int,
            hi: int) -> None:
    """Restyle [lo, hi) after codings there changed, in one edit block; cursors, selection and
    scroll position are left alone."""
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    apply_runs(cursor, model, formats, lo, hi)
    cursor.endEditBlock()

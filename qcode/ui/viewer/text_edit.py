"""The read-only text area of the viewer: selection in code points, drag-out, word snapping.

Qt positions are UTF-16; every conversion goes through the open document's
:class:`qcode.offsets.OffsetMap` (``model.offsets``). Before the text area shows another part
of the document (scrolled, resized, painted) it has the paragraphs that come into view tinted
(:class:`qcode.ui.viewer.document.LazyTints`).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QContextMenuEvent,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QTextEdit, QToolTip, QWidget

from qcode.ui.viewer.document import LazyTints
from qcode.ui.viewer.model import DocumentModel
from qcode.ui.viewer.textops import snap_to_words

#: drag payload: JSON {"document_id": int, "start": int, "end": int} (code points)
SELECTION_MIME = "application/x-qcode-selection"
#: what the viewer says with no document open, and with one open that has no text
NO_DOCUMENT = "Open a document to read and code it."
NO_TEXT = "This document has no text."


class CodingTextEdit(QTextEdit):
    """Shows one transcript; users select (mouse or keyboard), drag, right-click."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: DocumentModel | None = None
        #: tints the codings of paragraphs as they come into view (set with the document)
        self.tints: LazyTints | None = None
        self._top_hint = 0  # the first paragraph on screen when last asked
        self.snap_words = False
        #: builds the context menu for a viewport position (set by the viewer)
        self.menu_factory: Callable[[QPoint], QMenu] | None = None
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setAcceptDrops(False)
        self.setUndoRedoEnabled(False)
        self.setPlaceholderText(NO_DOCUMENT)

    # -- positions -------------------------------------------------------------------------------

    def selection_cp(self) -> tuple[int, int] | None:
        """The selection as code points [start, end), or None when nothing is selected."""
        cursor = self.textCursor()
        if self.model is None or not cursor.hasSelection():
            return None
        offsets = self.model.offsets
        return (offsets.from_utf16(cursor.selectionStart()),
                offsets.from_utf16(cursor.selectionEnd()))

    def select_cp(self, start: int, end: int, *, reverse: bool = False) -> None:
        """Select [start, end) (code points); ``reverse`` puts the cursor at the start."""
        if self.model is None:
            return
        to_utf16 = self.model.offsets.to_utf16
        anchor, position = (end, start) if reverse else (start, end)
        cursor = self.textCursor()
        cursor.setPosition(to_utf16(anchor))
        cursor.setPosition(to_utf16(position), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def cp_at(self, pos: QPoint) -> int | None:
        """Code point under viewport position ``pos``, or None when not over text."""
        if self.model is None:
            return None
        point = pos + QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        u16 = self.document().documentLayout().hitTest(point, Qt.HitTestAccuracy.ExactHit)
        if u16 < 0 or u16 >= self.model.offsets.utf16_length:
            return None
        return self.model.offsets.from_utf16(u16)

    def centre_on_cp(self, cp: int) -> None:
        """Scroll so that code point ``cp`` is in the middle of the view."""
        if self.model is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.model.offsets.to_utf16(cp))
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - self.viewport().height() // 2)

    def setDocument(self, document: QTextDocument) -> None:
        self._top_hint = 0
        super().setDocument(document)

    # -- what is on screen -----------------------------------------------------------------------

    def visible_blocks(self) -> list[tuple[QTextBlock, float, float]]:
        """(block, top, bottom) in document coordinates of every paragraph on screen."""
        layout = self.document().documentLayout()
        scroll = self.verticalScrollBar().value()
        bottom_of_view = scroll + self.viewport().height()
        block = self._first_block_reaching(scroll)
        out = []
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            if rect.top() > bottom_of_view:
                break
            if rect.bottom() >= scroll:
                out.append((block, rect.top(), rect.bottom()))
            block = block.next()
        return out

    def _first_block_reaching(self, y: float) -> QTextBlock:
        """The first paragraph whose bottom is at or below document y.

        Qt's hit test gives the start when the paragraph it names is laid out and at y;
        otherwise the paragraph found last time does, and the walk to the right neighbour is
        as long as the scroll since. While Qt lays a long document out in the background its
        hit test answers the top of the page with a paragraph hundreds of lines down, and
        asking where that paragraph is would make Qt lay out everything before it at once
        (as would a bisection over all paragraphs).
        """
        doc = self.document()
        layout = doc.documentLayout()
        block = doc.findBlock(max(0, layout.hitTest(QPointF(0, y), Qt.HitTestAccuracy.FuzzyHit)))
        laid_out = block.isValid() and block.layout().lineCount() > 0
        if not laid_out or not (layout.blockBoundingRect(block).top() <= y
                                <= layout.blockBoundingRect(block).bottom()):
            block = doc.findBlockByNumber(min(self._top_hint, doc.blockCount() - 1))
        above = block.previous()
        while above.isValid() and layout.blockBoundingRect(above).bottom() >= y:
            block, above = above, above.previous()
        while block.next().isValid() and layout.blockBoundingRect(block).bottom() < y:
            block = block.next()
        self._top_hint = block.blockNumber()
        return block

    def tint_visible(self) -> None:
        """Tint the paragraphs on screen that are not yet."""
        if self.tints is None or self.tints.doc is not self.document():
            return
        blocks = self.visible_blocks()
        if blocks:
            self.tints.show(blocks[0][0].blockNumber(), blocks[-1][0].blockNumber())

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.tint_visible()
        super().scrollContentsBy(dx, dy)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.tint_visible()

    def paintEvent(self, event: QPaintEvent) -> None:
        self.tint_visible()  # usually done already, on scrolling or opening
        super().paintEvent(event)

    # -- word snapping ---------------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self.snap_words and event.button() == Qt.MouseButton.LeftButton:
            self.snap_selection()

    def snap_selection(self) -> None:
        """Widen the selection to whole words (and drop white space at its ends)."""
        span = self.selection_cp()
        if span is None or self.model is None:
            return
        start, end = snap_to_words(self.model.text, *span)
        if (start, end) != span:
            cursor = self.textCursor()
            reverse = cursor.position() < cursor.anchor()
            self.select_cp(start, end, reverse=reverse)

    # -- drag out --------------------------------------------------------------------------------

    def createMimeDataFromSelection(self) -> QMimeData:
        mime = super().createMimeDataFromSelection()
        span = self.selection_cp()
        if span is not None and self.model is not None:
            payload = {"document_id": self.model.doc.id, "start": span[0], "end": span[1]}
            mime.setData(SELECTION_MIME, json.dumps(payload).encode("utf-8"))
            mime.setText(self.model.text[span[0]:span[1]])
        return mime

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # read-only: nothing drops in
        return False

    # -- menu and tooltips -----------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.menu_factory is None:
            super().contextMenuEvent(event)
            return
        menu = self.menu_factory(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.model is not None:
            cp = self.cp_at(event.pos())
            codings = self.model.codings_at(cp) if cp is not None else []
            if codings:
                lines = "<br>".join(f"<b>{html.escape(c.code_path)}</b> ({html.escape(c.coder)})"
                                    for c in codings)
                QToolTip.showText(event.globalPos(), lines, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

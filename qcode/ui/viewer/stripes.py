"""The coding-stripes margin: beside each line, a bar for each code covering it.

Each code keeps one column (see :mod:`qcode.ui.viewer.stripe_columns`), so a coding running
over many lines reads as one unbroken bar and a code's bars line up down the document. Only
the paragraphs on screen are measured and painted. Hover on a bar shows the code path, coder
and memo; a click selects the coding's text.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QTextBlock
from PySide6.QtWidgets import QToolTip, QWidget

from qcode.browse.codings import CodingInfo
from qcode.ui.viewer.text_edit import CodingTextEdit

BAR_WIDTH = 5
BAR_GAP = 2
PADDING = 4
MIN_COLUMNS = 3
MAX_COLUMNS = 12
MEMO_PREVIEW = 300


class StripesMargin(QWidget):
    """Sits in the editor's left viewport margin; its width is fixed when a document opens so
    that coding never rewraps the text."""

    coding_clicked = Signal(int)

    def __init__(self, editor: CodingTextEdit) -> None:
        super().__init__(editor)
        self.editor = editor
        self.setMouseTracking(True)
        self.setAutoFillBackground(False)
        self._columns_room = MIN_COLUMNS
        editor.verticalScrollBar().valueChanged.connect(self.update)
        editor.installEventFilter(self)
        self.fit_columns(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.Resize:
            self.place()
        return False

    # -- size ------------------------------------------------------------------------------------

    def fit_columns(self, columns: int) -> None:
        """Make room for ``columns`` columns and a couple more (called when a document opens)."""
        self._columns_room = max(MIN_COLUMNS, min(MAX_COLUMNS, columns + 2))
        width = 2 * PADDING + self._columns_room * (BAR_WIDTH + BAR_GAP)
        self.editor.setViewportMargins(width, 0, 0, 0)
        self.setFixedWidth(width)
        self.place()

    def place(self) -> None:
        rect = self.editor.contentsRect()
        self.setGeometry(rect.left(), rect.top(), self.width(), rect.height())

    def _step(self) -> float:
        """Horizontal distance between columns: narrower when more columns than room."""
        model = self.editor.model
        columns = model.column_count if model is not None else 0
        room = self.width() - 2 * PADDING
        return min(float(BAR_WIDTH + BAR_GAP), room / max(columns, 1))

    # -- geometry --------------------------------------------------------------------------------

    def _visible_blocks(self) -> Iterator[tuple[QTextBlock, float, float]]:
        """(block, top, bottom) in margin coordinates of every paragraph on screen."""
        editor = self.editor
        layout = editor.document().documentLayout()
        scroll = editor.verticalScrollBar().value()
        height = self.height()
        block = editor.cursorForPosition(QPoint(0, 0)).block()
        if block.previous().isValid():
            block = block.previous()
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            top = rect.top() - scroll
            if top > height:
                break
            if rect.bottom() - scroll >= 0:
                yield block, top, rect.bottom() - scroll
            block = block.next()

    def bars(self) -> list[tuple[QRectF, int]]:
        """(rectangle, coding id) of every bar on screen, top to bottom."""
        model = self.editor.model
        if model is None:
            return []
        out = []
        step = self._step()
        width = max(2.0, min(float(BAR_WIDTH), step - 1))
        to_utf16 = model.offsets.to_utf16
        for block, top, bottom in self._visible_blocks():
            entries = model.block_entries(block.blockNumber())
            if not entries:
                continue
            layout = block.layout()
            base = block.position()
            origin = layout.position().y() - self.editor.verticalScrollBar().value()
            end_of_block = base + block.length() - 1
            for column, coding_id in entries:
                coding = model.codings[coding_id]
                start16, end16 = to_utf16(coding.start), to_utf16(coding.end)
                y0, y1 = self._covered(layout, start16 - base, end16 - base, origin)
                if y0 is None:
                    continue
                if start16 < base:
                    y0 = top
                if end16 > end_of_block:
                    y1 = bottom
                x = PADDING + column * step
                out.append((QRectF(x, y0, width, y1 - y0), coding_id))
        return out

    @staticmethod
    def _covered(layout, start: int, end: int, origin: float) -> tuple[float | None, float]:
        """Top and bottom of the lines of ``layout`` that [start, end) (block-relative) touches."""
        y0: float | None = None
        y1 = 0.0
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            line_start = line.textStart()
            if line_start >= end:
                break
            if line_start + max(line.textLength(), 1) > start:
                if y0 is None:
                    y0 = origin + line.y()
                y1 = origin + line.y() + line.height()
        return y0, y1

    def codings_at(self, pos: QPoint) -> list[int]:
        """Codings whose bar is under ``pos``, the shortest first (bars of one code share a
        column, so codings of that code on the same line are all there)."""
        model = self.editor.model
        point = pos.toPointF()
        hits = {cid for rect, cid in self.bars() if rect.adjusted(-1, 0, 1, 0).contains(point)}
        if model is None:
            return []
        return sorted(hits, key=lambda cid: (model.codings[cid].end - model.codings[cid].start,
                                             cid))

    def coding_at(self, pos: QPoint) -> int | None:
        hits = self.codings_at(pos)
        return hits[0] if hits else None

    def bar_rect(self, coding_id: int) -> QRect | None:
        """Where the (first on-screen piece of the) bar of a coding is, if on screen."""
        for rect, cid in self.bars():
            if cid == coding_id:
                return rect.toAlignedRect()
        return None

    # -- events ----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.Base))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(self.width() - 1, event.rect().top(), self.width() - 1,
                         event.rect().bottom())
        model = self.editor.model
        if model is None:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        for rect, coding_id in self.bars():
            painter.setBrush(QColor(model.codings[coding_id].colour))
            painter.drawRect(rect)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        coding_id = self.coding_at(event.position().toPoint())
        if coding_id is not None and event.button() == Qt.MouseButton.LeftButton:
            self.coding_clicked.emit(coding_id)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.coding_at(event.position().toPoint()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def tooltip_at(self, pos: QPoint) -> str:
        """Code path, coder and memo of each coding whose bar is at ``pos`` (rich text)."""
        model = self.editor.model
        if model is None:
            return ""
        return "<hr>".join(_describe(model.codings[cid]) for cid in self.codings_at(pos))


def _describe(coding: CodingInfo) -> str:
    parts = [f"<b>{html.escape(coding.code_path)}</b>", f"Coder: {html.escape(coding.coder)}"]
    memo = coding.memo.strip()
    if memo:
        if len(memo) > MEMO_PREVIEW:
            memo = memo[:MEMO_PREVIEW] + "…"
        parts.append(f"Memo: {html.escape(memo)}")
    return "<br>".join(parts)

"""The coding-stripes margin: beside each line, a bar for each code covering it.

Each code keeps one column (see :mod:`qcode.ui.viewer.stripe_columns`), so a coding running
over many lines reads as one unbroken bar and a code's bars line up down the document. Only
the paragraphs on screen are measured, once per layout and change of codings
(:mod:`qcode.ui.viewer.stripe_bars`), and only the bars in the strip being painted are drawn;
moving the mouse or a tooltip looks bars up by position and measures nothing. Hover on a bar
shows the code path, coder and memo; a click selects the coding's text. With the stripes by
coder, each coder's group of columns has a faint background of its own and hovering it names
the coder.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QTextBlock
from PySide6.QtWidgets import QToolTip, QWidget

from qcode.browse.codings import CodingInfo
from qcode.ui.viewer.stripe_bars import Bar, BlockBars
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
        self._cache: dict[int, BlockBars] = {}  # paragraph number -> its bars
        #: how many times a paragraph's bars were measured (they are kept until the layout or
        #: the codings change; moving the mouse or scrolling back measures nothing)
        self.measured = 0
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
        self.invalidate()

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

    def invalidate(self) -> None:
        """Another document or another width: measure every bar afresh when next needed."""
        self._cache.clear()
        self.update()

    def relaid(self, area: QRectF) -> None:
        """Qt laid out again the paragraphs in ``area`` (document coordinates): forget their
        bars. (Paragraphs that only moved are measured again because their top moved, and
        those whose codings changed because their revision did.)"""
        top, bottom = area.top(), area.bottom()
        for number in [n for n, bars in self._cache.items()
                       if bars.bottom >= top and bars.top <= bottom]:
            del self._cache[number]
        self.update()

    def _bars_of(self, block: QTextBlock, top: float, bottom: float) -> BlockBars:
        """The bars of one paragraph, measured again only when Qt lays it out again, it moves,
        or its codings change (see :meth:`relaid`)."""
        model = self.editor.model
        assert model is not None
        key = (id(model), model.block_revision(block.blockNumber()), top, bottom)
        number = block.blockNumber()
        cached = self._cache.get(number)
        if cached is None or cached.key != key:
            cached = self._cache[number] = BlockBars(key, block, model, top, bottom)
            self.measured += 1
        return cached

    def _on_screen(self) -> Iterator[tuple[BlockBars, float]]:
        """Bars of each paragraph on screen, with the scroll offset."""
        if self.editor.model is None:
            return
        scroll = self.editor.verticalScrollBar().value()
        for block, top, bottom in self.editor.visible_blocks():
            yield self._bars_of(block, top, bottom), scroll

    def _rect(self, bar: Bar, scroll: float, step: float, width: float) -> QRectF:
        return QRectF(self._left(bar, step), bar.top - scroll, width, bar.bottom - bar.top)

    def _left(self, bar: Bar, step: float) -> float:
        model = self.editor.model
        assert model is not None
        return PADDING + model.stripes.column(bar.code_id, bar.coder_id) * step

    def _bar_width(self, step: float) -> float:
        return max(2.0, min(float(BAR_WIDTH), step - 1))

    def bars(self, top: float = 0.0, bottom: float | None = None) -> list[tuple[QRectF, int]]:
        """(rectangle, coding id) of every bar between ``top`` and ``bottom`` (margin
        coordinates; the whole margin by default), top to bottom."""
        bottom = self.height() if bottom is None else bottom
        step = self._step()
        width = self._bar_width(step)
        out = []
        for bars, scroll in self._on_screen():
            for bar in bars.between(top + scroll, bottom + scroll):
                out.append((self._rect(bar, scroll, step, width), bar.coding_id))
        return out

    def codings_at(self, pos: QPoint) -> list[int]:
        """Codings whose bar is under ``pos``, the shortest first (bars of one code share a
        column, so codings of that code on the same line are all there)."""
        model = self.editor.model
        if model is None:
            return []
        step = self._step()
        width = self._bar_width(step)
        x, y = pos.x(), pos.y()
        hits = set()
        for bars, scroll in self._on_screen():
            if not bars.top <= y + scroll <= bars.bottom:
                continue
            for bar in bars.between(y + scroll, y + scroll):
                left = self._left(bar, step)
                if left - 1 <= x <= left + width + 1:
                    hits.add(bar.coding_id)
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
        area = event.rect()
        self._paint_groups(painter, area)
        brushes: dict[str, QColor] = {}
        for rect, coding_id in self.bars(area.top() - 1, area.bottom() + 1):
            colour = model.codings[coding_id].colour
            brush = brushes.get(colour)
            if brush is None:
                brush = brushes[colour] = QColor(colour)
            painter.setBrush(brush)
            painter.drawRect(rect)
        painter.end()

    def _paint_groups(self, painter: QPainter, area: QRect) -> None:
        """By coder: a faint band behind every other coder's group and a line in the empty
        column between two groups, so groups read apart."""
        model = self.editor.model
        assert model is not None
        groups = model.stripes.groups()
        if len(groups) < 2:
            return
        step = self._step()
        band = self.palette().color(QPalette.ColorRole.AlternateBase)
        for group in groups[1::2]:
            left = PADDING + group.first * step - 1
            painter.fillRect(QRectF(left, area.top(), group.width * step + 1, area.height()),
                             band)
        line = self.palette().color(QPalette.ColorRole.Mid)
        for group in groups[1:]:
            x = PADDING + (group.first - 1) * step + self._bar_width(step) / 2
            painter.fillRect(QRectF(x, area.top(), 1, area.height()), line)

    def group_name_at(self, pos: QPoint) -> str:
        """By coder: the coder whose group of columns is at ``pos`` ("" elsewhere)."""
        model = self.editor.model
        if model is None or not model.stripes.by_coder:
            return ""
        group = model.stripes.group_at((pos.x() - PADDING) / self._step())
        return model.coder_name(group.coder_id) if group is not None else ""

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
        text = "<hr>".join(_describe(model.codings[cid]) for cid in self.codings_at(pos))
        if text or not model.stripes.by_coder:
            return text
        name = self.group_name_at(pos)
        return f"Stripes of {html.escape(name)}'s codings" if name else ""


def _describe(coding: CodingInfo) -> str:
    parts = [f"<b>{html.escape(coding.code_path)}</b>", f"Coder: {html.escape(coding.coder)}"]
    memo = coding.memo.strip()
    if memo:
        if len(memo) > MEMO_PREVIEW:
            memo = memo[:MEMO_PREVIEW] + "…"
        parts.append(f"Memo: {html.escape(memo)}")
    return "<br>".join(parts)

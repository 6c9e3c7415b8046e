"""A horizontal bar chart of the most frequent words, painted in the theme's colours.

One row a word, most frequent on top: the word right-aligned in a column of labels (an Arabic
word laid out right to left, so its letters join and read in order), then a bar as long as its
count is of the first word's, then the count. As many rows as the height holds, at most
:data:`MAX_BARS`; hovering a row shows the word and its count.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette, QTextOption
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from qcode.importers.normalise import paragraph_direction

MAX_BARS = 30
ROW_GAP = 4
MARGIN = 8
LABEL_SHARE = 0.35  # of the width, at most, for the words


def is_rtl(word: str) -> bool:
    return paragraph_direction(word) == "rtl"


class WordBars(QWidget):
    """``set_words([(word, count), ...], empty_text)``: the words to draw, most frequent first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words: tuple[tuple[str, int], ...] = ()
        self.empty_text = "No words to show"
        self.setMinimumSize(220, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def set_words(self, words: Sequence[tuple[str, int]], empty_text: str | None = None) -> None:
        self.words = tuple(words[:MAX_BARS])
        if empty_text is not None:
            self.empty_text = empty_text
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(420, 20 * MAX_BARS)

    def row_height(self) -> int:
        return QFontMetrics(self.font()).height() + ROW_GAP

    def shown(self) -> tuple[tuple[str, int], ...]:
        """The words that fit the height, most frequent first."""
        fits = max(1, (self.height() - 2 * MARGIN) // self.row_height())
        return self.words[:fits]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        if not self.words:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.empty_text)
            return
        self._paint_rows(painter, palette)

    def _paint_rows(self, painter: QPainter, palette: QPalette) -> None:
        metrics = QFontMetrics(self.font())
        rows = self.shown()
        label_width = min(max(metrics.horizontalAdvance(w) for w, _ in rows) + 6,
                          int(self.width() * LABEL_SHARE))
        count_width = metrics.horizontalAdvance(f"{rows[0][1]:,}") + 8
        bar_left = MARGIN + label_width + 6
        bar_room = max(1, self.width() - bar_left - count_width - MARGIN)
        top_count = max(rows[0][1], 1)
        height = self.row_height()
        text = palette.color(QPalette.ColorRole.Text)
        bar = palette.color(QPalette.ColorRole.Highlight)
        track = palette.color(QPalette.ColorRole.AlternateBase)
        for i, (word, count) in enumerate(rows):
            y = MARGIN + i * height
            label = QRectF(MARGIN, y, label_width, height - ROW_GAP)
            painter.setPen(text)
            painter.drawText(label, metrics.elidedText(word, Qt.TextElideMode.ElideRight,
                                                       label_width), _label_option(word))
            body = QRectF(bar_left, y + 1, bar_room, height - ROW_GAP - 2)
            painter.fillRect(body, track)
            length = max(2.0, bar_room * count / top_count)
            painter.fillRect(QRectF(bar_left, y + 1, length, body.height()), bar)
            painter.setPen(text)
            painter.drawText(QRectF(bar_left + length + 4, y, count_width, height - ROW_GAP),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             f"{count:,}")

    def row_at(self, point: QPoint) -> int | None:
        row = (point.y() - MARGIN) // self.row_height()
        return row if 0 <= row < len(self.shown()) and point.y() >= MARGIN else None

    def event(self, event) -> bool:  # noqa: ANN001 - any QEvent
        if isinstance(event, QHelpEvent):
            row = self.row_at(event.pos())
            if row is None:
                QToolTip.hideText()
            else:
                word, count = self.shown()[row]
                QToolTip.showText(event.globalPos(), f"{word}: {count:,}", self)
            return True
        return super().event(event)


def _label_option(word: str) -> QTextOption:
    """Right-aligned, and laid out right to left for an Arabic word (its letters join and
    run from the right; punctuation stays on the side it belongs)."""
    option = QTextOption(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                         | Qt.AlignmentFlag.AlignAbsolute)
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if is_rtl(word)
                            else Qt.LayoutDirection.LeftToRight)
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    return option

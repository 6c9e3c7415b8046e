"""A column header with its labels written upwards, for code-by-code tables: columns stay as
narrow as their numbers, however long the code names (the full path is in the tooltip)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QHeaderView, QWidget

from qcode.ui.analysis.header_paint import draw_section_background

PAD = 6
MAX_HEIGHT = 190


class RotatedHeader(QHeaderView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setHighlightSections(True)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setDefaultSectionSize(QFontMetrics(self.font()).height() + 2 * PAD + 8)

    def _label(self, logical: int) -> tuple[str, QFont]:
        model = self.model()
        text = model.headerData(logical, Qt.Orientation.Horizontal,
                                Qt.ItemDataRole.DisplayRole) or ""
        font = model.headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole)
        return str(text), font if isinstance(font, QFont) else self.font()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.model() is None:
            return hint
        widest = max((QFontMetrics(f).horizontalAdvance(t)
                      for t, f in (self._label(i) for i in range(self.count()))), default=0)
        # In a short dock the labels give way (elided, full path in the tooltip) so that some
        # rows of numbers stay in view.
        table = self.parentWidget()
        room = max(table.height() // 2, 60) if table is not None else MAX_HEIGHT
        return QSize(hint.width(), min(widest + 2 * PAD + 2, MAX_HEIGHT, room))

    def sectionSizeFromContents(self, logical: int) -> QSize:
        return QSize(self.defaultSectionSize(), self.sizeHint().height())

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        if not rect.isValid() or self.model() is None:
            return
        selected = (self.selectionModel() is not None
                    and self.selectionModel().isColumnSelected(logical, self.rootIndex()))
        painter.save()
        draw_section_background(self, painter, rect, logical, selected)
        text, font = self._label(logical)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.translate(rect.left(), rect.bottom())
        painter.rotate(-90)
        area = QRect(PAD, 0, rect.height() - 2 * PAD, rect.width())  # rotated: x runs up
        shown = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(area, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         shown)
        painter.restore()

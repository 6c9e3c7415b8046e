"""The row header of the analysis tables: each code indented by its depth, after its colour.

A vertical header stays in place when the table scrolls sideways, so the code names remain
visible across many document columns; Qt's own header cannot indent, so this one paints the
swatch and the name itself.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QHeaderView, QWidget

from qcode.ui.analysis.header_paint import draw_section_background
from qcode.ui.analysis.heat_model import COLOUR_ROLE, DEPTH_ROLE
from qcode.ui.swatches import SIZE as SWATCH
from qcode.ui.swatches import swatch_icon

PAD = 6
INDENT = 14
GAP = 5
MAX_WIDTH = 360


class CodeHeader(QHeaderView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHighlightSections(True)
        self.setDefaultSectionSize(max(QFontMetrics(self.font()).height() + 8, SWATCH + 8))

    def _section(self, logical: int) -> tuple[str, int, str | None, QFont]:
        model = self.model()
        vertical = Qt.Orientation.Vertical
        text = model.headerData(logical, vertical, Qt.ItemDataRole.DisplayRole) or ""
        depth = model.headerData(logical, vertical, DEPTH_ROLE) or 0
        colour = model.headerData(logical, vertical, COLOUR_ROLE)
        font = model.headerData(logical, vertical, Qt.ItemDataRole.FontRole)
        return str(text), int(depth), colour, font if isinstance(font, QFont) else self.font()

    def sectionSizeFromContents(self, logical: int) -> QSize:
        size = super().sectionSizeFromContents(logical)
        if self.model() is None:
            return size
        text, depth, colour, font = self._section(logical)
        width = (2 * PAD + depth * INDENT + (SWATCH + GAP if colour else 0)
                 + QFontMetrics(font).horizontalAdvance(text) + 4)
        return QSize(min(width, MAX_WIDTH), self.defaultSectionSize())

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        if not rect.isValid() or self.model() is None:
            return
        selected = (self.highlightSections() and self.selectionModel() is not None
                    and self.selectionModel().isRowSelected(logical, self.rootIndex()))
        painter.save()
        draw_section_background(self, painter, rect, logical, selected)
        text, depth, colour, font = self._section(logical)
        x = rect.left() + PAD + depth * INDENT
        if colour:
            top = rect.top() + (rect.height() - SWATCH) // 2
            swatch_icon(colour).paint(painter, QRect(x, top, SWATCH, SWATCH))
            x += SWATCH + GAP
        area = QRect(x, rect.top(), max(rect.right() - PAD - x, 0), rect.height())
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        shown = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, area.width())
        painter.drawText(area, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         shown)
        painter.restore()

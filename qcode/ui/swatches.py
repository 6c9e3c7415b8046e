"""Small colour swatches for codes (tree decorations, picker rows), cached per colour."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

SIZE = 14


@lru_cache(maxsize=256)
def swatch_icon(colour: str, size: int = SIZE) -> QIcon:
    """A rounded square of ``colour`` with a thin darker rim (visible on light and dark)."""
    ratio = 2  # drawn at twice the size so it stays crisp on high-DPI screens
    pixmap = QPixmap(size * ratio, size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    fill = QColor(colour) if QColor.isValidColorName(colour) else QColor("#9e9e9e")
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(fill.darker(150), 1))
    painter.setBrush(fill)
    painter.drawRoundedRect(QRectF(1.5, 1.5, size - 3, size - 3), 3, 3)
    painter.end()
    icon = QIcon(pixmap)
    # the same pixmap when selected: Qt would otherwise tint it with the highlight colour,
    # and the code's colour must read the same everywhere
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon

"""What the matrix's custom headers share: a section's background, drawn by the style."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader


def draw_section_background(header: QHeaderView, painter: QPainter, rect: QRect, logical: int,
                            selected: bool) -> None:
    """The style's empty header section (pressed look when ``selected``); the caller then
    draws its own text on top."""
    option = QStyleOptionHeader()
    header.initStyleOption(option)
    option.rect = rect
    option.section = logical
    option.text = ""
    if selected:
        option.state |= QStyle.StateFlag.State_On
    header.style().drawControl(QStyle.ControlElement.CE_HeaderSection, option, painter, header)

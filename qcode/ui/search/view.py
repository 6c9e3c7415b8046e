"""The results table: keyword in context, each context cut at its far end from the hit, each
row laid out in its hit's reading direction."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from qcode.ui.search.model import (
    CODES,
    CUT_ROLE,
    DIRECTION_ROLE,
    DOCUMENT,
    HIT,
    LEFT,
    RIGHT,
    SPEAKER,
    HitsModel,
)

Index = QModelIndex | QPersistentModelIndex
#: starting widths of the columns (characters of the average width); the two contexts share
#: what is left, so the hit column stays in the middle
_WIDTHS = {DOCUMENT: 10, SPEAKER: 10, HIT: 14, CODES: 18}


class ContextDelegate(QStyledItemDelegate):
    """Draws a cell in its row's direction; a context loses its far end when it does not fit
    (the text before a hit keeps its last words, the text after its first ones)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        direction = index.data(DIRECTION_ROLE)
        if direction is not None and index.column() in (LEFT, HIT, RIGHT):
            option.direction = direction
        cut = index.data(CUT_ROLE)
        if cut == "start":
            option.textElideMode = Qt.TextElideMode.ElideLeft
        elif cut == "end":
            option.textElideMode = Qt.TextElideMode.ElideRight
        elif index.column() == HIT:
            option.textElideMode = Qt.TextElideMode.ElideMiddle


class HitsView(QTableView):
    def __init__(self, model: HitsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(ContextDelegate(self))
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setToolTip("Click a hit (or press Enter) to show it in its document")
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        char = self.fontMetrics().averageCharWidth()
        for column, chars in _WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, chars * char + 12)
        for column in (LEFT, RIGHT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

"""The word-frequency table: a thin Qt adapter over a :class:`~qcode.search.words.WordTable`.

Columns: word, count, then one per group (codes, documents or attribute values). A row keeps
its groups sparse; a cell is looked up in the row's own small mapping, made when first shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QPalette

from qcode.queries import PATH_SEP
from qcode.search.words import WordTable
from qcode.ui.segments.model import text_alignment

Index = QModelIndex | QPersistentModelIndex
NUMBER = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class WordsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table: WordTable | None = None
        self._cells: dict[int, dict[int, int]] = {}

    def set_table(self, table: WordTable | None) -> None:
        self.beginResetModel()
        self.table = table
        self._cells = {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.table is None else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.table is None else 2 + len(self.table.groups)

    def value(self, row: int, column: int) -> str | int:
        assert self.table is not None
        word = self.table.rows[row]
        if column == 0:
            return word.word
        if column == 1:
            return word.count
        cells = self._cells.get(row)
        if cells is None:
            cells = self._cells[row] = dict(word.groups)
        return cells.get(column - 2, 0)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.value(row, column)
            return f"{value:,}" if isinstance(value, int) else value
        if role == Qt.ItemDataRole.ForegroundRole and column >= 2 and not self.value(row, column):
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return text_alignment(self.table.rows[row].word) if column == 0 else NUMBER
        if role == Qt.ItemDataRole.ToolTipRole and column >= 2:
            return f"{self.table.rows[row].word} in {self.table.groups[column - 2]}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Vertical:
                return str(section + 1)
            heading = self.table.header()[section]
            if section >= 2 and self.table.options.by == "code":
                return heading.rsplit(PATH_SEP, 1)[-1]  # the code's name; its path in the tip
            return heading
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return self.table.header()[section]
        return None

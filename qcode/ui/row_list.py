"""A heading over a read-only list of rows, each row opened by double-click or Enter: the
codings behind a matrix cell (:mod:`qcode.ui.analysis.cell_list`) and the passages behind an
agreement row (:mod:`qcode.ui.team.agreement_passages`) are both listed so."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
#: the most characters of a passage a tooltip shows
MAX_TIP = 1500


def clipped(text: str, limit: int = MAX_TIP) -> str:
    """``text`` for a tooltip: at most ``limit`` characters, "…" where it was cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def is_enter(event: QEvent) -> bool:
    """A press of Return or Enter: what opens the current row of a list."""
    return (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter))


class RowsModel(QAbstractTableModel):
    """Rows under fixed column ``headers``; a subclass keeps the rows and says what each
    shows (``data``)."""

    headers: tuple[str, ...] = ()

    def rows(self) -> Sequence[Any]:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def row_at(self, index: Index) -> Any | None:
        """The row ``index`` points at; None for an invalid index or one past the rows."""
        rows = self.rows()
        return rows[index.row()] if index.isValid() and 0 <= index.row() < len(rows) else None


def list_view(model: RowsModel, widths: Iterable[tuple[int, int]]) -> QTreeView:
    """A flat, read-only view of whole rows; the ``(column, width)`` columns start at their
    width and can be resized, the last column takes the rest."""
    view = QTreeView()
    view.setModel(model)
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)
    view.setAlternatingRowColors(True)
    view.setAllColumnsShowFocus(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = view.header()
    header.setStretchLastSection(True)
    for column, width in widths:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(column, width)
    return view


class RowList(QWidget):
    """A heading saying what is listed, over the rows of ``model``; double-click or Enter on
    a row passes it to :meth:`row_activated`."""

    def __init__(self, model: RowsModel, widths: Iterable[tuple[int, int]], heading: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        model.setParent(self)
        self.model = model
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.view = list_view(model, widths)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        self.view.doubleClicked.connect(self.activate)
        self.view.installEventFilter(self)

    def row_activated(self, row: Any) -> None:
        raise NotImplementedError

    def activate(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None:
            self.row_activated(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and is_enter(event):
            self.activate(self.view.currentIndex())
            return True
        return super().eventFilter(watched, event)

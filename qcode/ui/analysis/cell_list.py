"""The codings behind the chosen cell: document, speaker, coder, code and text, in reading
order. Double-click (or Enter) shows the passage in the viewer."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
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

from qcode.browse.matrix_cells import CellSegment
from qcode.ui.segments.model import one_line, text_alignment
from qcode.ui.swatches import swatch_icon

Index = QModelIndex | QPersistentModelIndex
DOCUMENT, SPEAKER, CODER, CODE, TEXT = range(5)
HEADERS = ("Document", "Speaker", "Coder", "Code", "Text")
MAX_TIP = 1500
EMPTY_TEXT = "Click a cell to list the codings behind it; double-click one to read it in place."


class CellSegmentsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.segments: tuple[CellSegment, ...] = ()

    def set_segments(self, segments: tuple[CellSegment, ...]) -> None:
        self.beginResetModel()
        self.segments = tuple(segments)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.segments)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.segments):
            return None
        seg, column = self.segments[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (seg.document, seg.speaker or "", seg.coder, seg.code_name,
                    one_line(seg.text))[column]
        if role == Qt.ItemDataRole.DecorationRole and column == CODE:
            return swatch_icon(seg.code_colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = seg.text if len(seg.text) <= MAX_TIP else seg.text[:MAX_TIP] + "…"
            memo = f"\n\nMemo: {seg.memo}" if seg.memo.strip() else ""
            return (f"{seg.document} ({seg.start}–{seg.end}), {seg.code_name}, coded by "
                    f"{seg.coder}\n\n{text}{memo}\n\nDouble-click to read it in the document")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == TEXT:
            return text_alignment(seg.text)
        return None


class CellList(QWidget):
    """A heading saying which cell is listed, and its codings."""

    #: a coding to show in the viewer
    segment_activated = Signal(object)  # CellSegment

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CellSegmentsModel(self)
        self.heading = QLabel(EMPTY_TEXT)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setContentsMargins(4, 4, 4, 2)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.view.header()
        header.setStretchLastSection(True)
        for column, width in ((DOCUMENT, 150), (SPEAKER, 90), (CODER, 90), (CODE, 140)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)
        self.view.doubleClicked.connect(self.activate)
        self.view.installEventFilter(self)

    def show_segments(self, heading: str, segments: tuple[CellSegment, ...]) -> None:
        self.heading.setText(heading)
        self.model.set_segments(segments)

    def clear(self, heading: str = EMPTY_TEXT) -> None:
        self.show_segments(heading, ())

    def activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.segment_activated.emit(self.model.segments[index.row()])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.view and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.activate(self.view.currentIndex())
            return True
        return super().eventFilter(watched, event)

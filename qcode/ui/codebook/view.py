"""The codebook tree widget: drag and drop, Enter to apply, quick-key badges."""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QDragMoveEvent, QDropEvent, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from qcode.ui.codebook import drops
from qcode.ui.codebook.model import DOCUMENTS, HEADERS, KEY, NAME, SEGMENTS, CodebookModel

Index = QModelIndex | QPersistentModelIndex
#: Narrowest count columns, and the room beside a count's text (cell margins, a little air).
_COUNT_WIDTHS = ((SEGMENTS, 46), (DOCUMENTS, 44))
_COUNT_PADDING = 14


class KeyBadgeDelegate(QStyledItemDelegate):
    """Draws a quick key ("1".."9") as a small key-cap badge."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        text = index.data()
        if not text:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        side = min(opt.rect.height() - 4, 18)
        rect = QRectF(opt.rect.center().x() - side / 2 + 0.5,
                      opt.rect.center().y() - side / 2 + 0.5, side, side)
        palette = opt.palette
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(palette.color(QPalette.ColorRole.Button))
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


class CodebookView(QTreeView):
    """The codebook tree. ``apply_requested(code_id)``: Enter or a double-click on a code."""

    apply_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setExpandsOnDoubleClick(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setAnimated(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setItemDelegateForColumn(KEY, KeyBadgeDelegate(self))
        self.doubleClicked.connect(self._double_clicked)

    def setModel(self, model: CodebookModel) -> None:  # type: ignore[override]
        super().setModel(model)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((KEY, 32), *_COUNT_WIDTHS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(column, width)
        model.reread.connect(self.fit_counts)
        model.recounted.connect(self.fit_counts)
        self.fit_counts()

    def fit_counts(self, code_ids: tuple[int, ...] | None = None) -> None:
        """Widen the count columns to their widest text, "0 (137)" included, of every code
        (shown or collapsed), so no count is cut; never narrower than they start. With
        ``code_ids`` (only their counts changed) a column only widens to fit theirs."""
        model = self.codebook()
        cells, heading = self.fontMetrics(), self.header().fontMetrics()
        for column, least in _COUNT_WIDTHS:
            widest = max((cells.horizontalAdvance(t)
                          for t in model.count_texts(column, code_ids)), default=0)
            widest = max(widest, heading.horizontalAdvance(HEADERS[column]))
            width = max(least, widest + _COUNT_PADDING)
            if code_ids is None or width > self.columnWidth(column):
                self.setColumnWidth(column, width)

    def codebook(self) -> CodebookModel:
        model = self.model()
        assert isinstance(model, CodebookModel)
        return model

    def _double_clicked(self, index: QModelIndex) -> None:
        code_id = self.codebook().code_id(index)
        if code_id is not None:
            self.apply_requested.emit(code_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.state() != QAbstractItemView.State.EditingState:
            code_id = self.codebook().code_id(self.currentIndex())
            if code_id is not None:
                self.apply_requested.emit(code_id)
                return
        super().keyPressEvent(event)

    # Text dragged from the viewer is coded with the code under the pointer; the base class
    # would also offer "between rows" positions, which mean nothing for text.

    def dragEnterEvent(self, event: QDragMoveEvent) -> None:  # type: ignore[override]
        if event.mimeData().hasFormat(drops.SELECTION_MIME):
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(drops.SELECTION_MIME):
            index = self.indexAt(event.position().toPoint())
            if index.isValid():
                self.selectionModel().setCurrentIndex(  # a focus frame; selection unchanged
                    index.siblingAtColumn(NAME), QItemSelectionModel.SelectionFlag.NoUpdate)
                event.acceptProposedAction()
            else:
                event.ignore()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if event.mimeData().hasFormat(drops.SELECTION_MIME):
            index = self.indexAt(event.position().toPoint()).siblingAtColumn(NAME)
            if index.isValid() and self.codebook().dropMimeData(
                    event.mimeData(), Qt.DropAction.CopyAction, -1, 0, index):
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
            else:
                event.ignore()
            return
        super().dropEvent(event)

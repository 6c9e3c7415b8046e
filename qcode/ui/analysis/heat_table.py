"""The table view of a heat grid: codes down the (fixed) row header, columns across, one cell
current at a time. Choosing a cell (click, arrow keys) emits :attr:`HeatTable.cell_chosen`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QWidget

from qcode.ui.analysis.code_header import CodeHeader
from qcode.ui.analysis.grid import TOTAL, widest_cells
from qcode.ui.analysis.heat_model import HeatModel
from qcode.ui.analysis.rotated_header import RotatedHeader

MIN_COLUMN = 56
MAX_COLUMN = 170


def _bold_metrics(font: QFont) -> QFontMetrics:
    """Totals are bold: measure every cell and label as if it were (a few pixels to spare)."""
    bold = QFont(font)
    bold.setBold(True)
    return QFontMetrics(bold)


class HeatTable(QTableView):
    #: (code row or None for the total row, column or None for the total column)
    cell_chosen = Signal(object, object)

    def __init__(self, model: HeatModel, parent: QWidget | None = None, *,
                 upright_columns: bool = False) -> None:
        """``upright_columns``: column labels written upwards (code-by-code tables)."""
        super().__init__(parent)
        self.heat_model = model
        self.upright_columns = upright_columns
        self.setVerticalHeader(CodeHeader(self))
        if upright_columns:
            self.setHorizontalHeader(RotatedHeader(self))
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        header = self.horizontalHeader()
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        if not upright_columns:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setMinimumSectionSize(MIN_COLUMN)
        self._listed_current = False  # the current cell was just emitted (by currentChanged)
        model.modelReset.connect(self.fit_columns)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.clicked.connect(self._clicked)

    def fit_columns(self) -> None:
        """Columns as wide as their label or widest cell, within bounds (long names elide;
        tooltips). Measured from the grid, not cell by cell through the model: asking Qt to
        size to contents reads every cell, 80 s on a 300 x 2,000 matrix."""
        header = self.horizontalHeader()
        if self.upright_columns:
            header.updateGeometry()
            return
        grid = self.heat_model.grid
        if grid is None:
            return
        cells, labels = _bold_metrics(self.font()), _bold_metrics(header.font())
        style = self.style()
        cell_pad = 2 * style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 10
        label_pad = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header) + 8
        names = [*grid.columns, TOTAL]
        for column, text in enumerate(widest_cells(grid)):
            width = max(cells.horizontalAdvance(text) + cell_pad,
                        labels.horizontalAdvance(names[column]) + label_pad)
            header.resizeSection(column, max(MIN_COLUMN, min(width + 8, MAX_COLUMN)))
        self.verticalHeader().setMinimumWidth(0)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._listed_current = True
            self.cell_chosen.emit(*self.heat_model.cell_at(current.row(), current.column()))

    def _clicked(self, index: QModelIndex) -> None:
        # a click on the cell that is already current lists it again (after a refresh)
        just_listed, self._listed_current = self._listed_current, False
        if index.isValid() and index == self.currentIndex() and not just_listed:
            self.cell_chosen.emit(*self.heat_model.cell_at(index.row(), index.column()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.heat_model.set_palette(self.palette())

"""What the theme matrix and co-occurrence views share: options on top, a busy row with
Cancel, the heat table with the codings of the chosen cell below it, export buttons.

Counting runs on a worker thread (:class:`~qcode.ui.analysis.compute.Recomputer`); the view
recounts when its options change and, debounced, when codings, codes, documents, coders or
attributes change (a hidden view recounts when it is shown again).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QSplitter,
    QWidget,
)

from qcode.browse.matrix_cells import AnalysisChoices, CellSegment, code_colours
from qcode.errors import QcodeError
from qcode.ui.analysis.cell_list import CellList
from qcode.ui.analysis.compute import Build
from qcode.ui.analysis.counted_view import CountedView
from qcode.ui.analysis.grid import HeatGrid
from qcode.ui.analysis.heat_model import HeatModel
from qcode.ui.analysis.heat_table import HeatTable
from qcode.ui.workspace import Workspace

#: the key of the total row or column (None is a real column: "(missing)", "(no speaker)")
TOTAL_KEY = ("total",)


class AnalysisView(CountedView):
    """Subclasses set :attr:`writers` and implement the ``_``-less hooks below."""

    manifest_holds = "counting rules and filters"
    upright_columns = False  # column labels written upwards (code-by-code tables)

    def __init__(self, workspace: Workspace, options_bar: Any, build: Build,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, options_bar, build, parent)
        self.choices = AnalysisChoices()
        self._chosen: tuple[object, object] | None = None  # (row key, column key) listed
        self.model = HeatModel(self)
        self.table = HeatTable(self.model, upright_columns=self.upright_columns)
        self.cells = CellList()
        self.notice.linkActivated.connect(lambda _link: self.recompute())
        self._start()

    def body(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.cells)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([700, 220])
        split.setChildrenCollapsible(False)
        return split

    def _connect(self) -> None:
        super()._connect()
        self.table.cell_chosen.connect(self._cell_chosen)
        self.cells.segment_activated.connect(self._show_segment)

    # -- hooks ---------------------------------------------------------------------------------

    def grid_of(self, result: Any) -> HeatGrid:
        raise NotImplementedError

    def describe(self, result: Any) -> str:
        raise NotImplementedError

    def keys_of(self, result: Any) -> tuple[list[object], list[object]]:
        """Stable keys of the result's rows and columns (to keep the chosen cell)."""
        raise NotImplementedError

    def list_cell(self, row: int | None, column: int | None) -> None:
        raise NotImplementedError

    # -- counting ------------------------------------------------------------------------------

    def show_result(self, result: Any) -> None:
        if not self.exporter.busy:
            self.busy.stop()
        self.result = result
        colours = self.workspace.read(code_colours)
        self.model.set_grid(self.grid_of(result), colours)
        self.caption.setText(self.describe(result))
        self._set_exportable(True)
        self._restore_chosen(result)
        self.result_shown.emit(result)

    def _cancelled(self) -> None:
        self.busy.stop()
        self._notify("Counting was cancelled; the table may be out of date. "
                      "<a href='recount'>Count again</a>", rich=True)
        self._set_exportable(self.result is not None)

    def _notify(self, text: str | None, rich: bool = False) -> None:
        self.notice.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))

    # -- the chosen cell -----------------------------------------------------------------------

    def _cell_chosen(self, row: int | None, column: int | None) -> None:
        if self.result is None:
            return
        rows, columns = self.keys_of(self.result)
        self._chosen = (rows[row] if row is not None else TOTAL_KEY,
                        columns[column] if column is not None else TOTAL_KEY)
        try:
            self.list_cell(row, column)
        except QcodeError as exc:
            self.cells.clear(f"Cannot list this cell: {exc}")

    def _restore_chosen(self, result: Any) -> None:
        if self._chosen is None:
            self.cells.clear()
            return
        rows, columns = self.keys_of(result)
        row_key, column_key = self._chosen
        try:
            row = rows.index(row_key) if row_key != TOTAL_KEY else len(rows)
            column = columns.index(column_key) if column_key != TOTAL_KEY else len(columns)
        except ValueError:
            self._chosen = None
            self.cells.clear()
            return
        index = self.model.index(row, column)
        if not index.isValid():
            self.cells.clear()
            return
        self.table.setCurrentIndex(index)  # lists the cell again

    def _show_segment(self, segment: CellSegment) -> None:
        self.workspace.show_span(segment.document_id, segment.start, segment.end)

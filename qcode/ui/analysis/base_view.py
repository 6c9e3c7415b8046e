"""What the theme matrix and co-occurrence views share: options on top, a busy row with
Cancel, the heat table with the codings of the chosen cell below it, export buttons.

Counting runs on a worker thread (:class:`~qcode.ui.analysis.compute.Recomputer`); the view
recounts when its options change and, debounced, when codings, codes, documents, coders or
attributes change (a hidden view recounts when it is shown again).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qcode.browse.matrix_cells import AnalysisChoices, CellSegment, code_colours
from qcode.errors import QcodeError
from qcode.ui.analysis.busy import BusyBar
from qcode.ui.analysis.cell_list import CellList
from qcode.ui.analysis.compute import Build, Recomputer
from qcode.ui.analysis.counted_view import FILE_FILTERS, OPTION_DELAY_MS, CountedView
from qcode.ui.analysis.exporting import Exporter
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
        super().__init__(workspace, parent)
        self.options_bar = options_bar
        self.choices = AnalysisChoices()
        self._chosen: tuple[object, object] | None = None  # (row key, column key) listed
        self.model = HeatModel(self)
        self.table = HeatTable(self.model, upright_columns=self.upright_columns)
        self.cells = CellList()
        self.busy = BusyBar()
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.notice.linkActivated.connect(lambda _link: self.recompute())
        self.export_buttons = {suffix: QPushButton(f"Export {label}…") for suffix, label in
                               ((".csv", "CSV"), (".xlsx", "Excel"))}
        self.computer = Recomputer(workspace.reader(), build, self)
        self.exporter = Exporter(self)
        self._layout()
        self._connect()
        self.refresh_choices()
        self.recompute(0)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        for widget in self.tool_buttons():
            top.addWidget(widget)
        for suffix, button in self.export_buttons.items():
            button.setToolTip(f"Save this table as {FILE_FILTERS[suffix].split(' (')[0]}, "
                              "with a manifest of the counting rules beside it")
            button.clicked.connect(lambda _checked=False, s=suffix: self.choose_export(s))
            top.addWidget(button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.cells)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([700, 220])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.options_bar)
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)

    def _connect(self) -> None:
        self.options_bar.changed.connect(lambda: self.recompute(OPTION_DELAY_MS))
        c = self.computer
        c.started.connect(self._started)
        c.progressed.connect(self.busy.progress)
        c.finished.connect(self.show_result)
        c.failed.connect(self._failed)
        c.cancelled.connect(self._cancelled)
        self.busy.cancel_requested.connect(c.cancel)
        cancel = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        cancel.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        cancel.activated.connect(c.cancel)
        self.table.cell_chosen.connect(self._cell_chosen)
        self.cells.segment_activated.connect(self._show_segment)
        self.workspace.changed.connect(self._on_changed)
        self.exporter.started.connect(self._writing)
        self.exporter.finished.connect(self._written)
        self.exporter.failed.connect(self._write_failed)

    # -- hooks ---------------------------------------------------------------------------------

    def tool_buttons(self) -> list[QWidget]:
        """Buttons shown before the export buttons (called while the view is laid out)."""
        return []

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

    def _started(self) -> None:
        self._notify(None)
        self.busy.start()

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

    def _failed(self, message: str) -> None:
        self.busy.stop()
        self._notify(f"Could not count: {message}")
        self._set_exportable(self.result is not None)

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

"""What every counted view shares, whatever it shows (the heat tables of
:mod:`qcode.ui.analysis.base_view`, the word frequencies of :mod:`qcode.ui.words.view`):
recounting when its options or the project change (a hidden view when it is shown again),
and writing the result on screen to CSV or Excel with its manifest, off the GUI thread.

The base makes the options bar's row below it (caption, tool and export buttons), the busy
row with Cancel, the notice line, the :class:`~qcode.ui.analysis.compute.Recomputer` and the
:class:`~qcode.ui.analysis.exporting.Exporter`; a subclass makes what shows the result
(:meth:`body`), says how to notify and what a cancel says, then calls :meth:`_start`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qcode.browse.matrix_cells import analysis_choices
from qcode.changes import Changes
from qcode.errors import QcodeError
from qcode.export.manifest import Source
from qcode.ui.analysis.busy import BusyBar
from qcode.ui.analysis.compute import Build, Recomputer
from qcode.ui.analysis.exporting import Exporter
from qcode.ui.errors import show_error
from qcode.ui.workspace import Workspace

OPTION_DELAY_MS = 30
CHANGE_DELAY_MS = 400
FILE_FILTERS = {".csv": "CSV (*.csv)", ".xlsx": "Excel workbook (*.xlsx)"}


def ask_save_path(parent: QWidget, title: str, proposed: Path, suffix: str) -> Path | None:
    """The file chosen in a save dialog for ``suffix`` (.csv or .xlsx), the suffix added when
    the name lacks it; None when the dialog was cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(proposed), FILE_FILTERS[suffix])
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class CountedView(QWidget):
    """Subclasses set the class attributes below, :meth:`body`, :meth:`_notify` and
    :meth:`_cancelled`."""

    #: a new result is on screen (tests wait for it)
    result_shown = Signal(object)
    #: a file was written; the manifest's path
    exported = Signal(object)
    #: the writer of each suffix
    writers: dict[str, Any] = {}
    #: the file name the save dialog proposes, before the suffix
    file_stem = "analysis"
    #: the save dialog's title
    export_title = "Export"
    #: why nothing can be exported yet
    not_counted = "before the table is counted"
    #: what the manifest beside a written file holds (in the status message)
    manifest_holds = "counting rules"
    #: what an export button saves (in its tooltip)
    export_what = "this table"
    #: the busy row's words while counting
    counting_text = "Counting…"

    def __init__(self, workspace: Workspace, options_bar: Any, build: Build,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.options_bar = options_bar
        self.result: Any = None
        self._stale = False
        self.busy = BusyBar()
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.export_buttons = {suffix: QPushButton(f"Export {label}…") for suffix, label in
                               ((".csv", "CSV"), (".xlsx", "Excel"))}
        self.computer = Recomputer(workspace.reader(), build, self)
        self.exporter = Exporter(self)

    def _start(self) -> None:
        """Lay the view out, connect it and count for the first time (called by the
        subclass once its own widgets are made)."""
        self._layout()
        self._connect()
        self.refresh_choices()
        self.recompute(0)

    # -- hooks ---------------------------------------------------------------------------------

    def body(self) -> QWidget:
        """What shows the result, under the busy row and the notice (laid out once)."""
        raise NotImplementedError

    def tool_buttons(self) -> list[QWidget]:
        """Buttons shown before the export buttons (called while the view is laid out)."""
        return []

    def show_result(self, result: Any) -> None:
        """Put a new result on screen and emit :attr:`result_shown`."""
        raise NotImplementedError

    def _notify(self, text: str | None) -> None:
        raise NotImplementedError

    def _cancelled(self) -> None:
        raise NotImplementedError

    # -- layout --------------------------------------------------------------------------------

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        for widget in self.tool_buttons():
            top.addWidget(widget)
        for suffix, button in self.export_buttons.items():
            button.setToolTip(f"Save {self.export_what} as {FILE_FILTERS[suffix].split(' (')[0]}"
                              ", with a manifest of the counting rules beside it")
            button.clicked.connect(lambda _checked=False, s=suffix: self.choose_export(s))
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.options_bar)
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(self.notice)
        layout.addWidget(self.body(), 1)

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
        self.workspace.changed.connect(self._on_changed)
        self.exporter.started.connect(self._writing)
        self.exporter.finished.connect(self._written)
        self.exporter.failed.connect(self._write_failed)

    # -- counting ------------------------------------------------------------------------------

    def refresh_choices(self) -> None:
        self.choices = self.workspace.read(analysis_choices)
        self.options_bar.blockSignals(True)
        try:
            self.options_bar.set_choices(self.choices)
        finally:
            self.options_bar.blockSignals(False)

    def recompute(self, delay_ms: int = 0) -> None:
        try:
            options = self.options_bar.options()
        except QcodeError as exc:
            self._notify(str(exc))
            return
        self.computer.request(options, delay_ms)
        self._set_exportable(False)

    def _started(self) -> None:
        self._notify(None)
        self.busy.start(self.counting_text)

    def _failed(self, message: str) -> None:
        self.busy.stop()
        self._notify(f"Could not count: {message}")
        self._set_exportable(self.result is not None)

    def _set_exportable(self, ready: bool) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(ready and self.result is not None and not self.exporter.busy)

    def _on_changed(self, changes: Changes) -> None:
        if changes.coders or changes.attributes or changes.documents:
            self.refresh_choices()
        if (changes.codings or changes.codes or changes.codebook_tree or changes.documents
                or changes.coders or changes.attributes):
            if self.isVisible():
                self.recompute(CHANGE_DELAY_MS)
            else:
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.recompute(0)

    def dispose(self) -> None:
        """Stop counting, and wait for the workers (before the project closes)."""
        self.computer.dispose()
        self.exporter.dispose()

    # -- export --------------------------------------------------------------------------------

    def choose_export(self, suffix: str) -> None:
        folder = self.workspace.project.path.parent
        path = ask_save_path(self, self.export_title, folder / (self.file_stem + suffix), suffix)
        if path is not None:
            self.export_to(path)

    def export_to(self, path: str | Path) -> bool:
        """Start writing the result on screen to ``path`` (format from the suffix) with its
        manifest, off the GUI thread; :attr:`exported` follows. False, after showing why,
        if it cannot start."""
        path = Path(path)
        writer = self.writers.get(path.suffix.lower())
        problem = self._export_problem(path, writer)
        if problem is not None:
            show_error(self, f"{path.name}: cannot export {problem}")
            return False
        extra = {"bom": True} if path.suffix.lower() == ".csv" else {}  # Excel reads Arabic
        self.exporter.start(writer, self.result, path, Source.of(self.workspace.project),
                            **extra)
        return True

    def _export_problem(self, path: Path, writer: Any) -> str | None:
        if self.result is None:
            return self.not_counted
        if writer is None:
            return f"to {path.suffix or 'a file without suffix'} (use .csv or .xlsx)"
        if self.exporter.busy:
            return "while another file is being written"
        return None

    def _writing(self, path: Path) -> None:
        self.busy.start(f"Writing {path.name}…", cancellable=False)
        self._set_exportable(False)

    def _written(self, path: Path, manifest: Path) -> None:
        self._end_writing()
        self.workspace.message.emit(f"Wrote {path.name} ({self.manifest_holds} in "
                                    f"{manifest.name})")
        self.exported.emit(manifest)

    def _write_failed(self, message: str) -> None:
        self._end_writing()
        show_error(self, message)

    def _end_writing(self) -> None:
        if not self.computer.busy:
            self.busy.stop()
            self._set_exportable(True)

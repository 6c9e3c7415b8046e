"""The documents menu's "Re-import corrected transcript…" and "Unplaced codings…".

The file is read on a worker thread (:class:`~qcode.ui.exchange.run_dialog.RunDialog`); the
text is then replaced through the workspace, so the whole re-import is one undo step, and a
summary says which codings moved, stayed or could not be placed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from qcode.importers import SUPPORTED_SUFFIXES, ImportedDocument, read_document
from qcode.ops.reimport import ReimportSummary, count_unplaced, reimport_document
from qcode.ui.exchange.run_dialog import RunDialog, start_run
from qcode.ui.reimport.dialogs import ReimportSummaryDialog, UnplacedDialog
from qcode.ui.workspace import Workspace


class ReimportActions(QObject):
    """Re-import and unplaced codings for the one document ``selected()`` names."""

    #: the dialog just shown (summary or unplaced list), for whoever wants to follow it
    dialog_shown = Signal(object)

    def __init__(self, workspace: Workspace, view: QWidget,
                 selected: Callable[[], list[int]], names: Callable[[int], str]) -> None:
        super().__init__(view)
        self.workspace = workspace
        self.view = view
        self.selected = selected
        self.name_of = names
        self.reimport = QAction("Re-import corrected transcript…", view)
        self.reimport.triggered.connect(lambda _checked=False: self._ask_file())
        self.unplaced = QAction("Unplaced codings…", view)
        self.unplaced.triggered.connect(lambda _checked=False: self._show_unplaced())

    def add_to(self, menu: QMenu) -> None:
        """Add the actions when exactly one document is selected (the unplaced list only when
        it has any)."""
        ids = self.selected()
        if len(ids) != 1:
            return
        menu.addSeparator()
        menu.addAction(self.reimport)
        self.reimport.setEnabled(not self.workspace.project.readonly)
        if self.workspace.read(lambda s: count_unplaced(s, ids[0])):
            menu.addAction(self.unplaced)

    def _ask_file(self) -> None:
        ids = self.selected()
        if len(ids) != 1:
            return
        patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
        dialog = QFileDialog(self.view, f"Re-import {self.name_of(ids[0])}",
                             filter=f"Transcripts ({patterns})")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.reimport_file(ids[0], Path(path)))
        dialog.open()

    def reimport_file(self, document_id: int, path: Path) -> RunDialog:
        """Read ``path`` off the GUI thread, then replace the document's text with it."""
        return start_run(self.view, f"Reading {path.name}…", lambda _progress: read_document(path),
                         succeeded=lambda imported: self.replace_text(document_id, imported),
                         failed=self.workspace.error.emit, cancelled=lambda: None,
                         settled=lambda: None)

    def replace_text(self, document_id: int, imported: ImportedDocument) -> None:
        reports: list[ReimportSummary] = []
        changes = self.workspace.run(partial(reimport_document, reports=reports),
                                     document_id=document_id, imported=imported)
        if changes is None or not reports:
            return
        dialog = ReimportSummaryDialog(reports[0], document_id, self.view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.unplaced_requested.connect(self.show_unplaced)
        dialog.open()
        self.dialog_shown.emit(dialog)

    def _show_unplaced(self) -> None:
        ids = self.selected()
        if len(ids) == 1:
            self.show_unplaced(ids[0])

    def show_unplaced(self, document_id: int) -> UnplacedDialog:
        dialog = UnplacedDialog(self.workspace, document_id, self.name_of(document_id),
                                self.view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_shown.emit(dialog)
        return dialog

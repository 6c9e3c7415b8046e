"""The File menu's REFI-QDA actions and what each asks before the work starts.

Import REFI-QDA project… goes into the open project when it is writable and holds no document;
otherwise (no project open, documents already there, read-only) the user chooses where to save a
new project, which opens, and the import goes into it: a whole project never mixes into another
(the import refuses that). A failed or cancelled import leaves that new project empty and open,
ready for another try. Import REFI-QDA codebook… adds to the open project, matching codes by GUID
and then by path. The exports read the open project (read-only is fine).

Every piece of work runs in a :class:`~qcode.ui.exchange.run_dialog.RunDialog` (worker thread,
progress, Cancel); an import's changes then reach the panels through ``Workspace.record``, and a
:class:`~qcode.ui.exchange.summary.SummaryDialog` says what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.exchange.report import ExportReport, ImportReport
from qcode.models import Document
from qcode.progress import Progress
from qcode.project import SUFFIX
from qcode.ui.exchange.run_dialog import RunDialog
from qcode.ui.exchange.running import RunningActions
from qcode.ui.exchange.summary import SummaryDialog

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

QDPX_FILTER = "REFI-QDA projects (*.qdpx);;All files (*)"
QDC_FILTER = "REFI-QDA codebooks (*.qdc);;All files (*)"


def has_documents(session: Session) -> bool:
    return session.scalar(select(Document.id).limit(1)) is not None


def with_suffix(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix`` (a save dialog may hand back a name without it)."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class ExchangeActions(RunningActions):
    """The four actions, added to the File menu after ``after``; enabled as the open project
    allows. ``run`` is the work in progress, ``summary`` the last summary shown (tests)."""

    def __init__(self, window: MainWindow, file_menu: QMenu, after: QAction) -> None:
        super().__init__(window)
        self.import_project_action = self._action(
            "Import REFI-QDA &project…", self.import_project,
            "A .qdpx from NVivo, MAXQDA, ATLAS.ti, QualCoder…: into this project if it is "
            "empty, else into a new one")
        self.import_codebook_action = self._action(
            "Import REFI-QDA code&book…", self.import_codebook,
            "A .qdc: codes matched by GUID, then by path; differences are reported")
        self.export_project_action = self._action(
            "REFI-QDA &project…", self.export_project, "The whole project as a .qdpx")
        self.export_codebook_action = self._action(
            "REFI-QDA &codebook…", self.export_codebook, "The codebook as a .qdc")
        self.export_menu = QMenu("&Export", window)
        self.export_menu.addAction(self.export_project_action)
        self.export_menu.addAction(self.export_codebook_action)
        before = _action_after(file_menu, after)
        for action in (self.import_project_action, self.import_codebook_action):
            file_menu.insertAction(before, action)
        file_menu.insertMenu(before, self.export_menu)
        window.project_opened.connect(self.update_enabled)
        window.project_closed.connect(self.update_enabled)
        window.project_closing.connect(self.stop)
        self.update_enabled()

    def _action(self, text: str, slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def update_enabled(self) -> None:
        workspace = self.window.workspace
        open_ = workspace is not None
        writable = open_ and not workspace.project.readonly
        self.import_codebook_action.setEnabled(writable)
        self.export_menu.setEnabled(open_)
        for action in (self.export_project_action, self.export_codebook_action):
            action.setEnabled(open_)

    # -- the actions ---------------------------------------------------------------------------

    def import_project(self, source: Path | None = None,
                       new_project: Path | None = None) -> RunDialog | None:
        """Import a .qdpx (chosen here when None); ``new_project`` is where a new project is
        made when the open one cannot take it (asked when needed and None)."""
        source = source or self._choose_open("Import a REFI-QDA project", QDPX_FILTER)
        if source is None or self.busy():
            return None
        if not self._open_project_takes_an_import():
            target = new_project or self._choose_new_project(source)
            if target is None or not self.window.new_project_at(target):
                return None
        workspace = self.window.workspace
        assert workspace is not None
        write = workspace.writer()

        def work(progress: Progress) -> ImportReport:
            from qcode.exchange.import_qdpx import import_qdpx

            return write(lambda s: import_qdpx(s, source, progress=progress), progress)

        return self._start(f"Importing {source.name}…", work, self._imported)

    def import_codebook(self, source: Path | None = None) -> RunDialog | None:
        workspace = self.window.workspace
        if workspace is None or workspace.project.readonly or self.busy():
            return None
        source = source or self._choose_open("Import a REFI-QDA codebook", QDC_FILTER)
        if source is None:
            return None
        write = workspace.writer()

        def work(_progress: Progress) -> ImportReport:
            from qcode.exchange.qdc_import import import_qdc

            return write(lambda s: import_qdc(s, source))

        return self._start(f"Importing {source.name}…", work, self._imported)

    def export_project(self, out: Path | None = None) -> RunDialog | None:
        from qcode.exchange.export_qdpx import export_qdpx

        return self._export(out, ".qdpx", QDPX_FILTER, "Export as a REFI-QDA project",
                            export_qdpx)

    def export_codebook(self, out: Path | None = None) -> RunDialog | None:
        from qcode.exchange.qdc import export_qdc

        return self._export(out, ".qdc", QDC_FILTER, "Export the codebook as REFI-QDA",
                            export_qdc)

    def _export(self, out: Path | None, suffix: str, file_filter: str, title: str,
                export: Callable[..., ExportReport]) -> RunDialog | None:
        workspace = self.window.workspace
        if workspace is None or self.busy():
            return None
        out = out or self._choose_save(title, workspace.project.path.stem + suffix,
                                       file_filter, suffix)
        if out is None:
            return None
        read = workspace.reader()

        def work(progress: Progress) -> ExportReport:
            return read(lambda s: export(s, out, progress=progress))

        return self._start(f"Writing {out.name}…", work, self._exported)

    def _imported(self, report: ImportReport) -> None:
        workspace = self.window.workspace
        if workspace is not None:
            workspace.record(report.changes)
        self.window.statusBar().showMessage(report.line(), 15_000)
        self._show_summary(report, "REFI-QDA import")

    def _exported(self, report: ExportReport) -> None:
        self.window.statusBar().showMessage(report.line(), 15_000)
        self._show_summary(report, "REFI-QDA export")

    def _show_summary(self, report: ImportReport | ExportReport, title: str) -> None:
        self._open_summary(SummaryDialog(report, title, self.window))

    # -- asking --------------------------------------------------------------------------------

    def _open_project_takes_an_import(self) -> bool:
        workspace = self.window.workspace
        if workspace is None or workspace.project.readonly:
            return False
        return not workspace.read(has_documents)

    def _choose_new_project(self, source: Path) -> Path | None:
        workspace = self.window.workspace
        why = ("A REFI-QDA project goes into a project of its own" if workspace is None else
               f"{workspace.project.path.stem} already holds documents or is read-only: the "
               "REFI-QDA project goes into a new project")
        suggested = str(source.with_suffix(SUFFIX))
        return self._choose_save(f"{why}. Save it as", suggested,
                                 f"qcode projects (*{SUFFIX})", SUFFIX)

    def _choose_open(self, title: str, file_filter: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.window, title, "", file_filter)
        return Path(name) if name else None

    def _choose_save(self, title: str, suggested: str, file_filter: str,
                     suffix: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.window, title, suggested, file_filter)
        return with_suffix(Path(name), suffix) if name else None


def _action_after(menu: QMenu, action: QAction) -> QAction | None:
    """The menu's action that follows ``action`` (None at the end): inserting before it puts
    the new entries right after ``action``."""
    actions = menu.actions()
    index = actions.index(action) if action in actions else len(actions) - 1
    return actions[index + 1] if index + 1 < len(actions) else None

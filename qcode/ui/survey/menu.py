"""File → Import survey…: the dialog, then the import on a worker thread, then the summary.

The import is one transaction run by a :class:`~qcode.ui.exchange.run_dialog.RunDialog`
(progress, Cancel: a cancelled import leaves the project as it was). Its changes reach the
panels through ``Workspace.record``, which makes them one undo step, as an import of
transcripts is. A refused file (repeated ids, an id naming an interview…) is one line in an
error dialog; nothing was imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from qcode.changes import Changes
from qcode.ops.survey import SurveyPlan, SurveyReport, import_survey
from qcode.progress import Progress
from qcode.ui.exchange.run_dialog import RunDialog
from qcode.ui.exchange.running import RunningActions
from qcode.ui.survey.import_dialog import SurveyImportDialog
from qcode.ui.survey.summary import SurveySummaryDialog, headline

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow
    from qcode.ui.survey.attributes_dialog import AttributesByCodeDialog


class SurveyActions(RunningActions):
    """The File menu's "Import survey…", inserted after ``after``. ``dialog``, ``run`` and
    ``summary`` are what is open now (tests)."""

    def __init__(self, window: MainWindow, file_menu: QMenu, after: QAction) -> None:
        super().__init__(window)
        self.dialog: SurveyImportDialog | None = None
        self.attributes_action: QAction | None = None
        self.import_action = QAction("Import s&urvey…", window)
        self.import_action.setStatusTip("A CSV or XLSX table, one row per respondent: open "
                                        "answers become documents, closed ones attributes")
        self.import_action.triggered.connect(lambda _checked=False: self.show_dialog())
        actions = file_menu.actions()
        index = actions.index(after) + 1 if after in actions else len(actions)
        file_menu.insertAction(actions[index] if index < len(actions) else None,
                               self.import_action)
        window.project_opened.connect(self.update_enabled)
        window.project_closed.connect(self.update_enabled)
        window.project_closing.connect(self.stop)
        self.update_enabled()

    def add_analysis_entry(self, menu: QMenu) -> QAction:
        """Analysis → Attribute by code…: the theme matrix's table of an attribute by code."""
        action = QAction("&Attribute by code…", self.window)
        action.setStatusTip("For each code, the documents with and without it and how an "
                            "attribute (years, a Likert item) is spread in each group")
        action.triggered.connect(lambda _checked=False: self.show_attributes_by_code())
        menu.addAction(action)
        self.attributes_action = action
        self.update_enabled()
        return action

    def show_attributes_by_code(self) -> AttributesByCodeDialog | None:
        from qcode.ui.analysis.docks import show_analysis
        from qcode.ui.analysis.matrix_view import MatrixView

        view = show_analysis(self.window, "matrix")
        return view.show_attributes_by_code() if isinstance(view, MatrixView) else None

    def update_enabled(self) -> None:
        workspace = self.window.workspace
        self.import_action.setEnabled(workspace is not None and not workspace.project.readonly)
        if self.attributes_action is not None:
            self.attributes_action.setEnabled(workspace is not None)

    def show_dialog(self) -> SurveyImportDialog | None:
        """Open the import dialog (None without a writable project or during an import)."""
        if not self.import_action.isEnabled() or self.busy():
            return None
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        dialog = SurveyImportDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.plan_chosen.connect(self.start_import)
        dialog.destroyed.connect(lambda _=None: self._forget_dialog(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self, dialog: SurveyImportDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def start_import(self, plan: SurveyPlan) -> RunDialog | None:
        workspace = self.window.workspace
        if workspace is None or workspace.project.readonly or self.busy():
            return None
        write = workspace.writer()

        def work(progress: Progress) -> tuple[Changes, SurveyReport]:
            def run(session: object) -> tuple[Changes, SurveyReport]:
                reports: list[SurveyReport] = []
                changes = import_survey(session, plan=plan, progress=progress,  # type: ignore
                                        reports=reports)
                return changes, reports[0]

            return write(run, progress)

        return self._start(f"Importing {plan.source_name}…", work, self._imported,
                           "Survey import cancelled; nothing was changed.")

    def stop(self) -> None:
        """The project is closing: stop an import (its transaction goes) and the dialog."""
        super().stop()
        if self.dialog is not None:
            self.dialog.reject()

    def _imported(self, outcome: tuple[Changes, SurveyReport]) -> None:
        changes, report = outcome
        workspace = self.window.workspace
        if workspace is not None:
            workspace.record(changes)
        self.window.statusBar().showMessage(headline(report), 15_000)
        self._open_summary(SurveySummaryDialog(report, self.window))

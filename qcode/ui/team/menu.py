"""File → Merge project… and Analysis → Coder agreement…, enabled as the open project allows.

A merge runs in a :class:`~qcode.ui.exchange.run_dialog.RunDialog` (worker thread, progress,
Cancel) through ``Workspace.writer()``, in one transaction; its changes reach the panels and
the undo stack as one step through ``Workspace.record``, and a
:class:`~qcode.ui.team.merge_summary.MergeSummaryDialog` says what arrived. Agreement only reads
the project, so it is offered read-only too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.models import Coder
from qcode.progress import Progress
from qcode.queries import code_paths
from qcode.team.merge_report import MergeReport
from qcode.ui.bidi import isolated
from qcode.ui.exchange.run_dialog import RunDialog
from qcode.ui.exchange.running import RunningActions
from qcode.ui.team.agreement_dialog import AgreementDialog
from qcode.ui.team.merge_dialog import MergeDialog
from qcode.ui.team.merge_summary import MergeSummaryDialog

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow


def coders_and_codes(session: Session) -> tuple[list[str], list[str]]:
    """Every coder's name and every code's path, sorted (the agreement dialog's choices)."""
    coders = list(session.scalars(select(Coder.name).order_by(Coder.name)))
    return coders, sorted(code_paths(session).values(), key=str.casefold)


class TeamActions(RunningActions):
    """The two actions; ``run`` is a merge in progress, ``summary`` the last merge summary and
    ``agreement`` the agreement dialog shown (tests read them)."""

    def __init__(self, window: MainWindow, file_menu: QMenu, before: QAction | None,
                 analysis_menu: QMenu) -> None:
        super().__init__(window)
        self.agreement: AgreementDialog | None = None
        self.merge_action = QAction("&Merge project…", window)
        self.merge_action.setStatusTip("Bring other copies of this project (each analyst's "
                                       ".qcode) into it; one undo takes it back")
        self.merge_action.triggered.connect(lambda _checked=False: self.choose_merge())
        file_menu.insertAction(before, self.merge_action)
        self.agreement_action = QAction("Coder &agreement…", window)
        self.agreement_action.setStatusTip("How far coders agree, per code: percent, kappa, "
                                           "alpha")
        self.agreement_action.triggered.connect(lambda _checked=False: self.show_agreement())
        analysis_menu.addSeparator()
        analysis_menu.addAction(self.agreement_action)
        window.project_opened.connect(self.update_enabled)
        window.project_closed.connect(self.update_enabled)
        window.project_closing.connect(self.stop)
        self.update_enabled()

    def update_enabled(self) -> None:
        workspace = self.window.workspace
        self.merge_action.setEnabled(workspace is not None and not workspace.project.readonly)
        self.agreement_action.setEnabled(workspace is not None)

    # -- merge ---------------------------------------------------------------------------------

    def choose_merge(self) -> MergeDialog | None:
        workspace = self.window.workspace
        if workspace is None or workspace.project.readonly or self.busy():
            return None
        dialog = MergeDialog(workspace.project.path.name, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: dialog.choice and self.merge(
            dialog.choice.sources, dialog.choice.coder_aliases))
        dialog.open()
        return dialog

    def merge(self, sources: Sequence[Path],
              coder_aliases: Mapping[str, str] | None = None) -> RunDialog | None:
        """Merge ``sources`` into the open project on a worker thread."""
        workspace = self.window.workspace
        if workspace is None or workspace.project.readonly or self.busy():
            return None
        write = workspace.writer()
        sources, aliases = list(sources), dict(coder_aliases or {})

        def work(progress: Progress) -> MergeReport:
            from qcode.team.merge import merge_projects

            return write(lambda s: merge_projects(s, sources=sources, coder_aliases=aliases,
                                                  progress=progress), progress)

        return self._start(f"Merging {isolated([p.name for p in sources], files=True)}…",
                           work, self._merged)

    def _merged(self, report: MergeReport) -> None:
        workspace = self.window.workspace
        if workspace is not None:
            workspace.record(report.changes)
        self.window.statusBar().showMessage(report.line(), 15_000)
        self._open_summary(MergeSummaryDialog(report, self.window))

    # -- agreement -----------------------------------------------------------------------------

    def show_agreement(self) -> AgreementDialog | None:
        workspace = self.window.workspace
        if workspace is None:
            return None
        if self.agreement is not None:
            self.agreement.raise_()
            return self.agreement
        coders, codes = workspace.read(coders_and_codes)
        dialog = AgreementDialog(workspace, coders, codes, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _=None: self._forget_agreement(dialog))
        self.agreement = dialog
        dialog.show()
        return dialog

    def _forget_agreement(self, dialog: AgreementDialog) -> None:
        if self.agreement is dialog:
            self.agreement = None

    def stop(self) -> None:
        """The project is closing: stop a merge (its transaction goes) and the agreement."""
        super().stop()
        dialog, self.agreement = self.agreement, None
        if dialog is not None:
            dialog.close()

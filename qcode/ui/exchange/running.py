"""What the File menu's long-running actions share (REFI-QDA exchange, survey import, team
merge): one piece of work at a time in a :class:`~qcode.ui.exchange.run_dialog.RunDialog`,
stopped when the project closes, and the summary of the last one kept while it is open."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog

from qcode.progress import Progress
from qcode.ui.errors import show_error
from qcode.ui.exchange.run_dialog import RunDialog, start_run

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

CANCELLED = "Cancelled; nothing was changed."


class RunningActions(QObject):
    """``run`` is the work in progress, ``summary`` the last summary shown (tests)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.run: RunDialog | None = None
        self.summary: Any = None

    def busy(self) -> bool:
        return self.run is not None

    def _start(self, title: str, work: Callable[[Progress], Any],
               on_success: Callable[[Any], None], cancelled: str = CANCELLED) -> RunDialog:
        """Run ``work`` in a dialog; a failure is shown, a cancel said in the status bar."""
        self.run = start_run(
            self.window, title, work, succeeded=on_success,
            failed=lambda message: show_error(self.window, message),
            cancelled=lambda: self.window.statusBar().showMessage(cancelled, 10_000),
            settled=self._settled)
        return self.run

    def _settled(self) -> None:
        self.run = None

    def stop(self) -> None:
        """The project is closing: stop the work first (its transaction goes with it)."""
        run, self.run = self.run, None
        if run is not None:
            run.stop()

    def _open_summary(self, dialog: QDialog) -> None:
        """Open ``dialog`` as :attr:`summary` until it closes."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _=None: self._forget_summary(dialog))
        self.summary = dialog
        dialog.open()

    def _forget_summary(self, dialog: QDialog) -> None:
        if self.summary is dialog:
            self.summary = None

"""The app's backups, all on a worker thread: the daily one on opening, and one every few
minutes of editing; what goes wrong with them is said in the status bar.

The app opens projects inside :func:`qcode.backups.open_backup_left_to_caller` (see
``opening.py``), so opening never waits for a copy of a large file: once the project shows,
:class:`PeriodicBackups` backs it up in the background if its newest backup is a day old. Then
the first change after a backup starts a timer of ``QCODE_BACKUP_MINUTES`` (default 10), and
when it ends the project is backed up again. The online backup reads through its own
connection and the project is in WAL mode, so coding goes on meanwhile. A project on a team
server gets none: it is no file, and the server's administrator backs the database up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from qcode import backups
from qcode.changes import Changes
from qcode.ui.worker import BackgroundTask

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow
    from qcode.ui.workspace import Workspace

NOTICE_MS = 15_000


class PeriodicBackups(QObject):
    """Backs up the window's project on opening (daily) and every N minutes of editing."""

    #: a backup problem, said once (emitted from the worker thread, shown on the GUI thread)
    notice = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._workspace: Workspace | None = None
        self._identity: str | None = None
        self._settings = backups.BackupSettings.from_env()
        self._dirty = False
        self.task: BackgroundTask | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.back_up_now)
        self.notice.connect(lambda message: window.statusBar().showMessage(message, NOTICE_MS))
        window.project_opened.connect(self._attach)
        window.project_closing.connect(self._detach)

    def _attach(self) -> None:
        workspace = self._window.workspace
        self._settings = settings = backups.BackupSettings.from_env()
        if workspace is None or workspace.project.readonly or not settings.enabled:
            return
        if workspace.project.on_server:  # PostgreSQL's own safeguards and the lead's backups
            return
        self._workspace = workspace
        self._identity = identity = workspace.read(backups.identity_in)
        if identity is None:
            return
        if settings.minutes > 0:
            self._timer.setInterval(max(1, round(settings.minutes * 60_000)))
            workspace.changed.connect(self._edited)
        if backups.open_backup_due(workspace.project.path, identity, settings):
            self.back_up_now()

    def _detach(self) -> None:
        """Before the project closes: stop the timer and let a running backup finish."""
        self._timer.stop()
        if self._workspace is not None and self._identity is not None \
                and self._settings.minutes > 0:
            self._workspace.changed.disconnect(self._edited)
        self._workspace = self._identity = None
        self._dirty = False
        if self.task is not None:
            self._finished(self.task)

    def _edited(self, _changes: Changes) -> None:
        self._dirty = True
        if not self._timer.isActive() and self.task is None:
            self._timer.start()

    def back_up_now(self) -> None:
        """Back up the project on a worker thread (nothing to do without a writable project)."""
        if self._workspace is None or self._identity is None or self.task is not None:
            return
        path, identity, settings = self._workspace.project.path, self._identity, self._settings
        self._dirty = False
        say = self.notice.emit
        task = BackgroundTask(
            lambda _progress: backups.take_backup(path, identity, settings, say=say), self)
        task.failed.connect(say)
        task.done.connect(lambda: self._finished(task))
        self.task = task
        task.start()

    def _finished(self, task: BackgroundTask) -> None:
        if task is not self.task:
            return  # already handled when the project closed
        self.task = None
        task.wait()
        task.deleteLater()
        if self._dirty and self._workspace is not None:
            self._timer.start()  # edits made while the backup ran

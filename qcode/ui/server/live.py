"""Live updates of a team server project: what other analysts save shows in this window.

A :class:`LiveUpdates` runs a :class:`qcode.server.watch.Watcher` on a thread of its own and
turns each notice into a :class:`~qcode.changes.Changes` (no inverse: nothing to undo here)
emitted through the workspace's ``changed`` signal, so every panel re-reads what it names, as
after the user's own change. The window's own commits are not announced back to it (their
backend processes are skipped). Connection changes go to :attr:`LiveUpdates.connection_changed`;
:func:`follow_server` shows them in the main window's status bar.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.errors import QcodeError
from qcode.models import Attribute, Code, Coder, Document
from qcode.server.watch import ConnectionState, Notice, Watcher
from qcode.ui.server.status import ServerStatus
from qcode.ui.workspace import Workspace

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow


def changes_for(notice: Notice) -> Changes:
    """What the panels re-read for a notice that lists its ids."""
    return Changes(
        description=f"saved by {', '.join(sorted(notice.by))}" if notice.by else "",
        documents=notice.documents,
        codes=notice.codes,
        codings=notice.codings,
        attributes=notice.attributes,
        codebook_tree=notice.codebook,
        project=notice.project,
    )


def everything(session: Session) -> Changes:
    """A change naming every document, code, coder and attribute: anything may be new."""
    def ids(model: Any) -> frozenset[int]:
        return frozenset(session.scalars(select(model.id)))

    return Changes(description="read again from the server", documents=ids(Document),
                   codes=ids(Code), coders=ids(Coder), attributes=ids(Attribute),
                   codebook_tree=True, project=True)


class LiveUpdates(QObject):
    """Follows a server project open in ``workspace``; :meth:`start`, then :meth:`stop` before
    the project closes."""

    #: True when the connection came back, False when it was lost
    connection_changed = Signal(bool)
    _arrived = Signal(object)  # from the watcher's thread, delivered on the GUI thread

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        project = workspace.project
        assert project.address is not None
        self._own_sessions: set[int] = set()
        self._engine = project.engine
        event.listen(self._engine, "checkout", self._checked_out)
        self.watcher = Watcher(project.address, project.engine.url.password,
                               own_sessions=self._own_sessions)
        self._arrived.connect(self._deliver)
        self._thread = threading.Thread(target=self._follow, name="qcode-live-updates",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop following (promptly; the thread ends on its own if a connection attempt is
        still waiting for its timeout)."""
        self.watcher.stop()
        with contextlib.suppress(Exception):
            event.remove(self._engine, "checkout", self._checked_out)
        if self._thread.is_alive():
            self._thread.join(timeout=1.0)

    def _checked_out(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        """Remember the server process behind each of this window's own connections."""
        pid = getattr(getattr(dbapi_connection, "info", None), "backend_pid", None)
        if pid:
            self._own_sessions.add(pid)

    def _follow(self) -> None:  # on the watcher's thread
        for item in self.watcher.events():
            if self.watcher.stopped:
                return
            try:
                self._arrived.emit(item)
            except RuntimeError:  # the window went away meanwhile
                return

    def _deliver(self, item: Notice | ConnectionState) -> None:
        if self.watcher.stopped:
            return
        if isinstance(item, ConnectionState):
            if item.connected:
                self._own_sessions.clear()  # the server restarted: its process ids are new
            self.connection_changed.emit(item.connected)
            return
        if item.whole:
            try:
                changes = self.workspace.read(everything)
            except QcodeError:
                return  # gone again: another whole notice follows the reconnection
        else:
            changes = changes_for(item)
        self.workspace.changed.emit(changes)


def follow_server(window: MainWindow, workspace: Workspace) -> LiveUpdates | None:
    """Live updates and the connection's status for a server project open in ``window``
    (None for a file); both end when the window closes the project."""
    project = workspace.project
    if not project.on_server:
        return None
    live = LiveUpdates(workspace, window)
    status = ServerStatus(project.label)
    window.statusBar().addPermanentWidget(status)
    live.connection_changed.connect(status.set_connected)

    def closing() -> None:
        window.project_closing.disconnect(closing)
        live.stop()
        window.statusBar().removeWidget(status)
        status.deleteLater()
        live.deleteLater()

    window.project_closing.connect(closing)
    live.start()
    return live

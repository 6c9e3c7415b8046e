"""Counting off the GUI thread: one analysis at a time, newest request wins.

Each request starts a :class:`~qcode.ui.worker.BackgroundTask` whose function opens its own
read session *inside* the worker thread (the workspace's ``reader()``; SQLAlchemy's pool hands
each thread its own SQLite connection) and returns only the frozen result. A newer request cancels
the running task (it stops between queries) and ignores whatever it still delivers: results
carry a generation number and only the newest one is shown.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.orm import Session

from qcode.progress import Progress
from qcode.ui.worker import BackgroundTask

Build = Callable[[Session, Any, Progress], Any]
#: runs a query function in a read session of its own (``Workspace.reader()``)
Reader = Callable[[Callable[[Session], Any]], Any]


def _silence(task: BackgroundTask) -> None:
    for signal in (task.succeeded, task.failed, task.cancelled, task.progressed):
        with warnings.catch_warnings(), contextlib.suppress(RuntimeError, TypeError):
            warnings.simplefilter("ignore")  # PySide warns when nothing was connected
            signal.disconnect()


class Recomputer(QObject):
    """Runs ``build(session, options, progress)`` for the latest options, debounced."""

    started = Signal()
    progressed = Signal(int, int, str)
    finished = Signal(object)  # the result
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, read: Reader, build: Build, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.read = read
        #: the Qt-free function that counts; tests may wrap it to see where it runs
        self.build = build
        self.options: Any = None
        self.task: BackgroundTask | None = None
        self._generation = 0
        self._retired: list[BackgroundTask] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._start)

    @property
    def busy(self) -> bool:
        return self.task is not None or self._timer.isActive()

    def request(self, options: Any, delay_ms: int = 0) -> None:
        """Count for ``options`` after ``delay_ms`` (later requests replace earlier ones)."""
        self.options = options
        self._timer.start(delay_ms)

    def cancel(self) -> None:
        """Stop the running count (and drop a pending one); its result is never shown."""
        pending = self._timer.isActive() or self.task is not None
        self._timer.stop()
        if self.task is not None:
            self._retire(self.task)
            self.task = None
        self._generation += 1
        if pending:
            self.cancelled.emit()

    def dispose(self) -> None:
        """Stop everything and wait for the threads (the view is going away)."""
        self._timer.stop()
        if self.task is not None:
            self._retire(self.task)
            self.task = None
        for task in self._retired:
            task.stop_and_wait()
        self._retired.clear()

    def _start(self) -> None:
        if self.task is not None:
            self._retire(self.task)
        self._generation += 1
        generation, options, build, read = (self._generation, self.options, self.build,
                                            self.read)

        def work(progress: Progress) -> tuple[int, Any]:  # runs on the worker thread
            return generation, read(lambda session: build(session, options, progress))

        task = BackgroundTask(work, self)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        task.cancelled.connect(self._cancelled)
        task.progressed.connect(self.progressed)
        task.finished.connect(self._reap)
        self.task = task
        self.started.emit()
        task.start()

    def _retire(self, task: BackgroundTask) -> None:
        _silence(task)
        task.cancel()
        self._retired.append(task)

    def _reap(self) -> None:
        for task in [t for t in self._retired if t.isFinished()]:
            self._retired.remove(task)
            task.deleteLater()

    def _succeeded(self, outcome: tuple[int, Any]) -> None:
        generation, result = outcome
        if generation != self._generation or not self._current():
            return
        self._finish()
        self.finished.emit(result)

    def _current(self) -> bool:
        return self.task is not None and self.sender() is self.task

    def _failed(self, message: str) -> None:
        if not self._current():
            return
        self._finish()
        self.failed.emit(message)

    def _cancelled(self) -> None:
        if not self._current():
            return
        self._finish()
        self.cancelled.emit()

    def _finish(self) -> None:
        task, self.task = self.task, None
        if task is not None:
            self._retired.append(task)  # deleted once its thread has finished
            self._reap()

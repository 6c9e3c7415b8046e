"""Writing the table on screen to a file off the GUI thread.

An XLSX of a 300 x 2,000 matrix takes about three seconds; on the GUI thread that is a frozen
window. The result on screen is plain frozen data (no ORM object), and the project's facts for
the manifest are read before the work starts, so the writer runs on a
:class:`~qcode.ui.worker.BackgroundTask` as it is. One file at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from qcode.export.files import written_together
from qcode.export.manifest import Source
from qcode.progress import Progress
from qcode.ui.worker import BackgroundTask

Writer = Callable[..., Path]


class Exporter(QObject):
    """``start(writer, result, path, source, **extra)``; then ``finished(path, manifest)`` or
    ``failed(message)``."""

    started = Signal(object)  # the file's path
    finished = Signal(object, object)  # the file's path, its manifest's path
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.task: BackgroundTask | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(self, writer: Writer, result: Any, path: Path, source: Source,
              **extra: Any) -> None:
        assert self.task is None, "one export at a time"

        def work(_progress: Progress) -> Path:  # runs on the worker thread
            with written_together():  # the file and its manifest, or neither
                return writer(result, path, source=source, **extra)

        task = BackgroundTask(work, self)
        task.succeeded.connect(lambda manifest: self._end(
            task, lambda: self.finished.emit(path, manifest)))
        task.failed.connect(lambda message: self._end(task, lambda: self.failed.emit(message)))
        task.finished.connect(task.deleteLater)
        self.task = task
        self.started.emit(path)
        task.start()

    def _end(self, task: BackgroundTask, announce: Callable[[], None]) -> None:
        """No longer busy (the thread is ending), then say how it went."""
        task.wait()
        self.task = None
        announce()

    def dispose(self) -> None:
        """Wait for a write in progress (the view is going away; the file is finished)."""
        if self.task is not None:
            self.task.wait()

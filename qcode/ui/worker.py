"""Long work off the GUI thread, with progress and cancel.

A :class:`BackgroundTask` runs a Qt-free function ``fn(progress)`` on its own thread. The function
reports through ``progress(done, total, label)`` (see :mod:`qcode.progress`); the task turns each
call into a :attr:`~BackgroundTask.progressed` signal and answers False once :meth:`cancel` was
called, so the work raises ``Cancelled`` and stops. Only plain data crosses threads: the function
must not touch widgets or a session opened on the GUI thread.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import warnings
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from qcode.errors import Cancelled, QcodeError
from qcode.progress import Progress


class BackgroundTask(QThread):
    """Run ``fn(progress)`` on a worker thread; exactly one of succeeded / failed / cancelled is
    emitted (on the GUI thread, as queued signals), then ``done``."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()

    def __init__(self, fn: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, label: str) -> bool:
        self.progressed.emit(done, total, label)
        return not self._cancel.is_set()

    def run(self) -> None:  # runs on the worker thread
        try:
            result = self._fn(self._progress)
        except Cancelled:
            self.cancelled.emit()
        except QcodeError as exc:
            self.failed.emit(str(exc))
        except Exception:  # noqa: BLE001 - a bug in the work becomes one message, not a crash
            from qcode.ui.errors import describe_exception

            exc_type, exc, tb = sys.exc_info()
            assert exc_type is not None and exc is not None
            self.failed.emit(describe_exception(exc_type, exc, tb))
        else:
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.succeeded.emit(result)
        self.done.emit()

    def abandon(self) -> None:
        """Stop the work and drop its outcome: no result signal reaches anyone any more."""
        for signal in (self.succeeded, self.failed, self.cancelled):
            with warnings.catch_warnings(), contextlib.suppress(RuntimeError, TypeError):
                warnings.simplefilter("ignore")  # PySide warns when nothing was connected
                signal.disconnect()
        self.stop_and_wait()

    def stop_and_wait(self, msecs: int = 10_000) -> None:
        """Ask the work to stop and wait for the thread (closing the window, tests)."""
        self.cancel()
        self.wait(msecs)

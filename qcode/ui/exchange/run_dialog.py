"""A REFI-QDA import or export on a worker thread: a progress bar, a line of status, Cancel.

The work is a Qt-free function ``work(progress)`` (see :mod:`qcode.progress`) run by a
:class:`~qcode.ui.worker.BackgroundTask`; Cancel makes the progress callback answer False, so
the work raises ``Cancelled`` and its transaction (or its half-written file) goes. Exactly one of
:attr:`RunDialog.succeeded`, :attr:`RunDialog.failed` or :attr:`RunDialog.cancelled` is emitted,
after the thread has ended, and the dialog closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from qcode.progress import Progress
from qcode.ui.errors import reads_left_to_right
from qcode.ui.worker import BackgroundTask


class RunDialog(QDialog):
    """``start(work)``; then ``succeeded(result)``, ``failed(message)`` or ``cancelled()``."""

    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exchangeRunDialog")
        self.setWindowTitle(title)
        self.task: BackgroundTask | None = None
        self.status = QLabel(reads_left_to_right(title))
        self.status.setObjectName("exchangeStatus")
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the work says how much there is
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, work: Callable[[Progress], Any]) -> None:
        assert self.task is None, "one piece of work per dialog"
        finished: list[Any] = []  # the result, once the work has returned (worker thread)

        def run(progress: Progress) -> Any:
            result = work(progress)
            finished.append(result)  # committed or written: a Cancel from now on is too late
            return result

        task = BackgroundTask(run, self)
        task.progressed.connect(self._progressed)
        task.succeeded.connect(lambda result: self._end(lambda: self.succeeded.emit(result)))
        task.failed.connect(lambda message: self._end(lambda: self.failed.emit(message)))
        task.cancelled.connect(lambda: self._end(
            (lambda: self.succeeded.emit(finished[0])) if finished else self.cancelled.emit))
        self.task = task
        task.start()

    def cancel(self) -> None:
        """Ask the work to stop; ``cancelled`` follows once it has (nothing is kept)."""
        if self.task is not None and not self.task.cancel_requested:
            self.status.setText("Cancelling…")
            self.cancel_button.setEnabled(False)
            self.task.cancel()

    def stop(self) -> None:
        """Stop the work and wait for it, without announcing anything (the project is closing
        or the window going away: no transaction may outlive it)."""
        task, self.task = self.task, None
        if task is not None:
            task.abandon()
            task.wait()  # however long the last step takes: the session must end first
            task.deleteLater()
        super().reject()

    def _progressed(self, done: int, total: int, label: str) -> None:
        if self.task is None or self.task.cancel_requested:
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        if label:
            self.status.setText(reads_left_to_right(label))

    def _end(self, announce: Callable[[], object]) -> None:
        task, self.task = self.task, None
        if task is None:  # stopped meanwhile: nobody is waiting for the outcome
            return
        task.wait()
        task.deleteLater()
        super().accept()
        announce()

    def reject(self) -> None:
        """Escape or the window's close button: cancel the work (the dialog closes when the
        work has stopped, so its transaction is gone before anything else happens)."""
        if self.task is not None:
            self.cancel()
        else:
            super().reject()


def start_run(parent: QWidget, title: str, work: Callable[[Progress], Any], *,
              succeeded: Callable[[Any], object], failed: Callable[[str], object],
              cancelled: Callable[[], object], settled: Callable[[], object]) -> RunDialog:
    """A :class:`RunDialog` for ``work``, opened and started (deleted when it closes). On each
    outcome ``settled()`` runs first (its owner forgets the run), then the outcome's handler."""
    run = RunDialog(title, parent)
    run.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    run.succeeded.connect(lambda result: (settled(), succeeded(result)))
    run.failed.connect(lambda message: (settled(), failed(message)))
    run.cancelled.connect(lambda: (settled(), cancelled()))
    run.open()
    run.start(work)
    return run

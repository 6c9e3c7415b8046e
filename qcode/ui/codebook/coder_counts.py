"""The codebook's counts under a coder filter (or in blind mode), read on a worker thread.

The kept-fresh count tables hold every coder's codings together, so a filtered count is a
GROUP BY over the codings (:func:`qcode.codebook_counts.coder_counts`): a second or so at a
million codings. It runs off the GUI thread, one read at a time: what is asked meanwhile waits
and is read next (a whole recount takes in any codes waiting), so an older read never
overwrites a newer one. A read made for a filter that has changed since is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from PySide6.QtCore import QObject, Signal

from qcode.browse.codebook import CodeNode, codebook_nodes, recounted
from qcode.ui.worker import BackgroundTask
from qcode.ui.workspace import Workspace


class CoderCounts(QObject):
    """Recounts for the codebook model: the whole codebook, or some codes' rows."""

    #: (nodes, whole): the whole codebook re-read, or these codes' nodes recounted
    counted = Signal(object, bool)

    def __init__(self, workspace: Workspace, nodes: Callable[[], Mapping[int, CodeNode]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._nodes = nodes
        self._coders: frozenset[int] | None = None
        self._whole = False
        self._codes: set[int] = set()
        self._task: BackgroundTask | None = None
        self._retired: list[BackgroundTask] = []

    @property
    def busy(self) -> bool:
        """True while a count is being read or waits to be."""
        return self._task is not None or self._whole or bool(self._codes)

    def request(self, coders: frozenset[int], code_ids: Collection[int] | None) -> None:
        """Count ``code_ids`` (None: the whole codebook) for ``coders``' codings."""
        if coders != self._coders:
            self._whole, self._codes = True, set()  # another filter: everything anew
        self._coders = coders
        if code_ids is None:
            self._whole, self._codes = True, set()
        elif not self._whole:
            self._codes |= set(code_ids)
        self._next()

    def cancel(self) -> None:
        """No filter any more: drop what waits and what is being read."""
        self._coders = None
        self._whole, self._codes = False, set()

    def stop(self) -> None:
        """The project is closing: stop reading and wait for the thread."""
        self.cancel()
        for task in [t for t in (self._task, *self._retired) if t is not None]:
            task.abandon()
        self._task = None
        self._retired.clear()

    def _next(self) -> None:
        coders = self._coders
        if self._task is not None or coders is None or not (self._whole or self._codes):
            return
        whole = self._whole
        if whole:
            def query(s):  # noqa: ANN001, ANN202 - a session on the worker thread
                return codebook_nodes(s, coder_ids=coders)
        else:
            known = self._nodes()
            nodes = [known[c] for c in self._codes if c in known]

            def query(s):  # noqa: ANN001, ANN202
                return recounted(s, nodes, coders)
        self._whole, self._codes = False, set()
        task = self.workspace.read_in_background(query)
        task.succeeded.connect(lambda result: self._arrived(task, coders, whole, result))
        task.failed.connect(lambda message: self._failed(task, message))
        self._task = task
        task.start()

    def _arrived(self, task: BackgroundTask, coders: frozenset[int], whole: bool,
                 result: tuple[CodeNode, ...]) -> None:
        self._settle(task)
        if coders == self._coders:
            self.counted.emit(result, whole)
        self._next()

    def _failed(self, task: BackgroundTask, message: str) -> None:
        self._settle(task)
        self.workspace.error.emit(message)
        self._next()

    def _settle(self, task: BackgroundTask) -> None:
        """Keep a finished task until its thread has ended, then let it go."""
        if self._task is task:
            self._task = None
        for old in [t for t in self._retired if t.isFinished()]:
            self._retired.remove(old)
            old.deleteLater()
        self._retired.append(task)

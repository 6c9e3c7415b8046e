"""The workspace controller: the one place the UI changes a project.

Widgets never touch sessions. They call :meth:`Workspace.run` with an op (a plain function
``op(session, **kwargs) -> Changes``); the workspace runs it in one transaction, pushes an undo
command that runs the op's inverse, and emits :attr:`Workspace.changed` with the ``Changes`` so
every panel refreshes what it shows. Reads go through :meth:`Workspace.read` with Qt-free query
functions returning plain data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.orm import Session

from qcode.changes import Changes, Op
from qcode.errors import ChangedMeanwhile, NotFound, QcodeError
from qcode.progress import Progress
from qcode.project import Project
from qcode.ui.worker import BackgroundTask

T = TypeVar("T")


@dataclass(frozen=True)
class TextSelection:
    """What the user has selected in the viewer, in code points (converted at the viewer)."""

    document_id: int
    start: int
    end: int
    text: str


class OpCommand(QUndoCommand):
    """An undo step: ``undo`` runs the inverse op, ``redo`` runs the inverse of that.

    When another analyst changed or deleted what the step touched, its undo (or redo) is
    refused with a line saying so (ChangedMeanwhile, NotFound) and can never run: the step is
    made obsolete, so the stack drops it and the steps before and after it stay usable. Any
    other refusal (a busy or unreachable server) leaves it in place: the stack has moved past
    it, and the opposite action (redo after a failed undo) does nothing but move back, so the
    step can be tried again.
    """

    def __init__(self, workspace: Workspace, changes: Changes) -> None:
        super().__init__(changes.description or "Change")
        self._workspace = workspace
        self._undo_op: Op | None = changes.inverse
        self._redo_op: Op | None = None
        self._first = True  # push() calls redo(); the op has already run

    def undo(self) -> None:
        if self._undo_op is None:
            return
        changes = self._workspace.apply(self._undo_op)
        self._redo_op = changes.inverse if changes is not None else self._refused()

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if self._redo_op is None:
            return
        changes = self._workspace.apply(self._redo_op)
        self._undo_op = changes.inverse if changes is not None else self._refused()

    def _refused(self) -> None:
        if isinstance(self._workspace.refusal, ChangedMeanwhile | NotFound):
            self.setObsolete(True)  # QUndoStack drops a command made obsolete as it runs


class Workspace(QObject):
    """An open project as the UI sees it: runs ops, keeps the undo stack, broadcasts changes."""

    #: emitted after every committed change (op, undo or redo)
    changed = Signal(object)  # Changes
    #: a user-facing error message (one clear line); the main window shows it in a dialog
    error = Signal(str)
    #: something the user should read, not an error (shown in the status bar)
    message = Signal(str)
    #: the coder whose name goes on new codings changed
    coder_changed = Signal(int)
    #: navigation and selection, shared by all panels
    document_requested = Signal(int)  # open this document in the viewer
    span_requested = Signal(int, int, int)  # open document, select [start, end) and show it
    codes_selected = Signal(object)  # tuple of code ids selected in the codebook
    memo_requested = Signal(str, int)  # ("project" | "document" | "code" | "coding", id)
    selection_changed = Signal(object)  # TextSelection | None

    def __init__(self, project: Project, coder_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.coder_id = coder_id
        self.undo_stack = QUndoStack(self)
        #: why the last refused op was refused (OpCommand drops a step no one can undo)
        self.refusal: QcodeError | None = None
        self.text_selection: TextSelection | None = None
        self.selected_code_ids: tuple[int, ...] = ()
        self.document_id: int | None = None

    # -- changing ------------------------------------------------------------------------------

    def run(self, op: Callable[..., Changes], /, **kwargs: Any) -> Changes | None:
        """Run ``op(session, **kwargs)`` as one undoable step; None if it was refused."""
        changes = self.apply(lambda s: op(s, **kwargs))
        if changes is not None and changes.inverse is not None:
            self.undo_stack.push(OpCommand(self, changes))
        return changes

    def apply(self, op: Op) -> Changes | None:
        """Run an op in one transaction and broadcast what changed (no undo entry)."""
        self.refusal = None
        if self.project.readonly:
            from qcode.ui.server.login import read_only_message  # a reader is told they are

            self.error.emit(read_only_message(self.project))
            return None
        try:
            changes = self.project.run(op)  # a deadlock on a server is tried again
        except QcodeError as exc:
            self.refusal = exc
            self.error.emit(str(exc))
            return None
        self.changed.emit(changes)
        for message in changes.messages:
            self.message.emit(message)
        return changes

    def record(self, changes: Changes) -> None:
        """Broadcast changes committed outside :meth:`run` (an import writes in its own
        transaction) and make them one undo step."""
        if changes.inverse is not None and not changes.empty:
            self.undo_stack.push(OpCommand(self, changes))
        self.changed.emit(changes)
        for message in changes.messages:
            self.message.emit(message)

    def code_selection(self, code_id: int) -> Changes | None:
        """Apply a code to the current text selection, as the current coder (every path:
        codebook click, drag, quick key, picker, in-vivo)."""
        sel = self.text_selection
        if sel is None or sel.start >= sel.end:
            self.message.emit("Select some text first, then choose a code.")
            return None
        from qcode.ops.codings import add_coding

        return self.run(add_coding, document_id=sel.document_id, code_id=code_id,
                        coder_id=self.coder_id, start=sel.start, end=sel.end)

    # -- navigation ----------------------------------------------------------------------------

    def open_document(self, document_id: int) -> None:
        self.document_id = document_id
        self.document_requested.emit(document_id)

    def show_span(self, document_id: int, start: int, end: int) -> None:
        self.document_id = document_id
        self.span_requested.emit(document_id, start, end)

    def select_codes(self, code_ids: tuple[int, ...]) -> None:
        self.selected_code_ids = tuple(code_ids)
        self.codes_selected.emit(self.selected_code_ids)

    def set_text_selection(self, selection: TextSelection | None) -> None:
        self.text_selection = selection
        self.selection_changed.emit(selection)

    def edit_memo(self, kind: str, target_id: int) -> None:
        self.memo_requested.emit(kind, target_id)

    # -- reading -------------------------------------------------------------------------------

    def read(self, query: Callable[[Session], T]) -> T:
        """Run a Qt-free query function and return its plain-data result.

        An ORM object would be detached (and break on first use) once the session closes, so
        one is refused here, where the mistake is made, rather than where it would surface.
        """
        return read_plain(self.project, query)

    def reader(self) -> Callable[[Callable[[Session], T]], T]:
        """:meth:`read` as a plain function for worker threads: each call opens a read session
        of its own on the calling thread (SQLAlchemy's pool gives each thread its connection)."""
        return partial(read_plain, self.project)

    def writer(self) -> Callable[..., T]:
        """``write(work, progress=None)`` for long work on a worker thread (a whole REFI-QDA
        import): runs ``work(session)`` in one transaction of its own, opened on the calling
        thread, and returns its plain-data result. The caller hands the changes it names to
        :meth:`record` on the GUI thread. (Callers offer it only for a writable project.)"""
        return partial(write_plain, self.project)

    def read_in_background(self, query: Callable[[Session], T]) -> BackgroundTask:
        """A task that runs a Qt-free query on a worker thread, in a read session of its own
        opened there; its plain-data result arrives through the task's ``succeeded`` signal.
        The caller connects and starts the task (and keeps it until ``done``)."""
        read = self.reader()
        return BackgroundTask(lambda _progress: read(query), self)

    # -- coder ---------------------------------------------------------------------------------

    def bind_coder(self, name: str, *, create: bool = True) -> None:
        """New codings carry coder ``name``: created in the project when writable and
        ``create``, else looked up (0 when the project has no such coder yet). On a server the
        coder is the login role, whose row ``server grant`` made: looked up, never created."""
        from qcode.ops.coders import bind_coder, coder_id_named

        if self.project.on_server:
            name, create = self.project.login or name, False
        if self.project.readonly or not create:
            coder_id = self.read(lambda s: coder_id_named(s, name)) or 0
        else:
            changes = self.apply(partial(bind_coder, name=name))
            if changes is None:
                return
            coder_id = next(iter(changes.coders))
        self.coder_id = coder_id
        self.coder_changed.emit(coder_id)

    def close(self) -> None:
        self.undo_stack.clear()
        self.project.close()


def read_plain(project: Project, query: Callable[[Session], T]) -> T:
    """``query`` run in a read session of its own; ORM objects in its result are refused."""
    with project.reading() as s:
        result = query(s)
    if _holds_orm_objects(result):
        raise TypeError(f"{getattr(query, '__name__', query)!r} returned ORM objects; "
                        "return ids or frozen dataclasses")
    return result


def write_plain(project: Project, work: Callable[[Session], T],
                progress: Progress | None = None) -> T:
    """``work`` run in one transaction of its own (``progress`` hears of the refresh)."""
    with project.transaction(progress=progress) as s:
        result = work(s)
    if _holds_orm_objects(result):
        raise TypeError(f"{getattr(work, '__name__', work)!r} returned ORM objects")
    return result


def _holds_orm_objects(value: object) -> bool:
    """True when ``value`` is, or directly holds, an ORM-mapped instance."""
    items = value if isinstance(value, list | tuple | set | frozenset) else (value,)
    if isinstance(value, dict):
        items = (*value.keys(), *value.values())
    return any(hasattr(item, "_sa_instance_state") for item in items)

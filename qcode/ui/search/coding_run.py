"""Coding all results on a worker thread: a progress dialog with Cancel, then one undo step.

Thousands of codings in a big project take seconds to write and count (the derived tables are
refreshed in the same transaction), so the op runs in a transaction of its own on a worker
thread (``Workspace.writer()``, as a merge does) and its changes reach the panels and the undo
stack as one step through ``Workspace.record``. Cancel rolls the transaction back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from qcode.changes import Changes
from qcode.ops.autocode import autocode
from qcode.progress import Progress
from qcode.search.units import CodingSpan
from qcode.ui.errors import show_error
from qcode.ui.exchange.run_dialog import RunDialog, start_run
from qcode.ui.workspace import Workspace
from qcode.wording import plural


@dataclass(frozen=True)
class CodingJob:
    """What Code all results… was asked to do, as previewed."""

    spans: tuple[CodingSpan, ...]
    code_id: int
    coder_id: int
    memo: str
    code_path: str
    count: int  # codings the preview said it would make


def start_coding(parent: QWidget, workspace: Workspace, job: CodingJob, *,
                 settled: Callable[[], object]) -> RunDialog:
    """Code ``job`` on a worker thread; ``settled()`` once it has ended either way."""
    write = workspace.writer()

    def work(progress: Progress) -> Changes:  # runs on the worker thread
        return write(lambda s: autocode(s, spans=job.spans, code_id=job.code_id,
                                        coder_id=job.coder_id, memo=job.memo), progress)

    def coded(changes: Changes) -> None:
        workspace.record(changes)
        workspace.message.emit(f"Coded {plural(len(changes.codings), 'passage')} with "
                               f"{job.code_path}; Edit → Undo takes them back.")

    return start_run(parent, f"Coding {plural(job.count, 'passage')} with {job.code_path}…",
                     work, succeeded=coded, failed=lambda message: show_error(parent, message),
                     cancelled=lambda: workspace.message.emit("Cancelled: nothing was coded."),
                     settled=settled)

"""Progress reporting and cancellation for long work, without Qt.

A progress callback is called as ``progress(done, total, label)``. Returning ``False`` asks the
work to stop: it then raises :class:`~qcode.errors.Cancelled` before writing anything.
The UI wraps a callback that emits a Qt signal from its worker thread; the CLI draws a bar.
"""

from __future__ import annotations

from collections.abc import Callable

from qcode.errors import Cancelled

Progress = Callable[[int, int, str], "bool | None"]


def report(progress: Progress | None, done: int, total: int, label: str = "") -> None:
    """Tell ``progress`` how far the work is; raise Cancelled if it answers False."""
    if progress is not None and progress(done, total, label) is False:
        raise Cancelled()

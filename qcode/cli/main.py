"""The ``qcode`` command: a scriptable front to everything the desktop app does.

Errors are one line on stderr; the exit status is 1 for bad input (and for output that cannot be
written, e.g. to a full disk) and 2 for a wrong command line.
``--json`` prints machine-readable output on stdout. When the reader of stdout goes away
(``qcode codings study.qcode | head``) the command ends quietly with status 141, as a shell
reports a program stopped by SIGPIPE.

The arguments of every command are in :mod:`qcode.cli.parser`, which imports nothing heavy; a
command's module (SQLAlchemy, importers, exporters, Qt) is imported only when it runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from qcode.cli.common import discard_output, guard_output, run_guarded, stop_signals_interrupt
from qcode.cli.parser import build_parser, entry_point

#: 128 + SIGPIPE: what a shell reports for ``cat big | head``, so ``set -o pipefail`` scripts
#: treat qcode like any other tool, and the status never reads as "bad input" (1).
EXIT_PIPE_CLOSED = 141
#: the desktop app keeps the stop signals' default: its event loop runs no Python for a
#: handler to raise in, so SIGTERM would not end an idle window
_WINDOW = "gui_cmd:cmd_gui"


def _output_closed() -> int:
    """Python's recipe for a closed pipe: further writes (and the flush at exit) go nowhere."""
    discard_output(sys.stdout.fileno())
    return EXIT_PIPE_CLOSED


def _pipe_safe(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func``, ending quietly when stdout's reader has gone (before run_guarded sees it)."""

    @wraps(func)
    def run(*args: Any) -> Any:
        try:
            status = func(*args)
            sys.stdout.flush()  # output still buffered must fail here, not at exit
        except BrokenPipeError:
            return _output_closed()
        return status

    return run


def main(argv: Sequence[str] | None = None) -> int:
    guard_output()  # stdout that cannot be written (a full disk) is one plain line too
    return run_guarded(_pipe_safe(lambda: _parse_and_run(argv)))


def _parse_and_run(argv: Sequence[str] | None) -> int:
    """Parse the command line and run its command. Parsing is guarded like the command: a
    failed write of --help or --version text is said (or ends quietly) as any output is."""
    given = sys.argv[1:] if argv is None else list(argv)
    if len(given) == 1 and given[0].lower().startswith(("postgresql://", "postgres://")):
        from qcode.cli.gui_cmd import launch  # ``qcode URL``: the app on a server project

        return launch(given[0])
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as done:  # --help, --version, a wrong command line
        return done.code  # type: ignore[return-value]
    entry = getattr(args, "run", None)
    if entry is None:  # a bare ``qcode`` opens the desktop app
        from qcode.cli.gui_cmd import launch

        return launch()
    if entry == _WINDOW:
        return entry_point(entry)(args)
    # importing the command's module is part of running it: its failures are one line too.
    # SIGTERM and SIGHUP stop a command as Ctrl+C does (what it created is removed)
    with stop_signals_interrupt():
        return entry_point(entry)(args)


if __name__ == "__main__":
    sys.exit(main())

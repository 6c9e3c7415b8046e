"""The ``qcode`` command: a scriptable front to everything the desktop app does.

Errors are one line on stderr; the exit status is 1 for bad input and 2 for a wrong command line.
``--json`` prints machine-readable output on stdout. When the reader of stdout goes away
(``qcode codings study.qcode | head``) the command ends quietly with status 141, as a shell
reports a program stopped by SIGPIPE.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, NoReturn

from qcode import __version__
from qcode.cli import backup_cmds, codebook_cmds, coding_cmds, export_cmd, gui_cmd, project_cmds
from qcode.cli.common import EXIT_USAGE, run_guarded

#: 128 + SIGPIPE: what a shell reports for ``cat big | head``, so ``set -o pipefail`` scripts
#: treat qcode like any other tool, and the status never reads as "bad input" (1).
EXIT_PIPE_CLOSED = 141


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (``qcode: error: ...``) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"qcode: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="qcode", description="Qualitative coding of interview transcripts.")
    parser.add_argument("--version", action="version", version=f"qcode {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    project_cmds.register(sub)
    codebook_cmds.register(sub)
    coding_cmds.register(sub)
    export_cmd.register(sub)
    backup_cmds.register(sub)
    gui_cmd.register(sub)
    return parser


def _output_closed() -> int:
    """Python's recipe for a closed pipe: further writes (and the flush at exit) go nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
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
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except BrokenPipeError:  # ``qcode --help | head -1``
        return _output_closed()
    run = getattr(args, "run", None)
    if run is None:  # a bare ``qcode`` opens the desktop app
        from qcode.cli.gui_cmd import launch

        return run_guarded(_pipe_safe(launch))
    return run_guarded(_pipe_safe(run), args)


if __name__ == "__main__":
    sys.exit(main())

"""The ``qcode`` command: a scriptable front to everything the desktop app does.

Errors are one line on stderr; the exit status is 1 for bad input and 2 for a wrong command line.
``--json`` prints machine-readable output on stdout.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from qcode import __version__
from qcode.cli import backup_cmds, codebook_cmds, coding_cmds, export_cmd, gui_cmd, project_cmds
from qcode.cli.common import EXIT_USAGE, run_guarded


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    if run is None:  # a bare ``qcode`` opens the desktop app
        from qcode.cli.gui_cmd import launch

        return run_guarded(launch)
    return run_guarded(run, args)


if __name__ == "__main__":
    sys.exit(main())

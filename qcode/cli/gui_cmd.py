"""``qcode gui``: the desktop app (Qt is loaded only when the command runs)."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_gui(args: argparse.Namespace) -> int:
    from qcode.cli.common import fail

    if args.screenshot is None:  # a screenshot is drawn offscreen: no window libraries needed
        _require_window_libraries()  # before building the demo, which takes a while
    if args.demo:
        if args.project is not None:
            fail("give either PROJECT or --demo", status=2)
        from qcode.cli.common import progress_bar
        from qcode.ops.demo import ensure_demo

        with progress_bar("building the demo") as bar:
            args.project = ensure_demo(progress=bar)
    if (args.open_document or args.select_code) and args.project is None:
        fail("--open and --select need a PROJECT", status=2)
    from qcode.ui.app import LaunchOptions, run

    return run(LaunchOptions(project=args.project, open_document=args.open_document,
                             select_code=args.select_code, screenshot=args.screenshot,
                             dark=args.dark))


def launch(project_path: str | Path | None = None) -> int:
    """The desktop app, as a bare ``qcode`` (or ``qcode PROJECT``, a file or a server URL)
    starts it; the exit status."""
    _require_window_libraries()
    from qcode.cli.common import project_target
    from qcode.ui.app import LaunchOptions, run

    target = project_target(str(project_path)) if project_path else None
    return run(LaunchOptions(project=target))


def _require_window_libraries() -> None:
    """One line naming the packages to install, before Qt fails on a missing X11 library."""
    from qcode.cli.common import fail
    from qcode.ui.platform_check import missing_libraries_message

    message = missing_libraries_message()
    if message is not None:
        fail(message)

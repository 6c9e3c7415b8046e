"""CLI: ``qcode server push PROJECT.qcode URL`` (a whole project up to a prepared database)
and ``qcode server pull URL COPY.qcode`` (a full local copy, brought back with ``qcode merge
URL COPY``). One line of result each; a progress bar on a terminal."""

from __future__ import annotations

import argparse

from qcode.cli.common import on_server, progress_bar


def cmd_push(args: argparse.Namespace) -> int:
    from qcode.server.transfer import push

    with progress_bar("pushing") as bar:
        done = on_server(args.url, lambda a, p: push(args.project, a, password=p, progress=bar))
    print(done.line())
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    from qcode.server.transfer_pull import pull

    with progress_bar("pulling") as bar:
        done = on_server(args.url, lambda a, p: pull(a, args.project, password=p, progress=bar))
    print(done.line())
    return 0

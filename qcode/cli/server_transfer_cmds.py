"""CLI: ``qcode server push PROJECT.qcode URL`` (a whole project up to a prepared database)
and ``qcode server pull URL COPY.qcode`` (a full local copy, brought back with ``qcode merge
URL COPY``). One line of result each; a progress bar on a terminal."""

from __future__ import annotations

import argparse

from qcode.cli.common import asking_password, progress_bar
from qcode.server.url import parse


def cmd_push(args: argparse.Namespace) -> int:
    from qcode.server.transfer import push

    address, given = parse(args.url)
    with progress_bar("pushing") as bar:
        done = asking_password(
            lambda password: push(args.project, address, password=password or given,
                                  progress=bar), args.url)
    print(done.line())
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    from qcode.server.transfer_pull import pull

    address, given = parse(args.url)
    with progress_bar("pulling") as bar:
        done = asking_password(
            lambda password: pull(address, args.project, password=password or given,
                                  progress=bar), args.url)
    print(done.line())
    return 0

"""CLI: backups (list a project's backups), restore (put one back)."""

from __future__ import annotations

import argparse

from qcode.backups import backups_of
from qcode.cli.common import fail, file_only, print_json
from qcode.restore import restore_backup


def cmd_backups(args: argparse.Namespace) -> int:
    args.project = file_only(args.project, "backups (the server keeps its own)")
    if not args.project.is_file():
        fail(f"{args.project.name}: no such project file")
    found = backups_of(args.project)
    if args.json:
        print_json([b.as_dict() for b in found])
        return 0
    if not found:
        print(f"no backups of {args.project.name} yet")
        return 0
    for b in found:
        print(f"{b.time.astimezone():%Y-%m-%d %H:%M:%S}  {b.size:>12,} bytes  {b.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    args.project = file_only(args.project, "restore (the server keeps its own backups)")
    kept = restore_backup(args.project, args.backup, force=args.force)
    print(f"restored {args.project.name} from {args.backup}; the file as it was is kept as {kept}")
    return 0

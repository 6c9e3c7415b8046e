"""CLI: ``qcode server init | grant | revoke | members`` (the lead's commands). Each says what
it did in one line; a refusal (not the owner, no such role, a database holding someone else's
tables) is one line on stderr through :func:`qcode.cli.common.run_guarded`."""

from __future__ import annotations

import argparse

from qcode.cli.common import on_server, print_json
from qcode.server import admin


def cmd_init(args: argparse.Namespace) -> int:
    print(on_server(args.url, lambda a, p: admin.init(a, password=p, name=args.name)))
    return 0


def cmd_grant(args: argparse.Namespace) -> int:
    print(on_server(args.url, lambda a, p: admin.grant(a, args.role, args.rights, password=p)))
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    print(on_server(args.url, lambda a, p: admin.revoke(a, args.role, password=p)))
    return 0


def cmd_members(args: argparse.Namespace) -> int:
    rows = on_server(args.url, lambda a, p: admin.member_list(a, password=p))
    if args.json:
        print_json(rows)
        return 0
    width = max(len(r["role"]) for r in rows)
    for r in rows:
        since = "owns the database" if r["owner"] else \
            f"since {r['granted_at']} (by {r['granted_by']})"
        print(f"{r['role']:<{width}}  {r['rights']:<6}  {since}")
    return 0

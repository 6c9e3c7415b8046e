"""CLI: ``qcode server init | grant | revoke | members`` (the lead's commands)."""

from __future__ import annotations

import argparse

from qcode.server import admin
from qcode.server.url import parse


def cmd_init(args: argparse.Namespace) -> int:
    address, password = parse(args.url)
    print(admin.init(address, password=password, name=args.name))
    return 0


def cmd_grant(args: argparse.Namespace) -> int:
    address, password = parse(args.url)
    print(admin.grant(address, args.role, args.rights, password=password))
    return 0

"""The arguments of ``qcode server ...``: a team project on a PostgreSQL server.

Standard library only, like :mod:`qcode.cli.parser`, which adds the command. The lead's
commands (init, grant, members) run in :mod:`qcode.cli.server_cmds`; push and pull (a whole
project up to a server, or down to a file) in :mod:`qcode.cli.server_transfer_cmds`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

URL_HELP = "postgresql://[user@]host[:port]/database (the password from ~/.pgpass or PGPASSWORD)"


def add_server_commands(sub: argparse._SubParsersAction) -> None:
    server = sub.add_parser("server", help="a team project on a PostgreSQL server: init, grant, "
                                           "members, push, pull")
    commands = server.add_subparsers(dest="server_command", metavar="SUBCOMMAND", required=True)

    p = commands.add_parser("init", help="create (or upgrade) the qcode schema in an empty "
                                         "database you own")
    p.add_argument("url", metavar="URL", help=URL_HELP)
    p.add_argument("--name", help="the project's name (default: the database's)")
    p.set_defaults(run="server_cmds:cmd_init")

    p = commands.add_parser("grant", help="let a PostgreSQL login role read, code or lead")
    p.add_argument("url", metavar="URL", help=URL_HELP)
    p.add_argument("role", metavar="ROLE", help="an existing login role on the server")
    p.add_argument("--as", dest="rights", required=True, choices=("reader", "coder", "lead"),
                   help="reader: reads; coder: codes (own codings and memos, new codes); "
                        "lead: also the codebook, documents, attributes and others' codings")
    p.set_defaults(run="server_cmds:cmd_grant")

    p = commands.add_parser("revoke", help="take a role's membership away")
    p.add_argument("url", metavar="URL", help=URL_HELP)
    p.add_argument("role", metavar="ROLE")
    p.set_defaults(run="server_cmds:cmd_revoke")

    p = commands.add_parser("members", help="who may do what on a server project")
    p.add_argument("url", metavar="URL", help=URL_HELP)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="server_cmds:cmd_members")

    p = commands.add_parser("push", help="upload a local project whole into a database that "
                                         "'server init' prepared")
    p.add_argument("project", type=Path, metavar="PROJECT.qcode")
    p.add_argument("url", metavar="URL", help=URL_HELP)
    p.set_defaults(run="server_transfer_cmds:cmd_push")

    p = commands.add_parser("pull", help="a local copy of a server project, for offline work "
                                         "(bring it back with: qcode merge URL COPY)")
    p.add_argument("url", metavar="URL", help=URL_HELP)
    p.add_argument("project", type=Path, metavar="COPY.qcode")
    p.set_defaults(run="server_transfer_cmds:cmd_pull")

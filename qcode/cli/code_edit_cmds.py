"""CLI: code remove | rename | move, each one transaction and one line of output."""

from __future__ import annotations

import argparse

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.cli.common import fail, opened, print_json
from qcode.cli.parser import TOP_LEVEL
from qcode.models import Code, Coding
from qcode.names import check_name
from qcode.ops.codebook import delete_code, move_code, rename_code
from qcode.queries import code_paths
from qcode.resolve import resolve_code
from qcode.wording import plural


def _own_codings(session: Session, code_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Coding)
                          .where(Coding.code_id == code_id)) or 0


def _summary(code: Code, path: str, **more: object) -> dict:
    return dict(id=code.id, uuid=code.uuid, path=path, **more)


def cmd_code_remove(args: argparse.Namespace) -> int:
    with opened(args.project) as project, project.transaction() as s:
        code = resolve_code(s, args.code)
        path = code_paths(s)[code.id]
        codings = _own_codings(s, code.id)
        if codings and not args.force:
            them = "it" if codings == 1 else "them"
            fail(f"code {path!r} has {plural(codings, 'coding')}; add --force to remove "
                 f"{them} with the code")
        summary = _summary(code, path, codings_removed=codings)
        changes = delete_code(s, code_id=code.id)
    summary["messages"] = list(changes.messages)
    if args.json:
        print_json(summary)
        return 0
    removed = f" and its {plural(codings, 'coding')}" if codings else ""
    print("; ".join([f"removed code {path}{removed}", *changes.messages]))
    return 0


def cmd_code_rename(args: argparse.Namespace) -> int:
    with opened(args.project) as project, project.transaction() as s:
        code = resolve_code(s, args.code)
        old = code_paths(s)[code.id]
        unchanged = check_name(args.name) == code.name
        if not unchanged:
            rename_code(s, code_id=code.id, name=args.name)
        summary = _summary(code, code_paths(s)[code.id], previous_path=old,
                           changed=not unchanged)
    if args.json:
        print_json(summary)
    elif unchanged:
        print(f"nothing to change: {old} is already named {code.name}")
    else:
        print(f"renamed {old} to {summary['path']}")
    return 0


def cmd_code_move(args: argparse.Namespace) -> int:
    with opened(args.project) as project, project.transaction() as s:
        code = resolve_code(s, args.code)
        top = args.parent.strip() == TOP_LEVEL
        parent_id = None if top else resolve_code(s, args.parent).id
        paths = code_paths(s)
        old = paths[code.id]
        unchanged = parent_id == code.parent_id
        if not unchanged:
            move_code(s, code_id=code.id, parent_id=parent_id)
        summary = _summary(code, code_paths(s)[code.id], previous_path=old,
                           changed=not unchanged)
    where = "the top level" if top else summary["path"]
    if args.json:
        print_json(summary)
    elif unchanged:
        under = "at the top level" if top else f"under {paths[parent_id]}"
        print(f"nothing to change: {old} is already {under}")
    else:
        print(f"moved {old} to {where}")
    return 0

"""CLI: codes, code add (and remove|rename|move: code_edit_cmds), codebook import|export."""

from __future__ import annotations

import argparse

from qcode.cli.common import opened, print_json
from qcode.project import Project
from qcode.wording import plural


def codebook_tree(project: Project) -> list[dict]:
    """The codebook as nested dicts in codebook order, with segment and document counts: the
    code's own, and ``segments_total``/``documents_total`` with all the codes below it."""
    from qcode.browse.codebook import codebook_nodes

    with project.reading() as s:
        nodes = codebook_nodes(s)  # parents before children
    by_id: dict[int, dict] = {}
    roots: list[dict] = []
    for n in nodes:
        by_id[n.id] = dict(id=n.id, uuid=n.uuid, name=n.name, path=n.path, colour=n.colour,
                           description=n.description, segments=n.segments,
                           documents=n.documents, segments_total=n.segments_total,
                           documents_total=n.documents_total, children=[])
        siblings = by_id[n.parent_id]["children"] if n.parent_id is not None else roots
        siblings.append(by_id[n.id])
    return roots


def cmd_codes(args: argparse.Namespace) -> int:
    with opened(args.project, readonly=True) as project:
        tree = codebook_tree(project)
    if args.json:
        print_json(tree)
        return 0
    if not tree:
        print("the codebook is empty")
        return 0

    def show(node: dict, depth: int) -> None:
        print(f"{'  ' * depth}{node['name']}  [{node['colour']}]  "
              f"{_count(node, 'segments', 'segment')}, {_count(node, 'documents', 'document')}")
        for child in node["children"]:
            show(child, depth + 1)

    for root in tree:
        show(root, 0)
    return 0


def _count(node: dict, what: str, word: str) -> str:
    """The code's own count, and in brackets its sub-tree's when that is more: "0 (137)
    segments", "1 segment"."""
    own, total = node[what], node[f"{what}_total"]
    shown = f"{own} ({total})" if total != own else str(own)
    return f"{shown} {word}{'s' * (total != 1)}"


def cmd_code_add(args: argparse.Namespace) -> int:
    from qcode.ops.codebook import create_code_path

    with opened(args.project) as project, project.transaction() as s:
        changes = create_code_path(s, path=args.path, colour=args.colour,
                                   description=args.description)
    print(changes.description)
    return 0


def cmd_codebook_import(args: argparse.Namespace) -> int:
    """A CSV (path, colour, description), or by its suffix a REFI-QDA codebook (.qdc)."""
    from qcode.cli.exchange_cmds import import_codebook_qdc, is_qdc, refuse_misplaced

    if is_qdc(args.file):
        return import_codebook_qdc(args.project, args.file, args.json)
    refuse_misplaced([args.file], into="codebook")  # a .qdpx or .qde is a whole project
    from qcode.importers.codebook_csv import read_codebook_csv
    from qcode.ops.codebook_import import import_codebook

    rows = read_codebook_csv(args.file)
    with opened(args.project) as project, project.transaction() as s:
        changes = import_codebook(s, rows=rows)
    if args.json:
        print_json({"file": args.file.name, "rows": len(rows), "codes": len(changes.codes)})
    else:
        print(f"{plural(len(rows), 'codebook row')} read; "
              f"{plural(len(changes.codes), 'code')} added or updated")
    return 0


def cmd_codebook_export(args: argparse.Namespace) -> int:
    """A CSV, or by its suffix a REFI-QDA codebook (.qdc)."""
    from qcode.cli.exchange_cmds import export_codebook, is_qdc

    if is_qdc(args.file):
        return export_codebook(args.project, args.file, args.json)
    from qcode.export.codebook_csv import export_codebook_csv

    with opened(args.project, readonly=True) as project, project.reading() as s:
        count = export_codebook_csv(s, args.file)
    if args.json:
        print_json({"file": args.file.name, "codes": count})
    else:
        print(f"wrote {count} codes to {args.file}")
    return 0

"""CLI: coding add, coding import, codings."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import select

from qcode.cli.common import opened, print_json
from qcode.models import Coder, Coding, Document
from qcode.ops.coders import default_coder_name, ensure_coder
from qcode.ops.codings import add_coding
from qcode.project import Project
from qcode.queries import code_paths, find_code, find_document


def register(sub: argparse._SubParsersAction) -> None:
    coding = sub.add_parser("coding", help="add or import codings").add_subparsers(
        dest="action", metavar="ACTION", required=True)
    p = coding.add_parser("add", help="apply a code to a span of a document")
    p.add_argument("project", type=Path)
    p.add_argument("--doc", required=True, help="document name or id")
    p.add_argument("--code", required=True, help="code path, e.g. 'Trust/Credibility'")
    p.add_argument("--start", type=int, required=True, help="first character (code points, from 0)")
    p.add_argument("--end", type=int, required=True, help="character after the last (exclusive)")
    p.add_argument("--coder", default=None, help="who codes (default: your login name)")
    p.add_argument("--memo", default="")
    p.set_defaults(run=cmd_coding_add)

    p = coding.add_parser("import", help="bulk codings from CSV: document, code, start, end"
                          " [, coder, memo]; all or nothing")
    p.add_argument("project", type=Path)
    p.add_argument("csv", type=Path)
    p.add_argument("--coder", default=None, help="coder for rows without one")
    p.set_defaults(run=cmd_coding_import)

    p = sub.add_parser("codings", help="list codings with the covered text")
    p.add_argument("project", type=Path)
    p.add_argument("--doc", help="only this document (name or id)")
    p.add_argument("--code", help="only this code (path)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_codings)


def cmd_coding_add(args: argparse.Namespace) -> int:
    with opened(args.project) as project, project.transaction() as s:
        doc = find_document(s, args.doc)
        code = find_code(s, args.code)
        coder_id, _ = ensure_coder(s, args.coder or default_coder_name())
        changes = add_coding(s, document_id=doc.id, code_id=code.id, coder_id=coder_id,
                             start=args.start, end=args.end, memo=args.memo)
    print(f"coding {next(iter(changes.codings))}: {args.code} on {doc.name} "
          f"[{args.start}, {args.end})")
    return 0


def cmd_coding_import(args: argparse.Namespace) -> int:
    from qcode.importers.codings_csv import read_codings_csv
    from qcode.ops.codebook import import_codings

    rows = read_codings_csv(args.csv)
    with opened(args.project) as project, project.transaction() as s:
        changes = import_codings(s, rows=rows, default_coder=args.coder or default_coder_name())
    print(f"imported {len(changes.codings)} codings")
    return 0


def coding_rows(project: Project, doc: str | None, code: str | None) -> list[dict]:
    with project.reading() as s:
        query = (select(Coding, Document.name, Coder.name)
                 .join(Document, Document.id == Coding.document_id)
                 .join(Coder, Coder.id == Coding.coder_id)
                 .order_by(Document.position, Document.id, Coding.start, Coding.end, Coding.id))
        if doc is not None:
            query = query.where(Coding.document_id == find_document(s, doc).id)
        if code is not None:
            query = query.where(Coding.code_id == find_code(s, code).id)
        paths = code_paths(s)
        return [
            dict(id=c.id, uuid=c.uuid, document=dname, code=paths[c.code_id], coder=cname,
                 start=c.start, end=c.end, text=c.text, memo=c.memo)
            for c, dname, cname in s.execute(query)
        ]


def cmd_codings(args: argparse.Namespace) -> int:
    with opened(args.project, readonly=True) as project:
        rows = coding_rows(project, args.doc, args.code)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        quote = " ".join(r["text"].split())
        quote = quote if len(quote) <= 100 else quote[:97] + "..."
        print(f"{r['id']:>5}  {r['document']}  [{r['start']}, {r['end']})  {r['code']}  "
              f"({r['coder']})  {quote}")
    if not rows:
        print("no codings")
    return 0

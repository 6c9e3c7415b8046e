"""CLI: new, import, docs, text, demo."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.cli.common import EXIT_USAGE, fail, opened, print_json, progress_bar
from qcode.models import Attribute, Coding, Document, DocumentAttribute, SpeakerTurn
from qcode.project import Project
from qcode.resolve import resolve_document

if TYPE_CHECKING:
    from qcode.importers import ReadBatch

JsonValue = str | int | float


def cmd_new(args: argparse.Namespace) -> int:
    Project.create(args.project).close()
    print(f"created {args.project}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from qcode.cli.exchange_cmds import import_qdpx_command, is_qdpx, refuse_misplaced

    if any(is_qdpx(path) for path in args.paths):  # a whole project, not transcripts
        return import_qdpx_command(args)
    refuse_misplaced(args.paths, into="import")  # a .qdc or .qde: say which command takes it
    from qcode.importers import read_documents  # the readers of every format: for import only
    from qcode.ops.importing import import_into

    if not args.paths and args.attributes is None:
        fail("name the files or folders to import, or an attributes table (--attributes CSV)",
             EXIT_USAGE)
    with opened(args.project) as project:
        with progress_bar("importing") as bar:
            batch = read_documents(args.paths, progress=bar)
        _refuse_taken_names(project, batch)
        summary = import_into(project, batch, attributes_csv=args.attributes)
    for path, reason in summary.failures:
        print(f"qcode: {_shown(path)}: {reason}", file=sys.stderr)
    if args.json:
        print_json(summary.as_dict())
    else:
        for message in summary.messages:
            print(message)
        for path, reason in summary.skipped:
            print(f"{_shown(path)}: {reason}; skipped")
        print(summary.line() if args.paths else
              f"set {summary.attributes} attribute values from {args.attributes.name}")
    return 1 if summary.failures else 0


def _refuse_taken_names(project: Project, batch: ReadBatch) -> None:
    """A new text under the name of a document already here is most likely a corrected
    transcript: adding it as "E07 (2)" would leave the codings on the old one, so nothing is
    imported and ``qcode reimport`` is named. (An identical file is still just skipped.)"""
    with project.reading() as s:
        named = dict(s.execute(select(Document.name, Document.sha256)).all())
    for doc in batch.documents:
        name = doc.name.strip()
        if name in named and named[name] != doc.sha256:
            fail(f"{doc.original_filename}: a document named {name!r} is already in the "
                 f"project; nothing imported. To replace its text keeping its codings: "
                 f"qcode reimport PROJECT {name!r} FILE")


def _shown(path: Path) -> str:
    """A file's name, or a folder's with a slash ("interviews/"), as a message names it."""
    return f"{path.name}/" if path.is_dir() else path.name


def document_rows(project: Project, where: tuple[str, ...] = ()) -> list[dict]:
    """id, name, characters, turns, codings and attributes per document, counted in SQL;
    only the documents passing the ``--where`` filters (as every export takes them)."""
    from qcode.analysis.options import Filters, parse_where
    from qcode.analysis.scope import resolve

    filters = Filters(where=tuple(parse_where(w) for w in where))
    turns = (select(SpeakerTurn.document_id, func.count().label("n"))
             .group_by(SpeakerTurn.document_id).subquery())
    codings = (select(Coding.document_id, func.count().label("n"))
               .group_by(Coding.document_id).subquery())
    query = (
        select(Document.id, Document.name, func.length(Document.text), Document.direction,
               func.coalesce(turns.c.n, 0), func.coalesce(codings.c.n, 0))
        .outerjoin(turns, turns.c.document_id == Document.id)
        .outerjoin(codings, codings.c.document_id == Document.id)
        .order_by(Document.position, Document.id)
    )
    with project.reading() as s:
        query = query.where(resolve(s, filters).documents(Document.id))
        attributes = document_attributes(s)
        return [
            dict(id=i, name=n, characters=c, direction=d, turns=t, codings=k,
                 attributes=attributes.get(i, {}))
            for i, n, c, d, t, k in s.execute(query)
        ]


def document_attributes(session: Session) -> dict[int, dict[str, JsonValue]]:
    """Each document's attribute values by name, in the attributes' order, typed for JSON
    (see :func:`json_value`); a document without a value for an attribute lacks its key."""
    rows = session.execute(
        select(DocumentAttribute.document_id, Attribute.name, Attribute.type,
               DocumentAttribute.value)
        .join(Attribute, Attribute.id == DocumentAttribute.attribute_id)
        .order_by(Attribute.position, Attribute.id))
    values: dict[int, dict[str, JsonValue]] = {}
    for doc_id, name, type_, value in rows:
        values.setdefault(doc_id, {})[name] = json_value(value, type_)
    return values


def json_value(value: str, type_: str) -> JsonValue:
    """A stored (canonical text) value as scripts want it: a number attribute's value as a
    JSON number, an integer when it is integral (``12``, not ``12.0``); dates stay ISO text."""
    if type_ != "number":
        return value
    try:
        number = float(value)
    except ValueError:  # not canonical after all: say what is stored rather than fail
        return value
    if not math.isfinite(number):  # JSON has no infinity
        return value
    if number.is_integer():
        return int(value) if value.lstrip("-").isdigit() else int(number)
    return number


def cmd_docs(args: argparse.Namespace) -> int:
    with opened(args.project, readonly=True) as project:
        rows = document_rows(project, tuple(args.where))
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("no documents")
        return 0
    width = max(len(r["name"]) for r in rows)
    print(f"{'id':>4}  {'name':<{width}}  {'characters':>10}  {'turns':>5}  {'codings':>7}")
    for r in rows:
        print(f"{r['id']:>4}  {r['name']:<{width}}  {r['characters']:>10}  {r['turns']:>5}  "
              f"{r['codings']:>7}")
    return 0


def cmd_text(args: argparse.Namespace) -> int:
    with opened(args.project, readonly=True) as project, project.reading() as s:
        text = resolve_document(s, args.doc).text
    data = memoryview(text.encode("utf-8"))
    while data:  # a closed pipe cuts a big write short without an error: write on to see it
        data = data[sys.stdout.buffer.write(data):]
    sys.stdout.buffer.flush()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from qcode.ops.demo import build_demo

    with progress_bar("building demo") as bar:
        summary = build_demo(args.path, progress=bar)
    print(summary)
    return 0

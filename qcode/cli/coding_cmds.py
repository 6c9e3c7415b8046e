"""CLI: coding add | remove | import, codings."""

from __future__ import annotations

import argparse
from collections.abc import Iterable

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from qcode.cli.common import EXIT_USAGE, fail, opened, print_json
from qcode.cli.spans import check_span_arguments, chosen_span
from qcode.covered import covered_texts
from qcode.errors import NotFound
from qcode.models import Coder, Coding, Document
from qcode.ops.coders import default_coder_name, ensure_coder
from qcode.ops.codings import add_coding, remove_codings
from qcode.project import Project
from qcode.queries import code_paths, descendant_ids
from qcode.resolve import resolve_code, resolve_document
from qcode.server.identity import check_coder_column, login_coder_id, writing_coder


def _query() -> Select:
    return (select(Coding, Document.name, Coder.name, Document.version)
            .join(Document, Document.id == Coding.document_id)
            .join(Coder, Coder.id == Coding.coder_id)
            .order_by(Document.position, Document.id, Coding.start, Coding.end, Coding.id))


def _dicts(session: Session, query: Select) -> list[dict]:
    """Codings as ``qcode codings --json`` shows them."""
    paths = code_paths(session)
    rows = session.execute(query).all()
    texts = covered_texts(session, [(c.document_id, c.version, c.start, c.end)
                                    for c, _, _, _ in rows])
    return [_as_dict(c, dname, cname, text, unplaced=c.version != current, paths=paths)
            for (c, dname, cname, current), text in zip(rows, texts, strict=True)]


def _as_dict(c: Coding, document: str, coder: str, text: str, *, unplaced: bool,
             paths: dict[int, str]) -> dict:
    """One coding; an unplaced one (left on an earlier text of its document by a re-import)
    has no offsets in the current text, only the ``text`` it covered there."""
    return dict(id=c.id, uuid=c.uuid, document=document, code=paths[c.code_id], coder=coder,
                start=None if unplaced else c.start, end=None if unplaced else c.end,
                text=text, memo=c.memo, unplaced=unplaced)


def _where(row: dict) -> str:
    if row.get("unplaced"):
        return f"{row['code']} on {row['document']} (unplaced: {row['text']!r})"
    return f"{row['code']} on {row['document']} [{row['start']}, {row['end']})"


def coder_id_for(session: Session, project: Project, name: str) -> int:
    """The coders row new codings get: the login's on a server (the owner made it; nobody
    else may), ``name``'s in a file (made when new)."""
    if project.on_server:
        return login_coder_id(session, project)
    return ensure_coder(session, name)[0]


def cmd_coding_add(args: argparse.Namespace) -> int:
    check_span_arguments(args)
    with opened(args.project) as project, project.transaction() as s:
        coder = writing_coder(project, args.coder, default_coder_name())
        doc = resolve_document(s, args.doc)
        code = resolve_code(s, args.code)
        start, end = chosen_span(args, doc)
        coder_id = coder_id_for(s, project, coder)
        changes = add_coding(s, document_id=doc.id, code_id=code.id, coder_id=coder_id,
                             start=start, end=end, memo=args.memo)
        query = _query().where(Coding.document_id == doc.id, Coding.code_id == code.id,
                               Coding.coder_id == coder_id, Coding.start == start,
                               Coding.end == end)
        row = _dicts(s, query)[0]
    if args.json:
        print_json(row)
    elif changes.codings:
        print(f"coding {row['id']}: {_where(row)}")
    else:
        print(f"{_where(row)} is already coded by {coder} (coding {row['id']}); nothing added")
    return 0


def cmd_coding_remove(args: argparse.Namespace) -> int:
    _check_remove_arguments(args)
    with opened(args.project) as project, project.transaction() as s:
        rows = _by_reference(s, args.codings) if args.codings else _by_span(s, args)
        remove_codings(s, coding_ids=[r["id"] for r in rows])
    if args.json:
        print_json(rows)
    elif len(rows) == 1:
        print(f"removed coding {rows[0]['id']}: {_where(rows[0])}")
    else:
        print(f"removed {len(rows)} codings: {', '.join(str(r['id']) for r in rows)}")
    return 0


def _check_remove_arguments(args: argparse.Namespace) -> None:
    by_span = [args.doc, args.code, args.start, args.end, args.text, args.coder]
    if args.codings and any(a is not None for a in by_span):
        fail("give coding ids, or --doc, --code and the span, not both", EXIT_USAGE)
    if not args.codings:
        if args.doc is None or args.code is None:
            fail("give coding ids, or --doc, --code and the span (--start/--end or --text)",
                 EXIT_USAGE)
        check_span_arguments(args)


def _by_reference(session: Session, refs: Iterable[str]) -> list[dict]:
    """The codings named by id (a number) or uuid, each once, in the order given."""
    rows: dict[int, dict] = {}
    for ref in refs:
        ref = ref.strip()
        match = (Coding.id == int(ref)) if ref.isdigit() else Coding.uuid.in_({ref, ref.lower()})
        found = _dicts(session, _query().where(match))
        if not found:
            raise NotFound(f"no coding with {'id' if ref.isdigit() else 'uuid'} {ref}")
        rows.setdefault(found[0]["id"], found[0])
    return list(rows.values())


def _by_span(session: Session, args: argparse.Namespace) -> list[dict]:
    """The one coding of a code on a span (of ``--coder``'s, when several coders coded it)."""
    doc = resolve_document(session, args.doc)
    code = resolve_code(session, args.code)
    start, end = chosen_span(args, doc)
    query = _query().where(Coding.document_id == doc.id, Coding.code_id == code.id,
                           Coding.start == start, Coding.end == end)
    if args.coder is not None:
        query = query.where(Coder.name == args.coder.strip())
    rows = _dicts(session, query)
    where = _where(dict(code=code_paths(session)[code.id], document=doc.name, start=start,
                        end=end))
    if not rows:
        by = f" by {args.coder.strip()}" if args.coder is not None else ""
        raise NotFound(f"no coding of {where}{by}")
    if len(rows) > 1:
        coders = ", ".join(r["coder"] for r in rows)
        ids = ", ".join(str(r["id"]) for r in rows)
        fail(f"{len(rows)} codings of {where}, by {coders}; add --coder, or give their ids "
             f"({ids})")
    return rows


def cmd_coding_import(args: argparse.Namespace) -> int:
    from qcode.importers.codings_csv import read_codings_csv
    from qcode.ops.codebook_import import import_codings

    rows = read_codings_csv(args.csv)
    with opened(args.project) as project, project.transaction() as s:
        check_coder_column(project, args.csv, (row.coder for row in rows))
        default = writing_coder(project, args.coder, default_coder_name())
        changes = import_codings(s, rows=rows, default_coder=default)
    print(f"imported {len(changes.codings)} codings")
    return 0


def coding_rows(session: Session, doc: str | None, code: str | None, own: bool = False, *,
                unplaced: bool = False) -> list[dict]:
    """The codings ``qcode codings`` lists: of a document, of a code and the codes below it (as
    ``export segments --code`` counts them) or, ``own``, of the code alone; ``unplaced``: only
    those left on an earlier text of their document."""
    query = _query()
    if unplaced:
        query = query.where(Coding.version != Document.version)
    if doc is not None:
        query = query.where(Coding.document_id == resolve_document(session, doc).id)
    if code is not None:
        query = query.where(Coding.code_id.in_(_code_ids(session, code, own)))
    return _dicts(session, query)


def _code_ids(session: Session, code: str, own: bool) -> list[int]:
    code_id = resolve_code(session, code).id
    return [code_id] if own else [code_id, *descendant_ids(session, code_id)]


def cmd_codings(args: argparse.Namespace) -> int:
    with opened(args.project, readonly=True) as project, project.reading() as s:
        rows = coding_rows(s, args.doc, args.code, args.own, unplaced=args.unplaced)
        below = _below_note(s, args) if not rows and not args.json else ""
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        quote = " ".join(r["text"].split())
        quote = quote if len(quote) <= 100 else quote[:97] + "..."
        where = "unplaced" if r["unplaced"] else f"[{r['start']}, {r['end']})"
        print(f"{r['id']:>5}  {r['document']}  {where}  {r['code']}  ({r['coder']})  {quote}")
    if not rows:
        print(below or "no codings")
    return 0


def _below_note(session: Session, args: argparse.Namespace) -> str:
    """For ``--own`` with nothing listed: how many codings the codes below have, if any."""
    if args.code is None or not args.own:
        return ""
    code_id = resolve_code(session, args.code).id
    query = select(func.count()).select_from(Coding).where(
        Coding.code_id.in_(descendant_ids(session, code_id)))
    if args.doc is not None:
        query = query.where(Coding.document_id == resolve_document(session, args.doc).id)
    below = session.scalar(query) or 0
    if not below:
        return ""
    return (f"no codings of {code_paths(session)[code_id]} itself; the codes below it have "
            f"{below} (leave out --own to list them)")

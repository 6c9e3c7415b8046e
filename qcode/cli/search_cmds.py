"""CLI: search, autocode, export kwic (their arguments: :mod:`qcode.cli.search_args`).

``search`` and ``export kwic`` open the project read-only. ``autocode`` codes in one
transaction (all the codings, and the code when it is created, or nothing); ``--dry-run``
opens the project read-only and only counts.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qcode.analysis import Filters, parse_where
from qcode.cli.common import EXIT_USAGE, fail, opened, print_json, progress_bar
from qcode.errors import InputError
from qcode.ops.autocode import (
    autocode,
    autocode_memo,
    ensure_autocode_code,
    existing_code,
    plan_autocode,
)
from qcode.ops.coders import coder_id_named, default_coder_name, ensure_coder
from qcode.queries import code_paths
from qcode.resolve import typed_path
from qcode.search.corpus import search
from qcode.search.query import Hit, SearchQuery
from qcode.search.units import UnitSpans, is_empty_query, spans_for

_WHITE_SPACE = re.compile(r"\s+")


def search_query(args: argparse.Namespace) -> SearchQuery:
    """The query the options describe; a wrong value is a usage error."""
    mode = "regex" if args.regex else "fuzzy" if args.fuzzy else "exact"
    try:
        filters = Filters(coders=tuple(args.scope_coders),
                          where=tuple(parse_where(w) for w in args.where))
        return SearchQuery(text=args.query, mode=mode, whole_words=args.whole_words,
                           case_sensitive=args.case_sensitive, normalise=not args.exact_spelling,
                           speaker=args.speaker, code=args.scope_code, filters=filters,
                           context=args.context)
    except InputError as exc:
        fail(str(exc), EXIT_USAGE)


def hit_dict(hit: Hit) -> dict[str, Any]:
    """One hit as ``qcode search --json`` gives it."""
    return {"document": hit.document, "start": hit.start, "end": hit.end, "text": hit.text,
            "left": hit.left, "right": hit.right, "speaker": hit.speaker, "score": hit.score}


def _flat(text: str) -> str:
    """Text on one line: every run of white space (line breaks too) as one space."""
    return _WHITE_SPACE.sub(" ", text)


def hit_line(hit: Hit, fuzzy: bool = False) -> str:
    """One readable line: document, span, speaker, the hit in [brackets] in its context."""
    speaker = f" ({hit.speaker})" if hit.speaker else ""
    score = f" ({hit.score:.0f}%)" if fuzzy else ""
    return (f"{hit.document} [{hit.start}, {hit.end}){score}{speaker} "
            f"{_flat(hit.left).lstrip()}[{_flat(hit.text)}]{_flat(hit.right).rstrip()}")


def _summary(shown: int, total: int, documents: int) -> str:
    if not total:
        return "no hits"
    if shown < total:  # where the others are is not known: they were not built
        return f"{_plural(total, 'hit')} (the first {shown} listed; see --limit)"
    return f"{_plural(total, 'hit')} in {_plural(documents, 'document')}"


def cmd_search(args: argparse.Namespace) -> int:
    query = search_query(args)
    if args.limit is not None and args.limit < 0:
        fail("--limit must be 0 or more", EXIT_USAGE)
    with opened(args.project, readonly=True) as project, project.reading() as s, \
            progress_bar("Searching") as bar:
        result = search(s, query, limit=args.limit, progress=bar)
    if args.json:
        print_json({"hits": [hit_dict(h) for h in result.hits], "total": result.total})
        return 0
    for hit in result.hits:
        print(hit_line(hit, fuzzy=query.mode == "fuzzy"))
    documents = len({h.document_id for h in result.hits})
    print(_summary(len(result.hits), result.total, documents))
    return 0


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'s' * (count != 1)}"


def cmd_autocode(args: argparse.Namespace) -> int:
    query = search_query(args)
    coder = (args.coder or default_coder_name()).strip()
    if not coder:
        fail("a coder needs a name (--coder)", EXIT_USAGE)
    run = _plan if args.dry_run else _code
    report = run(args, query, coder)
    if args.json:
        print_json(report)
    else:
        print("\n".join(_autocode_lines(report)))
    return 0


def _plan(args: argparse.Namespace, query: SearchQuery, coder: str) -> dict[str, Any]:
    """The dry run: the project is opened read-only, and only counted."""
    with opened(args.project, readonly=True) as project, project.reading() as s, \
            progress_bar("Searching") as bar:
        code = existing_code(s, args.target_code)
        found = spans_for(s, query, args.unit, progress=bar)
        plan = plan_autocode(s, spans=found.spans, code_id=None if code is None else code.id,
                             coder_id=coder_id_named(s, coder))
        path = typed_path(args.target_code) if code is None else code_paths(s)[code.id]
    return _report(args, query, coder, found, path=path, created=code is None and
                   bool(plan.fresh), codings=plan.count, skipped=plan.skipped)


def _code(args: argparse.Namespace, query: SearchQuery, coder: str) -> dict[str, Any]:
    """Code in one transaction: the code (when created), the coder and every coding."""
    with opened(args.project) as project, project.transaction() as s, \
            progress_bar("Searching") as bar:
        found = spans_for(s, query, args.unit, progress=bar)
        if not found.spans:  # nothing to code: no empty code is left behind
            code = existing_code(s, args.target_code)
            path = typed_path(args.target_code) if code is None else code_paths(s)[code.id]
            return _report(args, query, coder, found, path=path, created=False, codings=0,
                           skipped=0)
        code_id, made = ensure_autocode_code(s, args.target_code)
        coder_id, _ = ensure_coder(s, coder)
        changes = autocode(s, spans=found.spans, code_id=code_id, coder_id=coder_id,
                           memo=autocode_memo(query, args.unit))
        path = code_paths(s)[code_id]
    return _report(args, query, coder, found, path=path, created=made is not None,
                   codings=len(changes.codings), skipped=len(found.spans) - len(changes.codings),
                   ids=sorted(changes.codings))


def _report(args: argparse.Namespace, query: SearchQuery, coder: str, found: UnitSpans, *,
            path: str, created: bool, codings: int, skipped: int,
            ids: list[int] | None = None) -> dict[str, Any]:
    """What ``autocode --json`` says (and the text lines are made from)."""
    report = {"dry_run": args.dry_run, "query": query.describe(),
              "memo": autocode_memo(query, args.unit), "unit": args.unit,
              "speaker_turns": query.speaker if is_empty_query(query) else None,
              "code": path, "code_created": created, "coder": coder, "hits": found.hits,
              "passages": len(found.spans), "codings": codings, "skipped": skipped,
              "uncoded_hits": found.uncoded}
    if ids is not None:
        report["coding_ids"] = ids
    return report


def _autocode_lines(report: dict[str, Any]) -> list[str]:
    dry, unit = report["dry_run"], report["unit"]
    lines = []
    if report["code_created"]:
        lines.append(f"{'would create' if dry else 'created'} code {report['code']!r}")
    what = f"{'would code' if dry else 'coded'} {_plural(report['codings'], unit)}"
    lines.append(f"{what} with {report['code']!r} as {report['coder']} "
                 f"({_source(report)})" if report["passages"] else
                 f"nothing found: nothing {'would be ' if dry else ''}coded")
    if report["skipped"]:
        lines.append(f"{_plural(report['skipped'], unit)} already coded with this code by "
                     f"{report['coder']}: skipped")
    if report["uncoded_hits"]:
        lines.append(f"{_plural(report['uncoded_hits'], 'hit')} in no {unit}: not coded")
    if dry:
        lines.append("dry run: nothing was changed")
    return lines


def _source(report: dict[str, Any]) -> str:
    if report["speaker_turns"]:
        return f"every turn of {report['speaker_turns']}"
    return f"from {_plural(report['hits'], 'hit')}"


def _kwic_writer(out: Path) -> Callable[..., Path]:
    from qcode.export.files import check_folder
    from qcode.export.kwic import write_kwic_csv, write_kwic_xlsx

    writers: dict[str, Callable[..., Path]] = {".csv": write_kwic_csv, ".xlsx": write_kwic_xlsx}
    suffix = out.suffix.lower()
    if suffix not in writers:
        fail(f"{out.name}: cannot write {suffix or 'a file without suffix'} here "
             f"(use {' or '.join(writers)})", EXIT_USAGE)
    check_folder(out)  # said before the search, not after it
    return writers[suffix]


def cmd_export_kwic(args: argparse.Namespace) -> int:
    from qcode.export.files import written_together
    from qcode.export.manifest import Source
    from qcode.search.kwic import build_kwic

    query = search_query(args)
    write = _kwic_writer(args.out)
    extra = {"bom": args.bom} if args.out.suffix.lower() == ".csv" else {}
    with opened(args.project, readonly=True) as project:
        with project.reading() as s, progress_bar("Searching") as bar:
            table = build_kwic(s, query, progress=bar)
        with written_together():  # the file and its manifest, or neither
            manifest = write(table, args.out, source=Source.of(project), **extra)
    print(f"wrote {args.out}: {_plural(len(table.hits), 'hit')} (query and rules in "
          f"{manifest.name})")
    return 0

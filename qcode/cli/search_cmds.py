"""CLI: search and export kwic (their arguments: :mod:`qcode.cli.search_args`); both open the
project read-only. ``autocode`` is in :mod:`qcode.cli.autocode_cmd`, so a search loads none of
the coding machinery.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qcode.analysis import Filters, parse_where
from qcode.cli.common import EXIT_USAGE, checked_writer, fail, opened, print_json, progress_bar
from qcode.errors import InputError
from qcode.search.corpus import search
from qcode.search.query import DEFAULT_CONTEXT, Hit, SearchQuery
from qcode.wording import plural

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
                           context=getattr(args, "context", DEFAULT_CONTEXT))
    except InputError as exc:
        fail(str(exc), EXIT_USAGE)


def _refuse_empty(args: argparse.Namespace) -> None:
    """An empty query finds nothing in a search (autocode gives it a meaning: every turn of
    ``--speaker``), so it is a usage error rather than "no hits"; so is one of white space
    alone, but for a regular expression (where a space is a pattern)."""
    if not args.query or (not args.regex and not args.query.strip()):
        fail("nothing to search for: give a query", EXIT_USAGE)


def regex_timeout(args: argparse.Namespace) -> float:
    """``--regex-timeout``, checked."""
    if not args.regex_timeout > 0:
        fail("--regex-timeout must be more than 0 seconds", EXIT_USAGE)
    return float(args.regex_timeout)


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
        return f"{plural(total, 'hit')} (the first {shown} listed; see --limit)"
    return f"{plural(total, 'hit')} in {plural(documents, 'document')}"


def cmd_search(args: argparse.Namespace) -> int:
    _refuse_empty(args)
    query = search_query(args)
    if args.limit is not None and args.limit < 0:
        fail("--limit must be 0 or more", EXIT_USAGE)
    timeout = regex_timeout(args)
    with opened(args.project, readonly=True) as project, project.reading() as s, \
            progress_bar("Searching") as bar:
        result = search(s, query, limit=args.limit, progress=bar, timeout=timeout)
    if args.json:
        print_json({"hits": [hit_dict(h) for h in result.hits], "total": result.total})
        return 0
    for hit in result.hits:
        print(hit_line(hit, fuzzy=query.mode == "fuzzy"))
    documents = len({h.document_id for h in result.hits})
    print(_summary(len(result.hits), result.total, documents))
    return 0


def _kwic_writer(out: Path) -> Callable[..., Path]:
    from qcode.export.kwic import write_kwic_csv, write_kwic_xlsx

    return checked_writer(out, {".csv": write_kwic_csv, ".xlsx": write_kwic_xlsx})


def cmd_export_kwic(args: argparse.Namespace) -> int:
    from qcode.export.files import written_together
    from qcode.export.manifest import Source
    from qcode.search.kwic import build_kwic

    _refuse_empty(args)
    query = search_query(args)
    timeout = regex_timeout(args)
    write = _kwic_writer(args.out)
    extra = {"bom": args.bom} if args.out.suffix.lower() == ".csv" else {}
    with opened(args.project, readonly=True) as project:
        with project.reading() as s, progress_bar("Searching") as bar:
            table = build_kwic(s, query, progress=bar, timeout=timeout)
        with written_together():  # the file and its manifest, or neither
            manifest = write(table, args.out, source=Source.of(project), **extra)
    print(f"wrote {args.out}: {plural(len(table.hits), 'hit')} (query and rules in "
          f"{manifest.name})")
    return 0

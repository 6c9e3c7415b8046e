"""CLI: autocode (arguments: :mod:`qcode.cli.search_args`).

It codes in one transaction (all the codings, and the code when it is created, or nothing);
``--dry-run`` opens the project read-only and only counts.
"""

from __future__ import annotations

import argparse
from typing import Any

from qcode.cli.coding_cmds import coder_id_for
from qcode.cli.common import EXIT_USAGE, fail, opened, print_json, progress_bar
from qcode.cli.search_cmds import regex_timeout, search_query
from qcode.ops.autocode import (
    autocode,
    autocode_memo,
    ensure_autocode_code,
    existing_code,
    plan_autocode,
)
from qcode.ops.codebook_create import checked_path
from qcode.ops.coders import coder_id_named, default_coder_name
from qcode.project import Project
from qcode.queries import code_paths
from qcode.resolve import typed_path
from qcode.search.query import SearchQuery
from qcode.search.units import UnitSpans, is_empty_query, spans_for
from qcode.server.identity import writing_coder
from qcode.wording import plural


def cmd_autocode(args: argparse.Namespace) -> int:
    query = search_query(args)
    run = _plan if args.dry_run else _code
    report = run(args, query)
    if args.json:
        print_json(report)
    else:
        print("\n".join(_autocode_lines(report)))
    return 0


def _coder(project: Project, args: argparse.Namespace) -> str:
    """Who codes: the login on a server (``--coder`` naming anyone else is refused)."""
    coder = writing_coder(project, args.coder, default_coder_name())
    if not coder:
        fail("a coder needs a name (--coder)", EXIT_USAGE)
    return coder


def _plan(args: argparse.Namespace, query: SearchQuery) -> dict[str, Any]:
    """The dry run: the project is opened read-only, and only counted."""
    with opened(args.project, readonly=True) as project, project.reading() as s, \
            progress_bar("Searching") as bar:
        coder = _coder(project, args)
        code = existing_code(s, args.target_code)
        if code is None:
            checked_path(typed_path(args.target_code))  # refused now as the run would refuse
        found = spans_for(s, query, args.unit, progress=bar, timeout=regex_timeout(args))
        plan = plan_autocode(s, spans=found.spans, code_id=None if code is None else code.id,
                             coder_id=coder_id_named(s, coder))
        path = typed_path(args.target_code) if code is None else code_paths(s)[code.id]
    return _report(args, query, coder, found, path=path, created=code is None and
                   bool(plan.fresh), codings=plan.count, skipped=plan.skipped)


def _code(args: argparse.Namespace, query: SearchQuery) -> dict[str, Any]:
    """Code in one transaction: the code (when created), the coder and every coding."""
    with opened(args.project) as project, project.transaction() as s, \
            progress_bar("Searching") as bar:
        coder = _coder(project, args)
        found = spans_for(s, query, args.unit, progress=bar, timeout=regex_timeout(args))
        if not found.spans:  # nothing to code: no empty code is left behind
            code = existing_code(s, args.target_code)
            path = typed_path(args.target_code) if code is None else code_paths(s)[code.id]
            return _report(args, query, coder, found, path=path, created=False, codings=0,
                           skipped=0)
        code_id, made = ensure_autocode_code(s, args.target_code)
        coder_id = coder_id_for(s, project, coder)
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
    what = f"{'would code' if dry else 'coded'} {plural(report['codings'], unit)}"
    lines.append(f"{what} with {report['code']!r} as {report['coder']} "
                 f"({_source(report)})" if report["passages"] else
                 f"nothing found: nothing {'would be ' if dry else ''}coded")
    if report["skipped"]:
        lines.append(f"{plural(report['skipped'], unit)} already coded with this code by "
                     f"{report['coder']}: skipped")
    if report["uncoded_hits"]:
        lines.append(f"{plural(report['uncoded_hits'], 'hit')} in no {unit}: not coded")
    if dry:
        lines.append("dry run: nothing was changed")
    return lines


def _source(report: dict[str, Any]) -> str:
    if report["speaker_turns"]:
        return f"every turn of {report['speaker_turns']}"
    return f"from {plural(report['hits'], 'hit')}"

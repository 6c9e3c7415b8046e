"""Auto-coding: one code applied to every passage a search found, as one undoable operation.

The passages come from :func:`qcode.search.units.spans_for` (the hits, or the sentences,
paragraphs or turns holding them). A passage the coder has already coded with the code is
left alone and counted as skipped, so auto-coding twice adds nothing. The codings go into the
project in one bulk insert (:func:`qcode.ops.codings.add_coding_columns`), and the inverse
removes exactly the codings made, nothing the coder had before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.changes import Changes, no_change
from qcode.chunks import chunks
from qcode.errors import InputError
from qcode.models import Code, Coding, Document
from qcode.ops.codebook_create import ensure_code_path
from qcode.ops.codings import CodingColumns, add_coding_columns
from qcode.queries import PATH_SEP, code_paths
from qcode.resolve import resolve_code, typed_path
from qcode.search.query import SearchQuery
from qcode.search.units import CodingSpan, is_empty_query

MEMO_PREFIX = "Auto-coded"


@dataclass(frozen=True)
class AutocodePlan:
    """What auto-coding would do: the passages it would code, and how many it would skip
    because the coder has already coded them with the code."""

    fresh: tuple[CodingSpan, ...]
    skipped: int

    @property
    def count(self) -> int:
        return len(self.fresh)


def autocode_memo(query: SearchQuery, unit: str) -> str:
    """The memo of every coding an auto-coding makes: the query and the unit."""
    described = query.describe()
    if is_empty_query(query):  # every turn of a speaker
        return f"{MEMO_PREFIX}: every turn" + described.removeprefix(
            f"{query.mode} search for {query.text!r}")
    what = "" if unit == "hit" else f" ({unit} holding each hit)"
    return f"{MEMO_PREFIX}{what}: {described}"


def plan_autocode(session: Session, *, spans: Sequence[CodingSpan], code_id: int | None,
                  coder_id: int | None) -> AutocodePlan:
    """The dry run: what :func:`autocode` would code and skip; reads only.

    ``code_id`` or ``coder_id`` None: the code or coder does not exist yet, so nothing is
    coded with it and nothing is skipped. A coding left on an earlier text of its document (a
    re-import could not place it) does not make a span of the current text coded.
    """
    wanted = sorted(set(spans))
    if code_id is None or coder_id is None or not wanted:
        return AutocodePlan(tuple(wanted), 0)
    documents = {d for d, _, _ in wanted}
    existing: set[CodingSpan] = set()
    for chunk in chunks(sorted(documents)):
        existing.update(map(tuple, session.execute(  # type: ignore[arg-type]
            select(Coding.document_id, Coding.start, Coding.end)
            .join(Document, Document.id == Coding.document_id)
            .where(Coding.code_id == code_id, Coding.coder_id == coder_id,
                   Coding.version == Document.version, Coding.document_id.in_(chunk)))))
    fresh = tuple(s for s in wanted if s not in existing)
    return AutocodePlan(fresh, len(wanted) - len(fresh))


def autocode(session: Session, *, spans: Sequence[CodingSpan], code_id: int, coder_id: int,
             memo: str) -> Changes:
    """Code every span with ``code_id`` as ``coder_id``, each with ``memo``; one operation
    whose inverse removes exactly the codings it made. Spans given twice are coded once;
    spans already coded so are skipped and counted in ``messages``."""
    if session.get(Code, code_id) is None:
        raise InputError(f"no code with id {code_id}")
    plan = plan_autocode(session, spans=spans, code_id=code_id, coder_id=coder_id)
    messages = _skipped_message(plan.skipped)
    description = f"Auto-code {plan.count} passage{'s' * (plan.count != 1)}"
    if not plan.fresh:
        return Changes(description=description, messages=messages,
                       inverse=partial(no_change, description=description))
    count = plan.count
    columns = CodingColumns(
        document_id=[d for d, _, _ in plan.fresh], code_id=[code_id] * count,
        coder_id=[coder_id] * count, start=[s for _, s, _ in plan.fresh],
        end=[e for _, _, e in plan.fresh], memo=[memo] * count, uuid=[None] * count)
    changes = add_coding_columns(session, columns=columns)
    return replace(changes, description=description, messages=messages)


def _skipped_message(skipped: int) -> tuple[str, ...]:
    if not skipped:
        return ()
    return (f"{skipped} passage{'s were' if skipped != 1 else ' was'} already coded with this "
            "code by this coder: skipped",)


def existing_code(session: Session, typed: str) -> Code | None:
    """The code ``typed`` names by its path or the end of its path (as typed, else ignoring
    case), or None when no code is so named: auto-coding then creates it. The start of a path
    (``Trust/Cred``) names no code here, unlike on other commands, since a name that is not
    there is a code to create."""
    wanted = typed_path(typed)
    if not wanted:
        raise InputError("no code given (write its path or name, e.g. 'Trust/Credibility')")
    folded = wanted.casefold()
    for path in code_paths(session).values():
        low = path.casefold()
        if low == folded or low.endswith(PATH_SEP + folded):
            return resolve_code(session, wanted)  # decides (or lists the candidates) as usual
    return None


def ensure_autocode_code(session: Session, typed: str) -> tuple[int, Changes | None]:
    """The id of the code ``typed`` names, creating it at that path when there is none (with
    the change that made it; None when it existed)."""
    code = existing_code(session, typed)
    if code is not None:
        return code.id, None
    return ensure_code_path(session, typed_path(typed))

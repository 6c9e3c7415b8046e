"""The codes already on a passage: what the KWIC table and the search panel show beside a hit.

A code is on a span when one of its codings on the document's current text shares at least one
character with the span (an empty span: holds the character at its start). Codings left on an
earlier text by a re-import (unplaced) are not on any span of the current text.

One query per separate stretch of a document holding spans, over the covering span index and
only around the spans: never a pass over every coding of the project per hit, nor over every
coding of a document.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from qcode.derived.placed import placed_only, replaced_documents
from qcode.models import Coding
from qcode.queries import code_paths
from qcode.search.regions import merge

#: (document_id, start, end)
Located = tuple[int, int, int]
#: what a KWIC cell shows between the paths of several codes
CODES_SEPARATOR = "; "
#: stretches of a document looked up by one statement
RANGES_AT_ONCE = 8


def codes_on_spans(session: Session, spans: Sequence[Located], *,
                   coder_ids: Sequence[int] | None = None) -> list[tuple[str, ...]]:
    """For each span, in order, the paths of the codes on it (sorted, each once).

    ``coder_ids``: only these coders' codings count (None: every coder's).
    """
    paths = code_paths(session)
    replaced = replaced_documents(session)
    by_document: dict[int, list[int]] = {}
    for i, (document_id, _, _) in enumerate(spans):
        by_document.setdefault(document_id, []).append(i)
    out: list[tuple[str, ...]] = [()] * len(spans)
    statements = {placed: _near(coder_ids, placed) for placed in (False, True)}
    for document_id, indexes in by_document.items():
        places = [_reach(spans[i]) for i in indexes]
        statement = statements[document_id in replaced]
        codings = sorted({tuple(row) for params in _batches(document_id, merge(places))
                          for row in session.execute(statement, params)})
        for i, code_ids in zip(indexes, _overlapping(places, codings), strict=True):
            out[i] = tuple(sorted({paths[c] for c in code_ids}))
    return out


def joined(codes: Sequence[str]) -> str:
    return CODES_SEPARATOR.join(codes)


def _reach(span: Located) -> tuple[int, int]:
    """The characters a span holds: an empty span holds the one at its start."""
    _, start, end = span
    return start, max(end, start + 1)


def _batches(document_id: int, ranges: list[tuple[int, int]]) -> list[dict[str, int]]:
    """The parameters of :func:`_near` for ``ranges``, :data:`RANGES_AT_ONCE` at a time (the
    last batch padded with empty ranges, so one compiled statement serves them all)."""
    out = []
    for at in range(0, len(ranges), RANGES_AT_ONCE):
        batch = ranges[at:at + RANGES_AT_ONCE]
        batch += [(0, 0)] * (RANGES_AT_ONCE - len(batch))
        params = {"document": document_id}
        for i, (low, high) in enumerate(batch):
            params[f"low{i}"], params[f"high{i}"] = low, high
        out.append(params)
    return out


def _near(coder_ids: Sequence[int] | None, placed: bool) -> Select:
    """(start, end, code_id) of a document's codings meeting ``[low, high)``: they start
    before ``high`` and at most the document's longest coding before ``low``, so only that
    stretch of the covering span index is read. ``placed``: the document's text was
    replaced, so only codings on its current text count. One statement for every stretch
    (compiled once)."""
    document = bindparam("document")
    longest = (select(func.max(Coding.end - Coding.start))
               .where(Coding.document_id == document).scalar_subquery())
    statement = select(Coding.start, Coding.end, Coding.code_id).where(or_(*(
        and_(Coding.document_id == document, Coding.start >= bindparam(f"low{i}") - longest,
             Coding.start < bindparam(f"high{i}"), Coding.end > bindparam(f"low{i}"))
        for i in range(RANGES_AT_ONCE))))
    if coder_ids is not None:
        statement = statement.where(Coding.coder_id.in_(coder_ids))
    return placed_only(statement, (0,), frozenset({0})) if placed else statement


def _overlapping(places: list[tuple[int, int]], codings: list[tuple[int, int, int]]
                 ) -> list[set[int]]:
    """For each place, the codes of the codings (sorted by start) that share a character
    with it: one sweep in start order, keeping the codings that may still reach."""
    result: list[set[int]] = [set() for _ in places]
    active: list[tuple[int, int, int]] = []
    next_coding = 0
    for i in sorted(range(len(places)), key=lambda k: places[k][0]):
        start, end = places[i]
        while next_coding < len(codings) and codings[next_coding][0] < end:
            active.append(codings[next_coding])
            next_coding += 1
        active = [c for c in active if c[1] > start]  # later places start no earlier
        result[i] = {code for s, _, code in active if s < end}
    return result

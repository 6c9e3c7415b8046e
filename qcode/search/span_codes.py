"""The codes already on a passage: what the KWIC table and the search panel show beside a hit.

A code is on a span when one of its codings on the document's current text shares at least one
character with the span (an empty span: holds the character at its start). Codings left on an
earlier text by a re-import (unplaced) are not on any span of the current text.

One query per document with spans, over the document's span index and only the stretch the
spans cover: never a pass over every coding of the project per hit.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.models import Coding, Document
from qcode.queries import code_paths

#: (document_id, start, end)
Located = tuple[int, int, int]
#: what a KWIC cell shows between the paths of several codes
CODES_SEPARATOR = "; "


def codes_on_spans(session: Session, spans: Sequence[Located], *,
                   coder_ids: Sequence[int] | None = None) -> list[tuple[str, ...]]:
    """For each span, in order, the paths of the codes on it (sorted, each once).

    ``coder_ids``: only these coders' codings count (None: every coder's).
    """
    paths = code_paths(session)
    by_document: dict[int, list[int]] = {}
    for i, (document_id, _, _) in enumerate(spans):
        by_document.setdefault(document_id, []).append(i)
    out: list[tuple[str, ...]] = [()] * len(spans)
    for document_id, indexes in by_document.items():
        places = [_reach(spans[i]) for i in indexes]
        codings = _codings(session, document_id, min(s for s, _ in places),
                           max(e for _, e in places), coder_ids)
        for i, code_ids in zip(indexes, _overlapping(places, codings), strict=True):
            out[i] = tuple(sorted({paths[c] for c in code_ids}))
    return out


def joined(codes: Sequence[str]) -> str:
    return CODES_SEPARATOR.join(codes)


def _reach(span: Located) -> tuple[int, int]:
    """The characters a span holds: an empty span holds the one at its start."""
    _, start, end = span
    return start, max(end, start + 1)


def _codings(session: Session, document_id: int, low: int, high: int,
             coder_ids: Sequence[int] | None) -> list[tuple[int, int, int]]:
    """(start, end, code_id) of the document's codings on its current text that meet
    ``[low, high)``, by start."""
    statement = (select(Coding.start, Coding.end, Coding.code_id)
                 .join(Document, Document.id == Coding.document_id)
                 .where(Coding.document_id == document_id, Coding.version == Document.version,
                        Coding.start < high, Coding.end > low)
                 .order_by(Coding.start))
    if coder_ids is not None:
        statement = statement.where(Coding.coder_id.in_(coder_ids))
    return [tuple(row) for row in session.execute(statement)]  # type: ignore[misc]


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

"""Keeping the coverage tables (:mod:`qcode.models.coverage`) true to the codings.

Triggers on ``codings`` mark each touched (code, document) pair stale, and each document whose
coded text changed (``document_stale``: a recode leaves a document's union as it was), whoever
writes: an op, an import, an undo, or SQL from outside qcode.
:meth:`qcode.project.Project.transaction` calls :func:`refresh_coverage` just before it
commits, so a transaction commits the codings and their islands together; a project opened
for writing refreshes whatever an outside writer left stale. Readers (a read-only project, the
GUI's worker sessions, the CLI's exports) never write: while anything is stale
(:func:`coverage_is_fresh` is False) the analysis counts from the codings instead, which is
slower but gives the same numbers.

Plain code rows read ``code_totals``: per (code, document), the code's own codings and the
sums of the pair's islands, recomputed with the islands of each stale pair.

Roll-up rows have their own table, ``rollup_coverage``, refreshed last from the fresh code
islands (:mod:`qcode.derived.rollup`).

Refreshing reads the codings of the stale pairs in span order, merges them into islands in
Python and counts each island's new words against the word index of its document
(:mod:`qcode.derived.words`): words need the text, which portable SQL cannot split.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from sqlalchemy import Select, and_, delete, exists, select
from sqlalchemy.orm import Session

from qcode.derived.bulk import insert_rows, plain_rows
from qcode.derived.rollup import rebuild_rollup, refresh_rollup
from qcode.derived.words import word_indexes
from qcode.models import (
    Coding,
    code_coverage,
    code_totals,
    coverage_stale,
    document_coverage,
    document_stale,
    rollup_rebuild,
    rollup_stale_codes,
)


def coverage_is_fresh(session: Session) -> bool:
    """True if the coverage tables match the codings (no pair or document is stale)."""
    return not any(session.execute(select(table).limit(1)).first()
                   for table in (coverage_stale, document_stale))


def rollup_is_fresh(session: Session) -> bool:
    """True if ``rollup_coverage`` matches the codings and the code tree."""
    return coverage_is_fresh(session) and not any(
        session.execute(select(table).limit(1)).first()
        for table in (rollup_rebuild, rollup_stale_codes))


def merge_islands(spans: Iterable[tuple[int, int, int, int]]
                  ) -> Iterator[tuple[int, int, int, int]]:
    """``(key, document_id, start, end)`` islands of spans sorted by key, document and start.

    Overlapping or touching spans of one key and document merge into one island.
    """
    current: list[int] | None = None
    for key, doc, start, end in spans:
        if current is not None and current[0] == key and current[1] == doc \
                and start <= current[3]:
            if end > current[3]:
                current[3] = end
            continue
        if current is not None:
            yield current[0], current[1], current[2], current[3]
        current = [key, doc, start, end]
    if current is not None:
        yield current[0], current[1], current[2], current[3]


def with_new_words(islands: Iterable[tuple[int, int, int, int]], session: Session
                   ) -> Iterator[tuple[int, int, int, int, int]]:
    """Each island with the words it meets that no earlier island of its group met."""
    rows = list(islands)
    indexes = word_indexes(session, {r[1] for r in rows})
    group_key = group_doc = None
    last_counted = -1
    right, left = bisect_right, bisect_left
    for key, doc, start, end in rows:
        if key != group_key or doc != group_doc:
            group_key, group_doc, last_counted = key, doc, -1
            index = indexes[doc]
            starts, ends = index.starts, index.ends
        first = right(ends, start)
        if first <= last_counted:
            first = last_counted + 1
        last = left(starts, end) - 1
        if last >= first:
            yield key, doc, start, end, last - first + 1
            last_counted = last
        else:
            yield key, doc, start, end, 0


def _stale_pair(key: object) -> object:
    return exists().where(coverage_stale.c.code_id == key.c.code_id,  # type: ignore[attr-defined]
                          coverage_stale.c.document_id == key.c.document_id)  # type: ignore


def _refresh_codes(session: Session) -> None:
    """Recompute the islands and the ``code_totals`` row of every stale pair.

    The totals come from the same pass: the pair's codings counted, its islands summed.
    """
    session.execute(delete(code_coverage).where(_stale_pair(code_coverage)))
    session.execute(delete(code_totals).where(_stale_pair(code_totals)))
    spans: Select = (
        select(Coding.code_id, Coding.document_id, Coding.start, Coding.end)
        .join(coverage_stale, and_(coverage_stale.c.code_id == Coding.code_id,
                                   coverage_stale.c.document_id == Coding.document_id))
        .order_by(Coding.code_id, Coding.document_id, Coding.start))
    rows = plain_rows(session, spans)
    islands = list(with_new_words(merge_islands(rows), session))
    insert_rows(session, code_coverage, islands)
    totals: dict[tuple[int, int], list[int]] = {}
    for code, doc, _, _ in rows:
        totals.setdefault((code, doc), [0, 0, 0])[0] += 1
    for code, doc, start, end, words in islands:
        total = totals[code, doc]
        total[1] += end - start
        total[2] += words
    insert_rows(session, code_totals, ((*pair, *total) for pair, total in totals.items()))


def _refresh_documents(session: Session) -> None:
    """Recompute the islands of the documents whose coded text changed (a recode leaves a
    document's union of all codings as it was)."""
    stale_documents = select(document_stale.c.document_id)
    session.execute(delete(document_coverage)
                    .where(document_coverage.c.document_id.in_(stale_documents)))
    spans = (select(Coding.document_id, Coding.document_id, Coding.start, Coding.end)
             .where(Coding.document_id.in_(stale_documents))
             .order_by(Coding.document_id, Coding.start))
    rows = plain_rows(session, spans)
    insert_rows(session, document_coverage,
                (r[1:] for r in with_new_words(merge_islands(rows), session)))


def _stale_codes(session: Session) -> set[int]:
    return set(session.scalars(select(rollup_stale_codes.c.code_id)))


def refresh_coverage(session: Session) -> bool:
    """Recompute the derived tables of everything stale in ``session``'s transaction.

    Returns True if anything was stale. The caller commits (or rolls back with its other
    changes). On PostgreSQL run it in a transaction that serialises with other writers of
    codings (one writer per project, as the project lock already ensures for SQLite).
    """
    session.flush()
    rebuild = session.execute(select(rollup_rebuild.c.id).limit(1)).first() is not None
    stale_codes = _stale_codes(session)
    if coverage_is_fresh(session) and not rebuild and not stale_codes:
        return False
    _refresh_codes(session)
    _refresh_documents(session)
    if rebuild:
        rebuild_rollup(session)
    else:
        refresh_rollup(session, stale_codes)
    for table in (coverage_stale, document_stale, rollup_rebuild, rollup_stale_codes):
        session.execute(delete(table))
    return True

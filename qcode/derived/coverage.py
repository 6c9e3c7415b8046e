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

An edit costs what it changed: a few stale pairs are refreshed by key
(:mod:`qcode.derived.pairs`, then :mod:`qcode.derived.rollup`). A bulk write (more than
:data:`BULK_PAIRS` stale pairs) rebuilds its documents whole from one scan of their codings
(:mod:`qcode.derived.rebuild`), and the whole project when most documents are touched or the
roll-up table must be rebuilt (a project upgraded through 0005).

Plain code rows read ``code_totals``: per (code, document), the code's own codings and the
sums of the pair's islands. Roll-up rows read ``rollup_coverage``.
"""

from __future__ import annotations

from sqlalchemy import CompoundSelect, func, literal_column, select, union_all
from sqlalchemy.orm import Session

from qcode.derived.bulk import bound_rows
from qcode.derived.islands import merge_islands
from qcode.derived.memo import refresh_memo
from qcode.derived.pairs import refresh_documents, refresh_pairs
from qcode.derived.queued import queued_writes, write_many
from qcode.derived.rebuild import rebuild_documents
from qcode.derived.rollup import refresh_rollup
from qcode.models import (
    Document,
    coverage_stale,
    document_stale,
    rollup_rebuild,
    rollup_stale_codes,
)
from qcode.progress import Progress
from qcode.server.locks import serialise_refresh

__all__ = ["BULK_PAIRS", "coverage_is_fresh", "merge_islands", "refresh_coverage",
           "rollup_is_fresh"]

#: From this many stale pairs on, the touched documents are rebuilt whole.
BULK_PAIRS = 2000


def coverage_is_fresh(session: Session) -> bool:
    """True if the coverage tables match the codings (no pair or document is stale)."""
    return not any(session.execute(select(table).limit(1)).first()
                   for table in (coverage_stale, document_stale))


def rollup_is_fresh(session: Session) -> bool:
    """True if ``rollup_coverage`` matches the codings and the code tree."""
    return coverage_is_fresh(session) and not any(
        session.execute(select(table).limit(1)).first()
        for table in (rollup_rebuild, rollup_stale_codes))


def refresh_coverage(session: Session, progress: Progress | None = None) -> bool:
    """Recompute the derived tables of everything stale in ``session``'s transaction.

    Returns True if anything was stale. The caller commits (or rolls back with its other
    changes). ``progress`` hears of a rebuild (a bulk write, an upgraded or outside-built
    file); returning False from it cancels (:class:`~qcode.errors.Cancelled`), and the caller
    rolls back. On PostgreSQL, where analysts write at once, it first waits for the advisory
    locks of what it touched (:mod:`qcode.server.locks`: its documents, or the whole project
    for a change of the codebook's shape or a whole rebuild), so it reads every committed
    coding of them; a project file has one writer at a time (its lock).
    """
    session.flush()
    rebuild, stale_codes, pairs, documents = _stale(session)
    if not (rebuild or stale_codes or pairs or documents):
        return False
    _refresh(session, rebuild, stale_codes, pairs, documents, progress)
    return True


def _refresh(session: Session, rebuild: bool, stale_codes: set[int],
             pairs: list[tuple[int, int]], documents: set[int], progress: Progress | None
             ) -> None:
    touched = documents | {d for _, d in pairs}
    serialise_refresh(session, None if rebuild or stale_codes else touched)
    if rebuild or len(pairs) > BULK_PAIRS:
        whole = rebuild or _most_documents(session, touched)
        rebuild_documents(session, None if whole else sorted(touched), progress)
        if stale_codes and not whole:
            refresh_rollup(session, (), stale_codes)
        _clear_marks(session, rebuild, stale_codes, pairs, documents)
        return
    # a few documents: their masks are kept while it runs, its writes go with its reads
    with refresh_memo(session), queued_writes(session):
        refresh_pairs(session, pairs)
        refresh_documents(session, sorted(documents))
        refresh_rollup(session, pairs, stale_codes)
        _clear_marks(session, rebuild, stale_codes, pairs, documents)


def _clear_marks(session: Session, rebuild: bool, stale_codes: set[int],
                 pairs: list[tuple[int, int]], documents: set[int]) -> None:
    """Empty the stale-mark tables that held marks (an empty one costs a statement, a round
    trip to a server, for nothing)."""
    for table, marked in ((coverage_stale, pairs), (document_stale, documents),
                          (rollup_rebuild, rebuild), (rollup_stale_codes, stale_codes)):
        if marked:
            write_many(session, f"DELETE FROM {table.name}", None)


def _stale(session: Session) -> tuple[bool, set[int], list[tuple[int, int]], set[int]]:
    """Whether the roll-up is to be rebuilt whole, the stale codes, pairs and documents: read
    in one statement, since every write transaction asks (one round trip to a server)."""
    marks = bound_rows(session, ("stale marks",), _stale_marks)
    rebuild = any(kind == 0 for kind, _, _ in marks)
    stale_codes = {code for kind, code, _ in marks if kind == 1}
    pairs = [(code, doc) for kind, code, doc in marks if kind == 2]
    documents = {doc for kind, doc, _ in marks if kind == 3}
    return rebuild, stale_codes, pairs, documents


def _stale_marks() -> CompoundSelect:
    zero = literal_column("0")
    return union_all(
        select(literal_column("0"), rollup_rebuild.c.id, zero),
        select(literal_column("1"), rollup_stale_codes.c.code_id, zero),
        select(literal_column("2"), coverage_stale.c.code_id, coverage_stale.c.document_id),
        select(literal_column("3"), document_stale.c.document_id, zero))


def _most_documents(session: Session, touched: set[int]) -> bool:
    """True if rebuilding every document costs less than rebuilding the ``touched`` ones, in
    a project file. On a server it never does: a whole rebuild holds every analyst's refresh
    (:mod:`qcode.server.locks`) and rewrites rows they read, for an ordinary write."""
    if session.connection().dialect.name != "sqlite":
        return False
    return 2 * len(touched) > session.scalar(select(func.count(Document.id)))

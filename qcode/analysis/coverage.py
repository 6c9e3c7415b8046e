"""Keeping the coverage tables (:mod:`qcode.models.coverage`) true to the codings.

Triggers on ``codings`` mark each touched (code, document) pair stale, whoever writes: an op,
an import, an undo, or SQL from outside qcode. :meth:`qcode.project.Project.transaction` calls
:func:`refresh_coverage` just before it commits, so a transaction commits the codings and their
islands together; a project opened for writing refreshes whatever an outside writer left stale.
Readers (a read-only project, the GUI's worker sessions, the CLI's exports) never write: while
any pair is stale (:func:`coverage_is_fresh` is False) the analysis counts from the codings
instead, which is slower but gives the same numbers.

Plain code rows read ``code_totals``: per (code, document), the code's own codings and the
sums of the pair's islands, recomputed with the islands of each stale pair.

Roll-up rows have their own table, ``rollup_coverage``: per (code, document), the codings of
the code's subtree and the characters and words of their union, found by merging the code
islands of the subtree. A stale (code, document) pair makes each (ancestor, document) pair above
it stale; when the codebook's shape changed (``rollup_rebuild`` is set: a code was deleted or
moved) the table is rebuilt whole, which takes seconds on a million codings and milliseconds on
a real study.

Refreshing reads the codings of the stale pairs in span order, merges them into islands in
Python and counts each island's new words against the word index of its document
(:mod:`qcode.analysis.words`): words need the text, which portable SQL cannot split.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import Select, Table, and_, bindparam, delete, exists, func, insert, select
from sqlalchemy.orm import Session

from qcode.analysis.codebook import code_tree
from qcode.analysis.words import WordIndex, word_indexes
from qcode.models import (
    Code,
    Coding,
    code_coverage,
    code_totals,
    coverage_stale,
    document_coverage,
    rollup_coverage,
    rollup_rebuild,
)

_BATCH = 50_000


def coverage_is_fresh(session: Session) -> bool:
    """True if the coverage tables match the codings (no pair is stale)."""
    return session.execute(select(coverage_stale.c.code_id).limit(1)).first() is None


def rollup_is_fresh(session: Session) -> bool:
    """True if ``rollup_coverage`` matches the codings and the code tree."""
    return coverage_is_fresh(session) and session.execute(
        select(rollup_rebuild.c.id).limit(1)).first() is None


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


def _insert(session: Session, table: Table, rows: Iterable[tuple[int, ...]]) -> None:
    """Insert ``rows`` (values in the table's column order) in batches.

    The statement is compiled once for the connection's dialect and handed to the driver's
    executemany with plain tuples (or dicts for drivers with named parameters): building
    SQLAlchemy parameters row by row costs more than the insert itself on a million islands.
    """
    connection = session.connection()
    compiled = insert(table).compile(dialect=connection.dialect)
    names = [c.name for c in table.columns]
    positions = compiled.positiontup  # bind names (= column names) in placeholder order

    def shape(row: tuple[int, ...]) -> object:
        if positions is None:
            return dict(zip(names, row, strict=True))
        return row if positions == names else tuple(row[names.index(n)] for n in positions)

    batch: list = []
    for row in rows:
        batch.append(shape(row))
        if len(batch) >= _BATCH:
            connection.exec_driver_sql(str(compiled), batch)
            batch = []
    if batch:
        connection.exec_driver_sql(str(compiled), batch)


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
    rows = session.connection().execute(spans).all()
    islands = list(with_new_words(merge_islands(rows), session))
    _insert(session, code_coverage, islands)
    totals: dict[tuple[int, int], list[int]] = {}
    for code, doc, _, _ in rows:
        totals.setdefault((code, doc), [0, 0, 0])[0] += 1
    for code, doc, start, end, words in islands:
        total = totals[code, doc]
        total[1] += end - start
        total[2] += words
    _insert(session, code_totals, ((*pair, *total) for pair, total in totals.items()))


def _refresh_documents(session: Session) -> None:
    stale_documents = select(coverage_stale.c.document_id)
    session.execute(delete(document_coverage)
                    .where(document_coverage.c.document_id.in_(stale_documents)))
    spans = (select(Coding.document_id, Coding.document_id, Coding.start, Coding.end)
             .where(Coding.document_id.in_(stale_documents))
             .order_by(Coding.document_id, Coding.start))
    rows = session.connection().execute(spans).all()
    _insert(session, document_coverage,
            (r[1:] for r in with_new_words(merge_islands(rows), session)))


def _rollup_rows() -> tuple[Select, Select]:
    """Codings per (ancestor, document), and the code islands below each in span order.

    Codes without sub-codes need no union (their islands are the code's own): no spans for
    them (:func:`_leaf_extent`).
    """
    tree = code_tree()
    pre = (select(Coding.code_id, Coding.document_id, func.count().label("n"))
           .group_by(Coding.code_id, Coding.document_id).subquery("pre"))
    codings = (select(tree.c.ancestor_id, pre.c.document_id, func.sum(pre.c.n))
               .join(tree, tree.c.code_id == pre.c.code_id)
               .group_by(tree.c.ancestor_id, pre.c.document_id))
    cc = code_coverage.c
    spans = (select(tree.c.ancestor_id, cc.document_id, cc.start, cc.end)
             .join(tree, tree.c.code_id == cc.code_id)
             .where(tree.c.ancestor_id.in_(select(Code.parent_id)))
             .order_by(tree.c.ancestor_id, cc.document_id, cc.start))
    return codings, spans


def _leaf_extent(session: Session) -> dict[tuple[int, int], list[int]]:
    """Characters and words of codes without sub-codes: sums of their own islands."""
    cc = code_coverage.c
    stmt = (select(cc.code_id, cc.document_id, func.sum(cc.end - cc.start), func.sum(cc.words))
            .where(cc.code_id.not_in(select(Code.parent_id).where(Code.parent_id.is_not(None))))
            .group_by(cc.code_id, cc.document_id))
    return {(r[0], r[1]): [int(r[2]), int(r[3])]
            for r in session.connection().execute(stmt).all()}


def _rebuild_rollup(session: Session) -> None:
    """Recompute every (code, document) pair of ``rollup_coverage`` in SQL and one pass."""
    session.execute(delete(rollup_coverage))
    codings, spans = _rollup_rows()
    connection = session.connection()
    counted = {(r[0], r[1]): int(r[2]) for r in connection.execute(codings).all()}
    rows = connection.execute(spans).all()
    extent = _leaf_extent(session)
    _union_extent(rows, word_indexes(session, {r[1] for r in rows}), extent)
    _insert(session, rollup_coverage,
            ((a, d, n, *extent.get((a, d), (0, 0))) for (a, d), n in sorted(counted.items())))


def _ancestors(session: Session) -> dict[int, list[int]]:
    """Each code with its ancestors (itself first). The codebook is small: read it whole."""
    parents = dict(session.execute(select(Code.id, Code.parent_id)).all())  # type: ignore[arg-type]
    out: dict[int, list[int]] = {}
    for code in parents:
        chain: list[int] = []
        node: int | None = code
        while node is not None and node not in chain:
            chain.append(node)
            node = parents.get(node)
        out[code] = chain
    return out


def _refresh_rollup_pairs(session: Session) -> None:
    """Recompute the (ancestor, document) pairs above the stale pairs (a few per edit).

    Plain queries by code and document, mapped to ancestors here: on an edit of one coding
    this costs about a millisecond, where the code tree in SQL costs several.
    """
    above = _ancestors(session)
    stale = {(a, d) for c, d in session.execute(select(coverage_stale))
             for a in above.get(c, ())}
    if not stale:
        return
    connection = session.connection()
    connection.execute(
        delete(rollup_coverage).where(rollup_coverage.c.code_id == bindparam("a"),
                                      rollup_coverage.c.document_id == bindparam("d")),
        [{"a": a, "d": d} for a, d in sorted(stale)])
    wanted, documents = {a for a, _ in stale}, sorted({d for _, d in stale})
    codes = sorted(c for c, chain in above.items() if wanted.intersection(chain))
    counted: dict[tuple[int, int], int] = defaultdict(int)
    for code, doc, n in connection.execute(
            select(Coding.code_id, Coding.document_id, func.count())
            .where(Coding.code_id.in_(codes), Coding.document_id.in_(documents))
            .group_by(Coding.code_id, Coding.document_id)):
        for a in above[code]:
            if (a, doc) in stale:
                counted[a, doc] += n
    cc = code_coverage.c
    spans = sorted((a, d, start, end) for c, d, start, end in connection.execute(
        select(cc.code_id, cc.document_id, cc.start, cc.end)
        .where(cc.code_id.in_(codes), cc.document_id.in_(documents)))
        for a in above[c] if (a, d) in stale)
    extent: dict[tuple[int, int], list[int]] = {}
    _union_extent(spans, word_indexes(session, documents), extent)
    _insert(session, rollup_coverage,
            ((a, d, n, *extent.get((a, d), (0, 0))) for (a, d), n in sorted(counted.items())))


def _union_extent(spans: Sequence[tuple[int, int, int, int]], indexes: dict[int, WordIndex],
                  extent: dict[tuple[int, int], list[int]]) -> None:
    """Set ``extent[key, doc]`` to [characters, words] of the union of each group's spans.

    ``spans`` are ``(key, doc, start, end)`` sorted by key, document and start: one pass merges
    them into islands (as :func:`merge_islands`) and counts each island's new words (as
    :func:`with_new_words`), without building the islands (a rebuild reads millions of spans).
    """
    key = doc = lo = hi = -1
    totals = [0, 0, -1]  # characters, words, last word counted
    starts = ends = array("i")

    def close() -> None:
        first, last = bisect_right(ends, lo), bisect_left(starts, hi) - 1
        first = max(first, totals[2] + 1)
        totals[0] += hi - lo
        if last >= first:
            totals[1] += last - first + 1
            totals[2] = last

    for k, d, start, end in spans:
        if k == key and d == doc:
            if start <= hi:
                hi = max(hi, end)
                continue
            close()
        else:
            if key != -1:
                close()
                extent[key, doc] = totals[:2]
            key, doc, totals = k, d, [0, 0, -1]
            starts, ends = indexes[d].starts, indexes[d].ends
        lo, hi = start, end
    if key != -1:
        close()
        extent[key, doc] = totals[:2]


def refresh_coverage(session: Session) -> bool:
    """Recompute the islands of every stale pair in ``session``'s transaction.

    Returns True if anything was stale. The caller commits (or rolls back with its other
    changes). On PostgreSQL run it in a transaction that serialises with other writers of
    codings (one writer per project, as the project lock already ensures for SQLite).
    """
    session.flush()
    rebuild = session.execute(select(rollup_rebuild.c.id).limit(1)).first() is not None
    if coverage_is_fresh(session) and not rebuild:
        return False
    _refresh_codes(session)
    _refresh_documents(session)
    if rebuild:
        _rebuild_rollup(session)
    else:
        _refresh_rollup_pairs(session)
    session.execute(delete(coverage_stale))
    session.execute(delete(rollup_rebuild))
    return True

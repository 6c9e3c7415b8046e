"""Keeping ``rollup_coverage`` (:mod:`qcode.models.coverage`) true to the codings and the tree.

Per (code, document) the table holds the codings of the code's whole subtree and the
characters and words of their union, found by merging the code islands of the subtree
(``code_coverage``, refreshed first). :func:`refresh_rollup` recomputes what an edit touched:
the (ancestor, document) pairs above each stale (code, document) pair, and every row of the
codes whose subtree changed shape (triggers on ``codes`` record the old and new parent of a
moved code and the parent of a deleted one in ``rollup_stale_codes``). :func:`rebuild_rollup`
recomputes the whole table, once, for a project upgraded from before the table existed.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence

from sqlalchemy import Select, bindparam, delete, func, select
from sqlalchemy.orm import Session

from qcode.derived.bulk import insert_rows
from qcode.derived.tree import code_tree
from qcode.derived.words import WordIndex, word_indexes
from qcode.models import Code, Coding, code_coverage, coverage_stale, rollup_coverage


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


def rebuild_rollup(session: Session) -> None:
    """Recompute every (code, document) pair of ``rollup_coverage`` in SQL and one pass."""
    session.execute(delete(rollup_coverage))
    codings, spans = _rollup_rows()
    connection = session.connection()
    counted = {(r[0], r[1]): int(r[2]) for r in connection.execute(codings).all()}
    rows = connection.execute(spans).all()
    extent = _leaf_extent(session)
    _union_extent(rows, word_indexes(session, {r[1] for r in rows}), extent)
    insert_rows(session, rollup_coverage,
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


def refresh_rollup(session: Session, stale_codes: set[int]) -> None:
    """Recompute the roll-up rows that the stale pairs and ``stale_codes`` touch.

    A stale (code, document) pair makes each (ancestor, document) pair above it stale (a few
    per edit). A stale code (a code whose sub-codes changed: one was moved in or out, or
    deleted) makes the rows of the code and its ancestors stale in every document. Plain
    queries by code and document, mapped to ancestors here: on an edit of one coding this costs
    about a millisecond, where the code tree in SQL costs several.
    """
    above = _ancestors(session)
    whole = {a for code in stale_codes for a in above.get(code, ())}
    pairs = {(a, d) for c, d in session.execute(select(coverage_stale))
             for a in above.get(c, ()) if a not in whole}
    if not whole and not pairs:
        return
    connection = session.connection()
    t = rollup_coverage.c
    if pairs:
        connection.execute(delete(rollup_coverage).where(t.code_id == bindparam("a"),
                                                         t.document_id == bindparam("d")),
                           [{"a": a, "d": d} for a, d in sorted(pairs)])
    if whole:
        connection.execute(delete(rollup_coverage).where(t.code_id.in_(sorted(whole))))
    wanted = whole | {a for a, _ in pairs}
    codes = sorted(c for c, chain in above.items() if wanted.intersection(chain))
    documents = None if whole else sorted({d for _, d in pairs})

    def targets(code: int, doc: int) -> Iterator[int]:
        return (a for a in above[code] if a in whole or (a, doc) in pairs)

    counted: dict[tuple[int, int], int] = defaultdict(int)
    by_pair = (select(Coding.code_id, Coding.document_id, func.count())
               .where(Coding.code_id.in_(codes)).group_by(Coding.code_id, Coding.document_id))
    if documents is not None:
        by_pair = by_pair.where(Coding.document_id.in_(documents))
    for code, doc, n in connection.execute(by_pair):
        for a in targets(code, doc):
            counted[a, doc] += n
    cc = code_coverage.c
    islands = select(cc.code_id, cc.document_id, cc.start, cc.end).where(cc.code_id.in_(codes))
    if documents is not None:
        islands = islands.where(cc.document_id.in_(documents))
    spans = sorted((a, d, start, end) for c, d, start, end in connection.execute(islands)
                   for a in targets(c, d))
    extent: dict[tuple[int, int], list[int]] = {}
    _union_extent(spans, word_indexes(session, {d for _, d, _, _ in spans}), extent)
    insert_rows(session, rollup_coverage,
                ((a, d, n, *extent.get((a, d), (0, 0))) for (a, d), n in sorted(counted.items())))


def _union_extent(spans: Sequence[tuple[int, int, int, int]], indexes: dict[int, WordIndex],
                  extent: dict[tuple[int, int], list[int]]) -> None:
    """Set ``extent[key, doc]`` to [characters, words] of the union of each group's spans.

    ``spans`` are ``(key, doc, start, end)`` sorted by key, document and start: one pass merges
    them into islands (as :func:`qcode.derived.coverage.merge_islands`) and counts each
    island's new words (as :func:`qcode.derived.coverage.with_new_words`), without building
    the islands (a rebuild reads millions of spans).
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

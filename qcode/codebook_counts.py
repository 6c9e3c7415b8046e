"""How much each code is used: coded segments and distinct documents, counted by the database.

Both functions take the codes to count: the codebook panel counts every code once when a
project opens, and afterwards only the codes a change names (and their ancestors), each read
through the tables' primary keys, so an edit costs what it changed, not what the project holds.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Select, distinct, func, literal_column, select
from sqlalchemy.orm import Session

from qcode.derived.coverage import coverage_is_fresh, rollup_is_fresh
from qcode.derived.placed import placed_codings
from qcode.derived.tree import code_tree
from qcode.models import Code, Coding, code_totals, rollup_coverage


def _only(stmt: Select, column: object, code_ids: Collection[int] | None) -> Select:
    return stmt if code_ids is None else stmt.where(column.in_(sorted(code_ids)))  # type: ignore[attr-defined]


def code_counts(session: Session, code_ids: Collection[int] | None = None
                ) -> dict[int, tuple[int, int]]:
    """Code id -> (segments, documents) for every code (or those of ``code_ids`` that
    exist); (0, 0) for a code never applied.

    Counts are the code's own codings, not its sub-codes'. Read from the kept-fresh
    ``code_totals`` (one row per code and document, fewer than the codings), or counted over
    the codings while the coverage tables are stale (those on their document's current text
    only).
    """
    if coverage_is_fresh(session):
        t = code_totals.c
        stmt = _only(select(t.code_id, func.sum(t.codings), func.count())
                     .where(t.codings > 0).group_by(t.code_id), t.code_id, code_ids)
    else:
        stmt = _only(select(Coding.code_id, func.count(),
                            func.count(distinct(Coding.document_id)))
                     .where(placed_codings(session))
                     .group_by(Coding.code_id), Coding.code_id, code_ids)
    counts = dict.fromkeys(session.scalars(_only(select(Code.id), Code.id, code_ids)), (0, 0))
    counts.update((code_id, (int(segments), int(documents)))
                  for code_id, segments, documents in session.execute(stmt))
    return counts


def subtree_counts(session: Session, code_ids: Collection[int] | None = None
                   ) -> dict[int, tuple[int, int]]:
    """Code id -> (segments, documents) of the code and every code below it, for the codes
    (of ``code_ids``, or all) with any such coding (absent: none).

    Segments are the codings of the whole subtree; documents those with at least one of them.
    Read from the kept-fresh ``rollup_coverage`` (one row per code and document), or counted
    over the codings and the code tree when that table is stale (an outside writer, a project
    opened read-only before its first refresh): the codings on their document's current text
    only.
    """
    if rollup_is_fresh(session):
        t = rollup_coverage.c
        stmt = _only(select(t.code_id, func.sum(t.codings), func.count())
                     .where(t.codings > 0).group_by(t.code_id), t.code_id, code_ids)
    else:
        tree = code_tree()
        stmt = _only(select(tree.c.ancestor_id, func.count(Coding.id),
                            func.count(distinct(Coding.document_id)))
                     .join(tree, tree.c.code_id == Coding.code_id)
                     .where(placed_codings(session))
                     .group_by(tree.c.ancestor_id), tree.c.ancestor_id, code_ids)
    return {code_id: (int(segments), int(documents))
            for code_id, segments, documents in session.execute(stmt)}


def coder_counts(session: Session, coder_ids: Collection[int],
                 code_ids: Collection[int] | None = None
                 ) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
    """:func:`code_counts` and :func:`subtree_counts` of only the codings of ``coder_ids``
    (the codebook under a coder filter or in blind mode): (own, totals), each code id ->
    (segments, documents); own has every code asked for ((0, 0) when unused), totals only
    codes with a coding in their subtree.

    The derived tables do not keep counts per coder, so these are GROUP BYs over the codings:
    the own counts in one pass, the totals of codes with sub-codes in another (each coding
    joined to those of its ancestors; a code without sub-codes totals its own counts). Codings
    left on an earlier text of their document are not counted, as in the derived tables.
    """
    # code_id + 0: grouped or joined by the plain column, SQLite reads the codings through the
    # code index in order and looks every row up for its coder (7-9 s at 1M codings); by an
    # expression, it scans the covering document index, which holds the coder (0.3 s).
    code = Coding.code_id + literal_column("0")
    shown = Coding.coder_id.in_(sorted(set(coder_ids))) & placed_codings(session)
    own_query = (select(code, func.count(), func.count(distinct(Coding.document_id)))
                 .where(shown).group_by(code))
    own = dict.fromkeys(session.scalars(_only(select(Code.id), Code.id, code_ids)), (0, 0))
    own.update((code_id, (int(segments), int(documents)))
               for code_id, segments, documents in session.execute(
                   _only(own_query, Coding.code_id, code_ids)))
    tree = code_tree()
    parents = select(Code.parent_id).where(Code.parent_id.is_not(None))
    total_query = (select(tree.c.ancestor_id, func.count(),
                          func.count(distinct(Coding.document_id)))
                   .select_from(Coding).join(tree, tree.c.code_id == code)
                   .where(shown, tree.c.ancestor_id.in_(parents))
                   .group_by(tree.c.ancestor_id))
    if code_ids is not None:
        below = select(tree.c.code_id).where(tree.c.ancestor_id.in_(sorted(code_ids)))
        total_query = total_query.where(tree.c.ancestor_id.in_(sorted(code_ids)),
                                        Coding.code_id.in_(below))
    totals = {code_id: counts for code_id, counts in own.items() if counts[0]}
    totals.update((code_id, (int(segments), int(documents)))
                  for code_id, segments, documents in session.execute(total_query))
    return own, totals

"""How much each code is used: coded segments and distinct documents, counted by the database."""

from __future__ import annotations

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from qcode.derived.coverage import coverage_is_fresh, rollup_is_fresh
from qcode.derived.tree import code_tree
from qcode.models import Code, Coding, code_totals, rollup_coverage


def code_counts(session: Session) -> dict[int, tuple[int, int]]:
    """Code id -> (segments, documents) for every code; (0, 0) for a code never applied.

    Counts are the code's own codings, not its sub-codes'. Read from the kept-fresh
    ``code_totals`` (one row per code and document, fewer than the codings), or counted over
    the codings while the coverage tables are stale.
    """
    if coverage_is_fresh(session):
        t = code_totals.c
        stmt = (select(t.code_id, func.sum(t.codings), func.count())
                .where(t.codings > 0).group_by(t.code_id))
    else:
        stmt = (select(Coding.code_id, func.count(), func.count(distinct(Coding.document_id)))
                .group_by(Coding.code_id))
    counts = dict.fromkeys(session.scalars(select(Code.id)), (0, 0))
    counts.update((code_id, (int(segments), int(documents)))
                  for code_id, segments, documents in session.execute(stmt))
    return counts


def subtree_counts(session: Session) -> dict[int, tuple[int, int]]:
    """Code id -> (segments, documents) of the code and every code below it, for the codes
    with any such coding (absent: none).

    Segments are the codings of the whole subtree; documents those with at least one of them.
    Read from the kept-fresh ``rollup_coverage`` (one row per code and document), or counted
    over the codings and the code tree when that table is stale (an outside writer, a project
    opened read-only before its first refresh).
    """
    if rollup_is_fresh(session):
        t = rollup_coverage.c
        stmt = (select(t.code_id, func.sum(t.codings), func.count())
                .where(t.codings > 0).group_by(t.code_id))
    else:
        tree = code_tree()
        stmt = (select(tree.c.ancestor_id, func.count(Coding.id),
                       func.count(distinct(Coding.document_id)))
                .join(tree, tree.c.code_id == Coding.code_id).group_by(tree.c.ancestor_id))
    return {code_id: (int(segments), int(documents))
            for code_id, segments, documents in session.execute(stmt)}

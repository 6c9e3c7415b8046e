"""Counting from the coverage tables (:mod:`qcode.models.coverage`) instead of the codings.

The tables hold the union of *all* coders' codings, so they serve only analyses without a
coder filter, and only while fresh (:func:`qcode.derived.coverage.coverage_is_fresh`).
Attribute filters keep or drop whole documents, which the tables handle as the codings do.

Per code (``code``) and for all codes together (``any``) the islands of a group are its union
already: characters are sums of island lengths and words sums of the islands' new words, plain
GROUP BY sums. Code rows of document and attribute columns read those sums stored per code and
document in ``code_totals``, and roll-up rows read ``rollup_coverage``: one row per code and
document with the codings, characters and words of the code's whole subtree there
(:func:`stored_counts`). Speaker columns must clip spans to turns, so their roll-up rows union
the islands of several codes, far fewer rows than their codings but still a union
(:func:`qcode.analysis.spans.covered_pieces`).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Literal

from sqlalchemy import ColumnElement, Subquery, func, literal, select
from sqlalchemy.orm import Session

from qcode.analysis.columns import Columns, Key
from qcode.analysis.scope import Scope
from qcode.analysis.spans import RowMode, coding_source
from qcode.derived.bulk import plain_rows
from qcode.derived.coverage import coverage_is_fresh, rollup_is_fresh
from qcode.derived.tree import code_tree
from qcode.models import (
    DocumentAttribute,
    code_coverage,
    code_totals,
    document_coverage,
    rollup_coverage,
)

StoredValue = Literal["segments", "documents", "characters", "words"]

#: (source, group keys, True if each group's spans are already disjoint islands)
Source = tuple[Subquery, tuple[str, ...], bool]


def island_source(scope: Scope, rows: RowMode) -> Source:
    """``([row_key,] document_id, start, end, words)`` islands that count, and their keys."""
    if rows == "any":
        t = document_coverage.c
        src = (select(t.document_id, t.start, t.end, t.words)
               .where(scope.documents(t.document_id)).subquery("src"))
        return src, ("document_id",), True
    c = code_coverage.c
    if rows == "rollup":
        tree = code_tree()
        src = (select(tree.c.ancestor_id.label("row_key"), c.document_id, c.start, c.end,
                      c.words)
               .join(tree, tree.c.code_id == c.code_id)
               .where(scope.documents(c.document_id)).subquery("src"))
        return src, ("row_key", "document_id"), False
    src = (select(c.code_id.label("row_key"), c.document_id, c.start, c.end, c.words)
           .where(scope.documents(c.document_id)).subquery("src"))
    return src, ("row_key", "document_id"), True


def span_source(session: Session, scope: Scope, rows: RowMode) -> Source:
    """Islands from the coverage tables where they serve, else the codings that count."""
    if scope.coder_ids is None and coverage_is_fresh(session):
        return island_source(scope, rows)
    src, keys = coding_source(session, scope, rows)
    return src, keys, False


def stored_counts(session: Session, scope: Scope, measure: StoredValue, rows: RowMode,
                  columns: Columns | None) -> dict[tuple[int, Key], int] | None:
    """``{(code_id, col_key): value}`` of code rows (``code_totals``) or roll-up rows
    (``rollup_coverage``), or None where the tables do not serve (all codes together, a coder
    filter, speaker columns, or a table is stale).

    A document is in one column, so ``documents`` counts the table's rows and the other
    measures sum a column of it.
    """
    if rows == "any" or scope.coder_ids is not None \
            or (columns is not None and columns.kind == "speakers"):
        return None
    fresh = rollup_is_fresh(session) if rows == "rollup" else coverage_is_fresh(session)
    if not fresh:
        return None
    table = rollup_coverage if rows == "rollup" else code_totals
    t = table.c
    value: ColumnElement = {"segments": t.codings, "documents": t.codings,
                            "characters": t.characters, "words": t.words}[measure]
    where = scope.documents(t.document_id)
    if columns is not None and columns.kind == "documents":
        cell = literal(1) if measure == "documents" else value
        found = plain_rows(session, select(t.code_id, t.document_id, cell).where(where, value > 0))
        return dict(zip(map(itemgetter(0, 1), found), map(itemgetter(2), found), strict=True))
    total = func.count() if measure == "documents" else func.sum(value)
    if columns is None:
        stmt = select(t.code_id, literal(0), total).where(where).group_by(t.code_id)
    else:
        assert columns.attribute is not None
        attr = DocumentAttribute.__table__
        stmt = (select(t.code_id, attr.c.value, total)
                .select_from(table.outerjoin(
                    attr, (attr.c.document_id == t.document_id)
                    & (attr.c.attribute_id == columns.attribute.id)))
                .where(where).group_by(t.code_id, attr.c.value))
    return {(r[0], r[1]): int(r[2]) for r in session.connection().execute(stmt) if r[2]}

"""Counting from the coverage tables (:mod:`qcode.models.coverage`) instead of the codings.

The tables hold the union of *all* coders' codings, so they serve only analyses without a
coder filter, and only while fresh (:func:`qcode.analysis.coverage.coverage_is_fresh`).
Attribute filters keep or drop whole documents, which the tables handle as the codings do.

Per code (``code``) and for all codes together (``any``) the islands of a group are its union
already: characters are sums of island lengths and words sums of the islands' new words, plain
GROUP BY sums. With roll-up a row unions the islands of several codes, far fewer rows than
their codings but still a union (:func:`qcode.analysis.spans.covered_pieces`).
"""

from __future__ import annotations

from sqlalchemy import Subquery, select
from sqlalchemy.orm import Session

from qcode.analysis.codebook import code_tree
from qcode.analysis.coverage import coverage_is_fresh
from qcode.analysis.scope import Scope
from qcode.analysis.spans import RowMode, coding_source
from qcode.models import code_coverage, document_coverage

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

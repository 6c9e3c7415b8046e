"""Spans in SQL: which codings count, and the union of their spans.

Overlapping codings must not count their shared characters twice, so the span measures work on
the *union* of a group's spans (per row key and document), found with window functions in
standard SQL (SQLite >= 3.25 and PostgreSQL):

* the sweep: ordered by start, each span adds the part beyond the furthest end seen before it,
  ``[max(start, previous_max_end), end)`` if not empty. These pieces are disjoint, their union
  is the union of the spans, and the sum of their lengths is its length (characters).
* gaps and islands (for speaker turns): a span that starts after the furthest end seen before it
  opens a new island (touching spans, ``start == previous_max_end``, join one island); an island
  ends at the furthest end seen before the next island opens, or at the group's furthest end.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import ColumnElement, Subquery, case, func, inspect, select
from sqlalchemy.orm import Session

from qcode.analysis.scope import Scope
from qcode.derived.tree import code_tree
from qcode.models import Coding

RowMode = Literal["code", "rollup", "any"]

#: Indexes that give codings in partition order, spans included (schema revision 0003).
CODE_SPAN_INDEX = ["code_id", "document_id", "start", "end"]
DOCUMENT_SPAN_INDEX = ["document_id", "start", "end"]


def has_index(session: Session, columns: list[str]) -> bool:
    """True if an index of codings starts with ``columns``."""
    indexes = inspect(session.connection()).get_indexes("codings")
    return any(ix["column_names"][:len(columns)] == columns for ix in indexes)


def sort_key(column: ColumnElement, sortable_index: bool) -> ColumnElement:
    """``column`` as a partition key; ``column + 0`` unless an index already gives the order.

    A bare indexed column invites SQLite to walk that index and fetch every coding's span from
    the table in index order, which on a million codings is 2-2.5 times slower than reading
    the table once and sorting. The expression is plain SQL; PostgreSQL plans it alike.
    """
    return column if sortable_index else column + 0


def coding_source(session: Session, scope: Scope, rows: RowMode
                  ) -> tuple[Subquery, tuple[str, ...]]:
    """Every coding that counts as ``([row_key,] document_id, start, end)``, and its group keys.

    ``row_key`` is the code (``code``), or every ancestor of the code and the code itself
    (``rollup``: one row per ancestor). For ``any`` (all codes together) there is no row key
    and the groups are the documents.
    """
    if rows == "rollup":
        tree = code_tree()
        src = (select(tree.c.ancestor_id.label("row_key"),
                      sort_key(Coding.document_id, False).label("document_id"), Coding.start,
                      Coding.end)
               .join(tree, tree.c.code_id == sort_key(Coding.code_id, False))
               .where(scope.codings()).subquery("src"))
        return src, ("row_key", "document_id")
    if rows == "any":
        document_key = sort_key(Coding.document_id, has_index(session, DOCUMENT_SPAN_INDEX))
        src = (select(document_key.label("document_id"), Coding.start,
                      Coding.end).where(scope.codings()).subquery("src"))
        return src, ("document_id",)
    row_key = sort_key(Coding.code_id, has_index(session, CODE_SPAN_INDEX))
    src = (select(row_key.label("row_key"), Coding.document_id, Coding.start, Coding.end)
           .where(scope.codings()).subquery("src"))
    return src, ("row_key", "document_id")


def covered_pieces(src: Subquery, keys: tuple[str, ...]) -> Subquery:
    """``(*keys, start, end)``: what each span adds to the union of the spans before it.

    Ordered by start, a span adds ``[max(start, previous_end), end)`` when it ends after every
    span before it, nothing otherwise. The pieces of a group are disjoint and their union is
    the union of the group's spans (touching pieces meet where one island continues).
    """
    group = [src.c[k] for k in keys]
    previous_end = func.max(src.c.end).over(partition_by=group, order_by=src.c.start,
                                            rows=(None, -1))
    swept = select(*group, src.c.start, src.c.end,
                   previous_end.label("previous_end")).subquery("swept")
    fresh = swept.c.previous_end.is_(None) | (swept.c.start >= swept.c.previous_end)
    return (select(*[swept.c[k] for k in keys],
                   case((fresh, swept.c.start), else_=swept.c.previous_end).label("start"),
                   swept.c.end)
            .where(swept.c.previous_end.is_(None) | (swept.c.end > swept.c.previous_end))
            .subquery("pieces"))


def union_lengths(src: Subquery, keys: tuple[str, ...]) -> Subquery:
    """``(*keys, length)``: the length of the union of each group's spans."""
    pieces = covered_pieces(src, keys)
    group = [pieces.c[k] for k in keys]
    return (select(*group, func.sum(pieces.c.end - pieces.c.start).label("length"))
            .group_by(*group).subquery("unions"))


def islands(src: Subquery, keys: tuple[str, ...]) -> Subquery:
    """``(*keys, start, end)``: maximal runs of overlapping or touching spans per group."""
    group = [src.c[k] for k in keys]
    previous_end = func.max(src.c.end).over(partition_by=group, order_by=src.c.start,
                                            rows=(None, -1))
    furthest_end = func.max(src.c.end).over(partition_by=group)
    marked = select(*group, src.c.start, previous_end.label("previous_end"),
                    furthest_end.label("furthest_end")).subquery("marked")
    openers = (select(marked).where(marked.c.previous_end.is_(None)
                                    | (marked.c.start > marked.c.previous_end))
               .subquery("openers"))
    opener_group = [openers.c[k] for k in keys]
    island_end = func.coalesce(
        func.lead(openers.c.previous_end).over(partition_by=opener_group,
                                                order_by=openers.c.start),
        openers.c.furthest_end)
    return select(*opener_group, openers.c.start, island_end.label("end")).subquery("islands")


def later(a: ColumnElement, b: ColumnElement) -> ColumnElement:
    """The larger of two positions (GREATEST is not in SQLite, max(a, b) not in PostgreSQL)."""
    return case((a > b, a), else_=b)


def earlier(a: ColumnElement, b: ColumnElement) -> ColumnElement:
    """The smaller of two positions."""
    return case((a < b, a), else_=b)


def clip_to_regions(spans: Subquery, keys: tuple[str, ...], regions: Subquery) -> Subquery:
    """``(*keys, speaker, start, end)``: the parts of ``spans`` inside speaker regions.

    ``spans`` are disjoint per group (pieces) and a speaker's regions are disjoint, so the
    parts are disjoint per group and speaker; ``keys`` include ``document_id``.
    """
    return (select(*[spans.c[k] for k in keys], regions.c.speaker,
                   later(spans.c.start, regions.c.start).label("start"),
                   earlier(spans.c.end, regions.c.end).label("end"))
            .join(regions, (regions.c.document_id == spans.c.document_id)
                  & (regions.c.start < spans.c.end) & (spans.c.start < regions.c.end))
            .subquery("clipped"))

"""How much text is coded: characters and words covered by the union of a group's spans.

Groups are (row key, document): the union of a code's codings in one document (with roll-up:
of the codings of the code and all its descendants), so overlapping codings count their shared
text once. Columns then add up documents: a document column is one document, an attribute column
all documents with that value. Speaker columns clip the union to the speaker's regions first
(:mod:`qcode.analysis.speakers`), so a speaker's characters are the coded characters the
speaker said.

Without a coder filter the spans are the islands of the coverage tables
(:mod:`qcode.analysis.islands`): per code, or for all codes together, a group's islands are
disjoint already, so characters and words are plain sums of the stored lengths and word
counts; code and roll-up rows of document and attribute columns sum the per-document totals
of ``code_totals`` and ``rollup_coverage``. Otherwise characters are summed in SQL over the
union of the codings, and words, which need the text (portable SQL cannot split it into words),
come from the covered pieces read in order and counted against a cached per-document index of
word positions (:mod:`qcode.derived.words`), two binary searches per piece.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable

from sqlalchemy import BindParameter, ColumnElement, Select, Subquery, func, literal, select
from sqlalchemy.orm import Session

from qcode.analysis.columns import Columns, Key, document_attribute_values
from qcode.analysis.counts import Counts
from qcode.analysis.islands import span_source, stored_counts
from qcode.analysis.scope import Scope
from qcode.analysis.spans import RowMode, clip_to_regions, covered_pieces, union_lengths
from qcode.analysis.speakers import regions
from qcode.derived.words import count_words, word_indexes
from qcode.models import DocumentAttribute


def _row_key(table: Subquery, rows: RowMode) -> ColumnElement:
    return literal(0) if rows == "any" else table.c.row_key


def _grouped(table: Subquery, rows: RowMode, col_key: ColumnElement | None,
             value: ColumnElement, source: object = None) -> Select:
    row_key = _row_key(table, rows)
    group_by = [k for k in (None if rows == "any" else row_key, col_key) if k is not None]
    stmt = select(row_key, col_key if col_key is not None else literal(0), value)
    if source is not None:
        stmt = stmt.select_from(source)
    return stmt.group_by(*group_by) if group_by else stmt


def _pieces(src: Subquery, keys: tuple[str, ...], disjoint: bool) -> Subquery:
    return src if disjoint else covered_pieces(src, keys)


def _sum_by_column(session: Session, rows: RowMode, columns: Columns | None,
                   unions: Subquery, value: ColumnElement) -> Counts:
    """Sum ``value`` of per-document ``unions`` over each column's documents."""
    total = func.sum(value)
    if columns is None:
        stmt = _grouped(unions, rows, None, total)
    elif columns.kind == "documents":
        stmt = _grouped(unions, rows, unions.c.document_id, total)
    else:
        assert columns.attribute is not None
        attr = DocumentAttribute.__table__
        source = unions.outerjoin(attr, (attr.c.document_id == unions.c.document_id)
                                  & (attr.c.attribute_id == columns.attribute.id))
        stmt = _grouped(unions, rows, attr.c.value, total, source)
    return {(r[0], r[1]): int(r[2]) for r in session.connection().execute(stmt) if r[2]}


def characters(session: Session, scope: Scope, rows: RowMode, columns: Columns | None
               ) -> Counts:
    """``{(row_key, col_key): characters}`` (row key 0 for ``any``, col key 0 for all)."""
    stored = stored_counts(session, scope, "characters", rows, columns)
    if stored is not None:
        return stored
    src, keys, disjoint = span_source(session, scope, rows)
    if columns is not None and columns.kind == "speakers":
        parts = clip_to_regions(_pieces(src, keys, disjoint), keys, regions(scope))
        stmt = _grouped(parts, rows, parts.c.speaker, func.sum(parts.c.end - parts.c.start))
        return {(r[0], r[1]): int(r[2]) for r in session.connection().execute(stmt) if r[2]}
    if disjoint:
        return _sum_by_column(session, rows, columns, src, src.c.end - src.c.start)
    unions = union_lengths(src, keys)
    return _sum_by_column(session, rows, columns, unions, unions.c.length)


def _by_attribute(session: Session, scope: Scope, columns: Columns,
                  per_document: dict[tuple[Hashable, Hashable], int]) -> Counts:
    assert columns.attribute is not None
    value_of = document_attribute_values(session, scope, columns.attribute)
    out: dict[tuple[int, Key], int] = defaultdict(int)
    for (row_key, doc_id), n in per_document.items():
        out[row_key, value_of[doc_id]] += n  # type: ignore[index]
    return dict(out)


def words(session: Session, scope: Scope, rows: RowMode, columns: Columns | None) -> Counts:
    """``{(row_key, col_key): words}``: words met by the union, each word once per document."""
    stored = stored_counts(session, scope, "words", rows, columns)
    if stored is not None:
        return stored
    src, keys, disjoint = span_source(session, scope, rows)
    speakers = columns is not None and columns.kind == "speakers"
    if disjoint and not speakers:
        return _sum_by_column(session, rows, columns, src, src.c.words)
    spans = _pieces(src, keys, disjoint)
    if columns is not None and columns.kind == "speakers":
        spans = clip_to_regions(spans, keys, regions(scope))
        key2: ColumnElement = spans.c.speaker
    elif columns is None:
        key2 = literal(0)
    else:
        key2 = spans.c.document_id
    row_key = _row_key(spans, rows)
    order = [c for c in (row_key, key2) if not isinstance(c, BindParameter)]
    stmt = (select(row_key, key2, spans.c.document_id, spans.c.start, spans.c.end)
            .order_by(*order, spans.c.document_id, spans.c.start))
    result = session.connection().execute(stmt).all()
    indexes = word_indexes(session, {r[2] for r in result})
    counted = count_words(result, indexes)
    if columns is not None and columns.kind == "attribute":
        return _by_attribute(session, scope, columns, counted)
    return {key: n for key, n in counted.items() if n}  # type: ignore[misc]

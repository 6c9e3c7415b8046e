"""Counting codings (``segments``) and documents, by row key and column key, in SQL.

One pass groups the codings that count by code and document (and speaker, for speaker
columns): the same ``GROUP BY code_id, document_id`` a bare count would run. A second GROUP BY
over that small result maps codes to their ancestors (roll-up) and documents to their column
(attribute value); ``segments`` sums the counts, ``documents`` counts distinct documents.
Code and roll-up rows without a coder filter read the maintained ``code_totals`` and
``rollup_coverage`` tables instead (:func:`qcode.analysis.islands.stored_counts`), one row per
code and document already.

Row keys: the code id (``code``), the ancestor id (``rollup``), or 0 (``any``: all codes
together). Column keys: the column's key, or 0 when ``columns`` is None (all columns together).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Literal

from sqlalchemy import ColumnElement, FromClause, Select, Subquery, func, literal, select
from sqlalchemy.orm import Session

from qcode.analysis.columns import Columns, Key
from qcode.analysis.islands import stored_counts
from qcode.analysis.scope import Scope
from qcode.analysis.spans import RowMode, sort_key
from qcode.analysis.speakers import speaker_of_start
from qcode.derived.bulk import plain_rows
from qcode.derived.tree import code_tree
from qcode.models import Coding, DocumentAttribute

Counts = dict[tuple[int, Key], int]
Aggregate = Literal["segments", "documents"]


def _preaggregate(scope: Scope, by_code: bool, by_speaker: bool) -> Subquery:
    """``([code_id,] document_id[, col_key], n)``: codings that count, per code and document.

    Without ``by_code`` (all codes together) the groups are documents, which the
    (document_id, start) index gives in order. With a coder filter the code is grouped as
    ``code_id + 0``: else SQLite walks the (code_id, document_id, ...) index, which has the
    groups in order but not the coder, and fetches every coding's row to check it (3-6 times
    slower at 1M codings than sorting what the covering (document, span, code, coder) index
    gives).
    """
    code = sort_key(Coding.code_id, scope.coder_ids is None)
    codes = [code.label("code_id")] if by_code else []
    if not by_speaker:
        groups = [code] if by_code else []
        return (select(*codes, Coding.document_id, func.count().label("n"))
                .where(scope.codings()).group_by(*groups, Coding.document_id).subquery("pre"))
    spoken = (select(*codes, Coding.document_id,
                     speaker_of_start(Coding.document_id, Coding.start).label("col_key"))
              .where(scope.codings()).subquery("spoken"))
    keys = tuple(spoken.c)
    return select(*keys, func.count().label("n")).group_by(*keys).subquery("pre")


def _grouped(pre: Subquery, rows: RowMode, columns: Columns | None,
             aggregate: Aggregate) -> Select:
    value = func.sum(pre.c.n) if aggregate == "segments" else func.count(
        pre.c.document_id.distinct())
    source: FromClause = pre
    group_by: list[ColumnElement] = []
    row_key: ColumnElement = literal(0)
    if rows == "rollup":
        tree = code_tree()
        source = source.join(tree, tree.c.code_id == pre.c.code_id)
        row_key = tree.c.ancestor_id
        group_by.append(row_key)
    elif rows == "code":
        row_key = pre.c.code_id
        group_by.append(row_key)
    col_key: ColumnElement = literal(0)
    if columns is not None and columns.kind == "attribute":
        assert columns.attribute is not None
        attr = DocumentAttribute.__table__
        source = source.outerjoin(attr, (attr.c.document_id == pre.c.document_id)
                                  & (attr.c.attribute_id == columns.attribute.id))
        col_key = attr.c.value
        group_by.append(col_key)
    elif columns is not None:
        col_key = pre.c.col_key if columns.kind == "speakers" else pre.c.document_id
        group_by.append(col_key)
    stmt = select(row_key, col_key, value).select_from(source)
    return stmt.group_by(*group_by) if group_by else stmt


def count(session: Session, scope: Scope, aggregate: Aggregate, rows: RowMode,
          columns: Columns | None) -> Counts:
    """``{(row_key, col_key): count}``; groups without codings are absent (zero)."""
    stored = stored_counts(session, scope, aggregate, rows, columns)
    if stored is not None:
        return stored
    by_speaker = columns is not None and columns.kind == "speakers"
    pre = _preaggregate(scope, rows != "any", by_speaker)
    if rows == "code" and columns is not None and columns.kind == "documents":
        cell = literal(1) if aggregate == "documents" else pre.c.n
        rows = plain_rows(session, select(pre.c.code_id, pre.c.document_id, cell))  # the cells
        return dict(zip(map(itemgetter(0, 1), rows), map(itemgetter(2), rows), strict=True))
    result = session.connection().execute(_grouped(pre, rows, columns, aggregate)).all()
    return {(r[0], r[1]): int(r[2]) for r in result if r[2]}

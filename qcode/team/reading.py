"""The codings agreement counts, read in one sorted query as plain tuples.

Rows are ``(row code, document, coder, start, end, version)`` ordered by row code, document
and start: each (code, document) group arrives whole, its spans by start, which is all the
interval sweeps of :mod:`qcode.team.character` and :mod:`qcode.team.segment` need. With
roll-up a coding comes once for its own code and once for each ancestor that is a row (the
code tree joined in SQL). Whether a coding was made on its document's current text
(``version``) is checked by the caller against the document's version, read once per
document: a comparison in SQL would read each document's row (behind its text) per coding.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from qcode.derived.tree import code_tree
from qcode.models import Coding
from qcode.team.selection import Selection

#: (row code id, document id, coder id, start, end, version)
CodingRow = tuple[int, int, int, int, int, int]

_FETCH = 20_000


def _where(selection: Selection, code_column: ColumnElement, all_codes: bool,
           all_documents: bool) -> list[ColumnElement[bool]]:
    conditions = [Coding.coder_id.in_(sorted(selection.side_of))]
    if not all_codes:
        conditions.append(code_column.in_(sorted(c.code_id for c in selection.codes)))
    if not all_documents:
        conditions.append(Coding.document_id.in_(sorted(d.id for d in selection.documents)))
    return conditions


def coding_query(selection: Selection, *, rollup: bool, all_codes: bool,
                 all_documents: bool) -> Select:
    """The sorted query. ``code_id + 0`` keeps SQLite from walking the (code, document, span)
    index and fetching each coding's coder from the table in index order, which costs more
    than reading the table once and sorting (see :func:`qcode.analysis.spans.sort_key`)."""
    columns = (Coding.document_id, Coding.coder_id, Coding.start, Coding.end, Coding.version)
    if rollup:
        tree = code_tree()
        key = tree.c.ancestor_id
        stmt = select(key, *columns).join(tree, tree.c.code_id == Coding.code_id + 0)
    else:
        key = Coding.code_id + 0
        stmt = select(key, *columns)
    return (stmt.where(*_where(selection, key, all_codes, all_documents))
            .order_by(key, Coding.document_id, Coding.start))


def coding_rows(session: Session, stmt: Select) -> Iterator[CodingRow]:
    """The rows of ``stmt`` as plain tuples, streamed from the driver's own cursor
    (SQLAlchemy's Row objects cost more than the query on a million codings)."""
    connection = session.connection()
    compiled = stmt.compile(dialect=connection.dialect,
                            compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    arguments: Any = params if compiled.positiontup is None else \
        tuple(params[name] for name in compiled.positiontup)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), arguments)
        while batch := cursor.fetchmany(_FETCH):
            yield from batch
    finally:
        cursor.close()

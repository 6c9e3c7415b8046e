"""Code co-occurrence: pairs of codings of different codes that overlap, share a speaker turn,
or lie near each other in the same document (rules in :mod:`qcode.analysis.rules`).

Pairs are found with a self-join of codings within each document, each unordered pair once
(``a.code_id < b.code_id``). For overlap and near, ``b.start`` is also bounded below by
``a.start - longest span - N``: implied by the pair condition, it lets the join read one range
of the (document, start, end, code, coder) index per coding instead of the whole document,
and never the table.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, aliased

from qcode.analysis.codebook import codebook_order
from qcode.analysis.options import CooccurrenceOptions
from qcode.analysis.results import Cell, CooccurrenceMatrix
from qcode.analysis.scope import Scope, resolve
from qcode.analysis.speakers import turn_of_start
from qcode.models import Coding
from qcode.progress import Progress, report

UNITS = {"segments": "coding pairs", "documents": "documents"}


def _value(options: CooccurrenceOptions, document_id: ColumnElement) -> ColumnElement:
    return func.count() if options.measure == "segments" else func.count(document_id.distinct())


def _span_pairs(session: Session, scope: Scope, options: CooccurrenceOptions) -> Select | None:
    longest = session.scalar(select(func.max(Coding.end - Coding.start))
                             .where(scope.codings()))
    if longest is None:
        return None
    a, b = aliased(Coding), aliased(Coding)
    gap = options.distance if options.mode == "near" else 0
    if options.mode == "overlap":
        meet = (b.start < a.end) & (a.start < b.end)
    else:
        meet = (b.start <= a.end + gap) & (b.end >= a.start - gap)  # bounds on b's index
    return (select(a.code_id, b.code_id, _value(options, a.document_id))
            .join(b, (b.document_id == a.document_id) & (a.code_id < b.code_id)
                  & (b.start >= a.start - longest - gap) & meet)
            .where(scope.codings(a), scope.codings(b))
            .group_by(a.code_id, b.code_id))


def _turn_pairs(scope: Scope, options: CooccurrenceOptions) -> Select:
    turned = (select(Coding.code_id, Coding.document_id,
                     turn_of_start(Coding.document_id, Coding.start).label("turn_id"))
              .where(scope.codings()).cte("turned"))
    a, b = turned.alias("a"), turned.alias("b")
    return (select(a.c.code_id, b.c.code_id, _value(options, a.c.document_id))
            .join(b, (b.c.turn_id == a.c.turn_id) & (a.c.code_id < b.c.code_id))
            .where(a.c.turn_id.is_not(None))
            .group_by(a.c.code_id, b.c.code_id))


def build_cooccurrence(session: Session, options: CooccurrenceOptions,
                       progress: Progress | None = None) -> CooccurrenceMatrix:
    """Count co-occurring coding pairs per pair of codes; symmetric, diagonal None."""
    scope = resolve(session, options.filters)
    codes = codebook_order(session)
    report(progress, 0, 1, "Counting co-occurrences")
    stmt = _turn_pairs(scope, options) if options.mode == "turn" else \
        _span_pairs(session, scope, options)
    found = session.connection().execute(stmt).all() if stmt is not None else []
    index = {c.code_id: i for i, c in enumerate(codes)}
    grid: list[list[Cell]] = [[0] * len(codes) for _ in codes]
    for i in range(len(codes)):
        grid[i][i] = None
    for x, y, n in found:
        grid[index[x]][index[y]] = grid[index[y]][index[x]] = int(n)
    report(progress, 1, 1, "Done")
    return CooccurrenceMatrix(options, tuple(codes), UNITS[options.measure],
                              tuple(tuple(row) for row in grid))

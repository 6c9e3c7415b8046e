"""The rows of the agreement table, from the tallies of the (code, document) groups.

Per code in codebook order: the row pooled over the documents, then a row per document in
document order, every chosen document whether coded or not (a document no side coded in has
the same figures for every code: they are worked out once per number of units). The overall
row, the sum of every code's pooled counts, comes last.

Rows are made with ``tuple.__new__`` (what ``NamedTuple._make`` does, without a Python call
per row): a table of 300 codes by 2,000 documents has 600,000 of them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from qcode.team.character import Lengths
from qcode.team.results import Row, SegmentRow, UnitRow
from qcode.team.segment import SEGMENTS_EMPTY, SegmentTally
from qcode.team.selection import CodeRow, DocumentRef
from qcode.team.tally import EMPTY, Tally, figures, tally, two_side_values

_new = tuple.__new__
#: a code's document rows and its pooled tally
CodeRows = tuple[list[Row], Tally]


def _values(t: Tally, sides: int) -> tuple[Any, ...]:
    """(units, both, a_only, b_only, neither, percent, kappa, alpha) of a row."""
    if sides == 2:
        return two_side_values(t.units, t.covered, t.first, t.second)
    return (t.units, None, None, None, None, *figures(t, sides))


def _two_sides(path: str, documents: tuple[DocumentRef, ...], found: dict[int, Lengths],
               sizes: dict[int, int], coded_only: bool,
               uncoded: Callable[[int], tuple[Any, ...]]) -> CodeRows:
    """A code's rows for two sides: :func:`qcode.team.tally.two_side_values` written out in
    the loop (it is the hot spot of a large table; the tests hold both to the same counts)."""
    rows: list[Row] = []
    units = covered = a_coded = b_coded = 0
    get = found.get
    for doc in documents:
        lengths = get(doc.id)
        if lengths is None:
            values = uncoded(sizes[doc.id])
            units += values[0]
            rows.append(_new(UnitRow, (path, doc.name, *values)))
            continue
        a, b, either = lengths
        n = either if coded_only else sizes[doc.id]
        units, covered, a_coded, b_coded = units + n, covered + either, a_coded + a, b_coded + b
        both = a + b - either
        a_only, b_only, neither = a - both, b - both, n - either
        if n == 0:
            rows.append(_new(UnitRow, (path, doc.name, 0, both, a_only, b_only, neither, None,
                                       None, None)))
            continue
        square, expected = n * n, a * b + (n - a) * (n - b)
        ones, zeros = a + b, 2 * n - a - b
        rows.append(_new(UnitRow, (
            path, doc.name, n, both, a_only, b_only, neither, 100.0 * (both + neither) / n,
            1.0 if expected == square else (n * (both + neither) - expected)
            / (square - expected),
            1.0 if ones == 0 or zeros == 0 else
            1.0 - (2 * n - 1) * (a_only + b_only) / (zeros * ones))))
    coded = a_coded + b_coded
    return rows, Tally(units, covered, coded, coded - covered, a_coded, b_coded)


def _many_sides(path: str, documents: tuple[DocumentRef, ...], found: dict[int, Lengths],
                sizes: dict[int, int], coded_only: bool, sides: int) -> CodeRows:
    rows: list[Row] = []
    pooled = EMPTY
    for doc in documents:
        t = tally(found.get(doc.id), sides, sizes[doc.id], coded_only)
        rows.append(_new(UnitRow, (path, doc.name, *_values(t, sides))))
        pooled += t
    return rows, pooled


def unit_rows(codes: tuple[CodeRow, ...], documents: tuple[DocumentRef, ...],
              found: dict[int, dict[int, Lengths]], sizes: dict[int, int], sides: int,
              coded_only: bool) -> list[Row]:
    """The table of character, sentence or turn units; ``sizes``: each document's units."""

    @cache
    def uncoded(size: int) -> tuple[Any, ...]:
        return _values(tally(None, sides, size, coded_only), sides)

    out: list[Row] = []
    overall = EMPTY
    for code in codes:
        per_document = found.get(code.code_id, {})
        if sides == 2:
            rows, pooled = _two_sides(code.path, documents, per_document, sizes, coded_only,
                                      uncoded)
        else:
            rows, pooled = _many_sides(code.path, documents, per_document, sizes, coded_only,
                                       sides)
        out.append(_new(UnitRow, (code.path, None, *_values(pooled, sides))))
        out.extend(rows)
        overall += pooled
    out.append(_new(UnitRow, (None, None, *_values(overall, sides))))
    return out


def _segment_row(code: str | None, document: str | None, t: SegmentTally) -> SegmentRow:
    return SegmentRow(code, document, *t, t.percent)


def segment_rows(codes: tuple[CodeRow, ...], documents: tuple[DocumentRef, ...],
                 found: dict[int, dict[int, SegmentTally]]) -> list[Row]:
    """The table of segment agreement."""
    out: list[Row] = []
    overall = SEGMENTS_EMPTY
    for code in codes:
        per_document = found.get(code.code_id, {})
        tallies = [per_document.get(doc.id, SEGMENTS_EMPTY) for doc in documents]
        pooled = sum(tallies, SEGMENTS_EMPTY)
        out.append(_segment_row(code.path, None, pooled))
        out.extend(_segment_row(code.path, doc.name, t)
                   for doc, t in zip(documents, tallies, strict=True))
        overall += pooled
    out.append(_segment_row(None, None, overall))
    return out

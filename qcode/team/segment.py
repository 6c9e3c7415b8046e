"""Segment agreement (MAXQDA's view): does the other side have the same code on a coding that
covers nearly the same text?

A coding ``x`` matches a coding ``y`` of the other side (same code, same document) when they
share at least one character and their overlap is at least ``overlap`` percent of their
union: ``100 · |x ∩ y| ≥ overlap · (|x| + |y| − |x ∩ y|)``. Per (code, document):

    agree  = A's codings that match one of B's
    a_only = A's codings that match none of B's
    b_only = B's codings that match none of A's
    percent = 100 · agree / (agree + a_only + b_only)

Matching need not be one-to-one: two of A's codings may match the same coding of B.
Candidates are found by binary search on the other side's starts (a span can only overlap
``x`` if it starts after ``x.start − the longest span``), not by comparing every pair.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from qcode.team.reading import CodingRow

Spans = list[tuple[int, int]]


class SegmentTally(NamedTuple):
    agree: int
    a_only: int
    b_only: int

    def __add__(self, other: object) -> SegmentTally:  # type: ignore[override]
        assert isinstance(other, SegmentTally)
        return SegmentTally(*(a + b for a, b in zip(self, other, strict=True)))

    @property
    def percent(self) -> float | None:
        total = self.agree + self.a_only + self.b_only
        return 100.0 * self.agree / total if total else None


SEGMENTS_EMPTY = SegmentTally(0, 0, 0)


def unmatched(spans: Spans, others: Spans, overlap: float) -> list[int]:
    """The indexes of the ``spans`` that match none of ``others`` (both sorted by start)."""
    if not others:
        return list(range(len(spans)))
    starts = [s for s, _ in others]
    longest = max(e - s for s, e in others)
    missed: list[int] = []
    for n, (start, end) in enumerate(spans):
        i = bisect_right(starts, start - longest)
        while i < len(others) and others[i][0] < end:
            other_start, other_end = others[i]
            shared = min(end, other_end) - max(start, other_start)
            union = end - start + other_end - other_start - shared
            if shared > 0 and 100 * shared >= overlap * union:
                break
            i += 1
        else:
            missed.append(n)
    return missed


def matched(spans: Spans, others: Spans, overlap: float) -> int:
    """How many of ``spans`` match one of ``others`` (both sorted by start)."""
    return len(spans) - len(unmatched(spans, others, overlap)) if others else 0


def segment_tally(a: Spans, b: Spans, overlap: float) -> SegmentTally:
    agree = matched(a, b, overlap)
    return SegmentTally(agree, len(a) - agree, len(b) - matched(b, a, overlap))


def segment_tallies(rows: Iterable[CodingRow], side_of: dict[int, int],
                    versions: dict[int, int], overlap: float
                    ) -> Iterator[tuple[int, int, SegmentTally]]:
    """``(code, document, tally)`` for each group of sorted ``rows``; codings made on an
    earlier text of their document do not count."""
    key: tuple[int, int] | None = None
    version = 0
    sides: tuple[Spans, Spans] = ([], [])
    for code, doc, coder, start, end, made_on in rows:
        if key is None or doc != key[1] or code != key[0]:
            if key is not None:
                yield key[0], key[1], segment_tally(*sides, overlap)
            key, version, sides = (code, doc), versions.get(doc, -1), ([], [])
        if made_on == version:
            sides[side_of[coder]].append((start, end))
    if key is not None:
        yield key[0], key[1], segment_tally(*sides, overlap)

"""An interval index: which spans overlap a range, without looking at every span (plain Python).

The number line is cut into buckets of a fixed size; a span is filed under every bucket it
touches, so a query reads only the buckets its range touches. That is O(spans found + buckets
read) for the short ranges the viewer asks about (a paragraph, a character, a pixel row), and
adding or removing one span costs its length in buckets. Spans are half-open [lo, hi) and
overlap [a, b) when ``lo < b and hi > a``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class IntervalIndex(Generic[K]):
    """Spans [lo, hi) under keys; finds the keys whose span overlaps a range."""

    def __init__(self, bucket: float) -> None:
        if bucket <= 0:
            raise ValueError("bucket size must be positive")
        self._bucket = bucket
        self._spans: dict[K, tuple[float, float]] = {}
        self._buckets: dict[int, list[K]] = {}

    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, key: object) -> bool:
        return key in self._spans

    def _range(self, lo: float, hi: float) -> range:
        size = self._bucket
        return range(int(lo // size), int(max(lo, hi - 1e-9) // size) + 1)

    def add(self, key: K, lo: float, hi: float) -> None:
        self.add_many(((key, lo, hi),))

    def add_many(self, spans: Iterable[tuple[K, float, float]]) -> None:
        """Add (key, lo, hi) for each span; a key already there moves."""
        size, buckets, stored = self._bucket, self._buckets, self._spans
        for key, lo, hi in spans:
            if key in stored:
                self.remove(key)
            stored[key] = (lo, hi)
            for number in range(int(lo // size), int(max(lo, hi - 1e-9) // size) + 1):
                bucket = buckets.get(number)
                if bucket is None:
                    buckets[number] = [key]
                else:
                    bucket.append(key)

    def remove(self, key: K) -> None:
        lo, hi = self._spans.pop(key)
        for number in self._range(lo, hi):
            bucket = self._buckets[number]
            bucket.remove(key)
            if not bucket:
                del self._buckets[number]

    def overlapping(self, lo: float, hi: float) -> Iterator[K]:
        """Keys whose span overlaps [lo, hi), each once, in no particular order."""
        spans = self._spans
        seen: set[K] = set()
        for number in self._range(lo, hi):
            for key in self._buckets.get(number, ()):
                if key in seen:
                    continue
                seen.add(key)
                start, end = spans[key]
                if start < hi and end > lo:
                    yield key

    def at(self, point: float) -> Iterator[K]:
        """Keys whose span covers ``point`` (start <= point < end)."""
        spans = self._spans
        for key in self._buckets.get(int(point // self._bucket), ()):
            start, end = spans[key]
            if start <= point < end:
                yield key

"""Ids in slices for ``IN (...)`` lists: slices a bound-parameter list can hold on every
database."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

#: ids in one IN list
CHUNK = 500


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[list[int]]:
    """``ids`` in order, ``size`` at a time (the last slice may be shorter)."""
    for first in range(0, len(ids), size):
        yield list(ids[first:first + size])

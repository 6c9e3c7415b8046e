"""Islands of spans and the words they meet: the arithmetic every derived table shares.

An island is a maximal run of overlapping or touching spans. Each island carries its *new*
words: the words it meets that the island before it did not (see :func:`new_words`), so the
islands' words add up to the words of the union. Spans and islands are ``(start, end)`` pairs
sorted by start; masks are those of :mod:`qcode.derived.masks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain

from qcode.derived.masks import WORD, new_words

_LAST = ((1 << 62, 1 << 62, 0),)  # starts after every island: closes the last
_END_OF_DOCUMENTS = ((-2, 1 << 62, 1 << 62, 0, 0),)  # a span of no document, after all


def merge_islands(spans: Iterable[tuple[int, int, int, int]]
                  ) -> Iterator[tuple[int, int, int, int]]:
    """``(key, document_id, start, end)`` islands of spans sorted by key, document and start.

    Overlapping or touching spans of one key and document merge into one island.
    """
    current: list[int] | None = None
    for key, doc, start, end in spans:
        if current is not None and current[0] == key and current[1] == doc \
                and start <= current[3]:
            if end > current[3]:
                current[3] = end
            continue
        if current is not None:
            yield current[0], current[1], current[2], current[3]
        current = [key, doc, start, end]
    if current is not None:
        yield current[0], current[1], current[2], current[3]


def islands_of(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The islands of ``(start, end)`` spans sorted by start."""
    out: list[tuple[int, int]] = []
    lo = hi = -1
    for start, end in spans:
        if start <= hi:
            if end > hi:
                hi = end
            continue
        if hi >= 0:
            out.append((lo, hi))
        lo, hi = start, end
    if hi >= 0:
        out.append((lo, hi))
    return out


def with_words(islands: list[tuple[int, int]], mask: str) -> list[tuple[int, int, int]]:
    """Each island as ``(start, end, new words)``."""
    out = []
    before: int | None = None
    for start, end in islands:
        out.append((start, end, new_words(mask, before, start, end)))
        before = end
    return out


def extent(islands: list[tuple[int, int]], mask: str) -> tuple[int, int]:
    """Characters and words of the union of ``islands``."""
    characters = words = 0
    before: int | None = None
    for start, end in islands:
        characters += end - start
        words += new_words(mask, before, start, end)
        before = end
    return characters, words


def union_totals(islands: list[tuple[int, int, int]], mask: str,
                 out: list[tuple[int, int, int]] | None = None) -> tuple[int, int]:
    """Characters and words of the union of ``(start, end, words met)`` islands (of several
    codes: they may overlap) sorted by start; ``out``, if given, receives the union's islands
    as ``(start, end, new words)``.

    An island the union keeps as it is keeps its words met (most do: the islands of a theme's
    codes seldom overlap); only one that grew is counted again on the mask. The word it
    shares with the island before it (if one reaches across: no space from that island's
    last character to this one's first) is taken off, written out: a rebuild unions two
    million islands.
    """
    count, find = mask.count, mask.find
    characters = words = 0
    lo, hi, met = islands[0]
    before, grown = -1, False
    for start, end, m in chain(islands, _LAST):
        if start <= hi:
            if end > hi:
                hi, grown = end, True
            continue
        if grown:
            met = count(" a", lo, hi) + (mask[lo] == WORD)
        if before > 0 and find(" ", before - 1, lo + 1) == -1:
            met -= 1  # a word reaches in from the island before: no space between them
        characters += hi - lo
        words += met
        if out is not None:
            out.append((lo, hi, met))
        before, lo, hi, met, grown = hi, start, end, m, False
    return characters, words


def extents_by_document(spans: Iterable[tuple[int, int, int, int, int]],
                        masks: dict[int, str]) -> Iterator[tuple[int, int, int]]:
    """``(document_id, characters, words)`` of the union of ``(document_id, start, end, code,
    words)`` code islands (rows of ``code_coverage``) sorted by document and start: the union
    of each document in one pass, with no list of spans made per document (a move of a
    sub-theme reads ~110,000). A sentinel span of no document closes the last island.

    Most union islands are one code island, whose stored words (those its own code's island
    before it did not meet) are the union's new words too, unless a word reaches into it from
    the union island before it (one ``str.find``: no space from that island's last character
    to this one's first). Only then, or for an island that merged several, are its words
    counted on the mask: a word reaching in from the island before of its own code also
    reaches in from the union island before (all between is word characters), so the stored
    words then already took it off, and otherwise did not.
    """
    word = WORD
    doc, lo, hi, stored, grown, before, characters, words = -1, 0, 0, 0, False, -1, 0, 0
    mask = ""
    count, find = mask.count, mask.find
    for d, start, end, _, new in chain(spans, _END_OF_DOCUMENTS):
        if start <= hi and d == doc:
            if end > hi:
                hi = end
            grown = True
            continue
        if doc >= 0:  # close the island [lo, hi) of ``doc``
            characters += hi - lo
            if before > 0 and find(" ", before - 1, lo + 1) == -1:
                words += count(" a", lo, hi) + (mask[lo] == word) - 1
            elif grown:
                words += count(" a", lo, hi) + (mask[lo] == word)
            else:
                words += stored
        if d == doc:
            before = hi
        else:
            if doc >= 0:
                yield doc, characters, words
            mask = masks.get(d, "")
            doc, count, find, before, characters, words = d, mask.count, mask.find, -1, 0, 0
        lo, hi, stored, grown = start, end, new, False

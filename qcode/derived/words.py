"""Words covered by spans, counted with a per-document index of word positions.

A word is a maximal run of word characters: Python's ``\\w`` (letters, digits, underscore in any
script) together with combining marks (Unicode categories Mn, Mc, Me), so an Arabic word written
with harakat, or a letter with a separate accent, is one word and not several. The words are the
runs of ``a`` in the document's word mask (:func:`qcode.derived.masks.mask_of`), so this index
and the masks share one definition of a word character.

A word counts once if any of its characters is covered, however many spans or islands touch it.
For the sorted, disjoint spans of one group in one document, each span ``[a, b)`` meets the
words ``first..last`` (``first``: the first word ending after ``a``; ``last``: the last word
starting before ``b``), found by binary search in the index; the union of these index ranges
is counted with the same sweep as characters.

Indexes are cached per document (by uuid and text hash: a document's text never changes) and
dropped least recently used first once they hold more than :data:`CACHE_WORDS` words.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import accumulate

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.derived.lru import SizedLRU
from qcode.derived.masks import WORD, mask_of
from qcode.models import Document

CACHE_WORDS = 20_000_000

_WORD_RUNS = re.compile(f"({WORD}+)")


@dataclass(frozen=True)
class WordIndex:
    """Start and end offsets of each word of one document, in text order."""

    starts: array
    ends: array

    @classmethod
    def of(cls, text: str) -> WordIndex:
        # On the word mask (offsets unchanged) split() with a group alternates non-word and
        # word runs: their running lengths are the word boundaries.
        runs = _WORD_RUNS.split(mask_of(text))
        bounds = list(accumulate(map(len, runs)))
        return cls(array("i", bounds[0:-1:2]), array("i", bounds[1::2]))

    def __len__(self) -> int:
        return len(self.starts)


_cache: SizedLRU[WordIndex] = SizedLRU(CACHE_WORDS)


def word_indexes(session: Session, document_ids: Iterable[int]) -> dict[int, WordIndex]:
    """The word index of each document, built from its text where not cached."""
    wanted = sorted(set(document_ids))
    found: dict[int, WordIndex] = {}
    missing: dict[int, tuple[str, str]] = {}
    for chunk_start in range(0, len(wanted), 500):
        chunk = wanted[chunk_start:chunk_start + 500]
        for doc_id, uuid, sha in session.execute(
                select(Document.id, Document.uuid, Document.sha256)
                .where(Document.id.in_(chunk))):
            index = _cache.get((uuid, sha))
            if index is None:
                missing[doc_id] = (uuid, sha)
            else:
                found[doc_id] = index
    for doc_id, key in missing.items():
        text = session.scalar(select(Document.text).where(Document.id == doc_id)) or ""
        found[doc_id] = WordIndex.of(text)
        _cache.put(key, found[doc_id])
    return found


def count_words(pieces: Iterable[tuple[Hashable, Hashable, int, int, int]],
                indexes: dict[int, WordIndex]) -> dict[tuple[Hashable, Hashable], int]:
    """Words met by ``(key1, key2, document_id, start, end)`` pieces, per ``(key1, key2)``.

    The pieces of one (key1, key2, document) must be disjoint, come one after another, and be
    sorted by start. A word met by several pieces of the same group and document counts once.
    """
    totals: dict[tuple[Hashable, Hashable], int] = defaultdict(int)
    group: tuple[Hashable, Hashable, int] | None = None
    counted = 0  # words of the current group and document
    last_counted = -1  # index of the last word counted there
    starts = ends = array("i")
    right, left = bisect_right, bisect_left
    for key1, key2, doc_id, start, end in pieces:
        if group is None or doc_id != group[2] or key2 != group[1] or key1 != group[0]:
            if group is not None:
                totals[group[0], group[1]] += counted
            group, counted, last_counted = (key1, key2, doc_id), 0, -1
            index = indexes[doc_id]
            starts, ends = index.starts, index.ends
        first = right(ends, start)
        last = left(starts, end) - 1
        if first <= last_counted:
            first = last_counted + 1
        if last >= first:
            counted += last - first + 1
            last_counted = last
    if group is not None:
        totals[group[0], group[1]] += counted
    return dict(totals)

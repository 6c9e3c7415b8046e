"""Words of islands counted on a word mask: the document's text with every word character
written ``a`` and every other character a space, offsets unchanged.

A word is what :mod:`qcode.derived.words` says (a run of ``\\w`` characters and combining
marks). On the mask the words an island ``[a, b)`` meets are the word starts inside it (each
``" a"`` in ``mask[a:b]``) plus the word under ``a``; two neighbouring islands share a word
only when the gap between them is all word characters. Both are counts and searches in C
(``str.count``, ``str.find``), so no per-word index is needed: a mask costs one
``str.translate`` of the text (the ASCII fast path for ASCII text), against a regular
expression split and two arrays of offsets for :class:`~qcode.derived.words.WordIndex`.

Masks are cached per document (by uuid and text hash: a document's text never changes) and
dropped least recently used first beyond :data:`CACHE_CHARACTERS`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from qcode.derived.bulk import bound_rows, plain_rows
from qcode.derived.lru import SizedLRU
from qcode.derived.memo import memo_dict
from qcode.models import Document

CACHE_CHARACTERS = 64_000_000
_FROM_INDEXES = 200  # from this many documents on, keys come from the indexes
WORD, OTHER = "a", " "
_WORD_CHARACTER = re.compile(r"\w")


class _MaskTable(dict):
    """``str.translate`` table: each code point to ``a`` (word character) or a space, filled
    on first use of each character (ASCII up front, so ASCII text takes the fast path)."""

    def __missing__(self, code_point: int) -> str:
        char = chr(code_point)
        word = _WORD_CHARACTER.match(char) is not None or \
            unicodedata.category(char).startswith("M")
        self[code_point] = WORD if word else OTHER
        return self[code_point]


_TABLE = _MaskTable()
for _cp in range(128):
    _TABLE[_cp]  # noqa: B018 - fills the ASCII entries


def mask_of(text: str) -> str:
    """The word mask of ``text``."""
    return text.translate(_TABLE)


def words_met(mask: str, start: int, end: int) -> int:
    """Words with at least one character in ``[start, end)``."""
    if start >= end:
        return 0
    return mask.count(" a", start, end) + (mask[start] == WORD)


def shares_word(mask: str, before_end: int, start: int) -> bool:
    """True if one word reaches from an island ending at ``before_end`` into one starting at
    ``start`` (> ``before_end``): both edges are word characters and so is all between."""
    return (before_end > 0 and mask[before_end - 1] == WORD and start < len(mask)
            and mask[start] == WORD and mask.find(OTHER, before_end, start) == -1)


def new_words(mask: str, before_end: int | None, start: int, end: int) -> int:
    """Words of the island ``[start, end)`` that the island before it (ending at
    ``before_end``; None if it is the first) did not meet.

    Islands are disjoint and sorted: a word met by an earlier island and this one crosses the
    island just before, so only that one needs checking.
    """
    met = words_met(mask, start, end)
    if met and before_end is not None and shares_word(mask, before_end, start):
        met -= 1
    return met


_cache: SizedLRU[str] = SizedLRU(CACHE_CHARACTERS)


def word_masks(session: Session, document_ids: Iterable[int]) -> dict[int, str]:
    """The word mask of each document, made from its text where not cached; a refresh of
    the derived tables asks its documents' cache keys once (:mod:`qcode.derived.memo`)."""
    memo = memo_dict(session, "word masks")
    found: dict[int, str] = {}
    wanted = sorted(set(document_ids))
    if memo is not None:
        found = {d: memo[d] for d in wanted if d in memo}
        wanted = [d for d in wanted if d not in found]
    missing: list[tuple[int, tuple[str, str]]] = []
    for doc_id, key in _cache_keys(session, wanted):
        mask = _cache.get(key)
        if mask is None:
            missing.append((doc_id, key))
        else:
            found[doc_id] = mask
    for chunk_start in range(0, len(missing), 100):
        chunk = dict(missing[chunk_start:chunk_start + 100])
        for doc_id, text in plain_rows(session, select(Document.id, Document.text)
                                       .where(Document.id.in_(chunk))):
            found[doc_id] = mask_of(text or "")
            _cache.put(chunk[doc_id], found[doc_id])
    if memo is not None:
        memo.update(found)
    return found


def _cache_keys(session: Session, wanted: list[int]) -> list[tuple[int, tuple[str, str]]]:
    """``(document, (uuid, sha256))`` of each wanted document.

    SQLite keeps a row's columns in order, and ``uuid`` and ``sha256`` come after ``text``:
    reading them by id walks each text's overflow pages (~12 ms for 2,000 documents of 19,000
    characters, as a move of a sub-theme asks). Many documents are read instead from the two
    indexes that hold these columns with the id, without touching the rows.
    """
    if len(wanted) >= _FROM_INDEXES:
        uuids = dict(plain_rows(session, select(Document.id, Document.uuid)))
        hashes = dict(plain_rows(session, select(Document.id, Document.sha256)))
        return [(d, (uuids[d], hashes[d])) for d in wanted if d in uuids]
    return [(doc_id, (uuid, sha))
            for chunk_start in range(0, len(wanted), 500)
            for doc_id, uuid, sha in bound_rows(
                session, ("mask keys",), lambda: select(Document.id, Document.uuid,
                                                        Document.sha256)
                .where(Document.id.in_(bindparam("documents", expanding=True))),
                documents=wanted[chunk_start:chunk_start + 500])]

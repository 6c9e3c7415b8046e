"""Search rules written out plainly, character by character, for tests to compare the engine
with. Nothing here comes from qcode.search: the rules are restated from the issue.

Ignored when normalising: tatweel and the non-spacing or enclosing marks of the Latin
combining blocks and the Arabic blocks. Alef forms أ إ آ ٱ are ا, ى is ي, a Latin letter
whose canonical decomposition is an ASCII letter and marks is that letter. A word character
is a letter or digit or any combining mark. A hit takes the combining marks (and tatweel)
after its last letter; hits do not overlap, the leftmost wins.
"""

from __future__ import annotations

import unicodedata

TATWEEL = "\u0640"
ALEFS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"}
_MARK_BLOCKS = ((0x300, 0x370), (0x1AB0, 0x1B00), (0x1DC0, 0x1E00), (0x20D0, 0x2100),
                (0xFE20, 0xFE30), (0x600, 0x700), (0x8A0, 0x900))


def is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def ignored(ch: str) -> bool:
    if ch == TATWEEL:
        return True
    return unicodedata.category(ch) in ("Mn", "Me") and any(
        lo <= ord(ch) < hi for lo, hi in _MARK_BLOCKS)


def base(ch: str) -> str:
    if ch in ALEFS:
        return ALEFS[ch]
    parts = unicodedata.normalize("NFD", ch)
    if (0xC0 <= ord(ch) < 0x250 or 0x1E00 <= ord(ch) < 0x1F00) and len(parts) > 1 \
            and parts[0].isascii() and parts[0].isalpha() \
            and all(unicodedata.combining(p) for p in parts[1:]):
        return parts[0]
    return ch


def word_char(ch: str) -> bool:
    return ch.isalnum() or is_mark(ch)


def _same(t: str, q: str, case_sensitive: bool) -> bool:
    return t == q if case_sensitive else t.lower() == q.lower()


def _match_at(text: str, i: int, query: list[str], normalised: bool,
              case_sensitive: bool) -> int | None:
    pos = i
    for q in query:
        if pos >= len(text):
            return None
        t = base(text[pos]) if normalised and not ignored(text[pos]) else text[pos]
        if not _same(t, q, case_sensitive):
            return None
        pos += 1
        if normalised and word_char(q):
            while pos < len(text) and ignored(text[pos]):
                pos += 1
    if word_char(query[-1]):
        while pos < len(text) and (is_mark(text[pos]) or text[pos] == TATWEEL):
            pos += 1
    return pos


def exact(text: str, query: str, *, whole_words: bool = False, case_sensitive: bool = False,
          normalised: bool = True) -> list[tuple[int, int]]:
    """Exact hits by the rules above."""
    wanted = [base(c) for c in query if not ignored(c)] if normalised else list(query)
    if not wanted:
        wanted, normalised = list(query), False
    if not wanted:
        return []
    hits, i = [], 0
    while i < len(text):
        end = _match_at(text, i, wanted, normalised, case_sensitive)
        if end is not None and whole_words and (
                (i > 0 and word_char(text[i - 1])) or (end < len(text) and word_char(text[end]))):
            end = None
        if end is None:
            i += 1
        else:
            hits.append((i, end))
            i = end
    return hits


def fold(word: str) -> str:
    """A word as the typo-tolerant search compares it by default."""
    return "".join(base(c) for c in word if not ignored(c)).casefold()


def words(text: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for i, ch in enumerate(text):
        if word_char(ch):
            start = i if start is None else start
        elif start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans

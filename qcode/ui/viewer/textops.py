"""Text work behind the viewer's find bar and word snapping (plain Python, code-point offsets).

**Exact find** is a case-insensitive substring search.

**Typo-tolerant find** compares the query with every run of consecutive words of the document
whose word count is within one of the query's (so "e government" can meet "e-government" and
"egovernment"). Words are letters, digits and their combining marks (Arabic vowel signs stay
inside a word). Both sides are case-folded with combining marks removed, so a query typed
without Arabic diacritics finds the word written with them. Each candidate is scored with
rapidfuzz's ``fuzz.ratio`` (normalised Indel similarity, 0-100) through
``rapidfuzz.process.extract``, which scores all candidates in C++; candidates scoring at least
:data:`FUZZY_CUTOFF` are hits ("capcity" meets "capacity" at 93; "truth" meets "trust" at only
80, so it is not a hit). Overlapping candidates keep the best score; exact substring hits are
always included. Queries shorter than :data:`FUZZY_MIN_LENGTH` characters are searched exactly,
since one typo in a three-letter word matches half the dictionary.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz, process

FUZZY_CUTOFF = 85.0
FUZZY_MIN_LENGTH = 4

_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+")
_MARK_RE = re.compile(f"[{_MARKS}]")


def exact_hits(text: str, query: str) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of ``query`` (not overlapping), as [start, end)."""
    if not query:
        return []
    return [m.span() for m in re.finditer(re.escape(query), text, re.IGNORECASE)]


def _fold(word: str) -> str:
    return _MARK_RE.sub("", word).casefold()


def fuzzy_hits(text: str, query: str, cutoff: float = FUZZY_CUTOFF) -> list[tuple[int, int]]:
    """Occurrences of ``query`` allowing typos (method in the module docstring), in order."""
    query = query.strip()
    exact = exact_hits(text, query)
    query_words = [_fold(w) for w in _WORD.findall(query)]
    if len(query) < FUZZY_MIN_LENGTH or not query_words:
        return exact
    spans = [m.span() for m in _WORD.finditer(text)]
    folded = [_fold(text[s:e]) for s, e in spans]
    wanted = " ".join(query_words)
    choices: list[str] = []
    windows: list[tuple[int, int]] = []
    for size in sorted({max(1, len(query_words) - 1), len(query_words), len(query_words) + 1}):
        for i in range(len(spans) - size + 1):
            choices.append(" ".join(folded[i:i + size]))
            windows.append((spans[i][0], spans[i + size - 1][1]))
    found = process.extract(wanted, choices, scorer=fuzz.ratio, processor=None,
                            score_cutoff=cutoff, limit=None)
    # Best first; among equal scores the candidate closest in length to the query.
    ranked = sorted(found, key=lambda f: (-f[1], abs(len(f[0]) - len(wanted)), windows[f[2]]))
    hits = list(exact)
    for _, _, index in ranked:
        start, end = windows[index]
        if all(end <= s or start >= e for s, e in hits):
            hits.append((start, end))
    return sorted(hits)


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc")


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without white space at its ends and widened to whole words: a selection
    that begins or ends inside a word takes in the whole word."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    while start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
        start -= 1
    while end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]):
        end += 1
    return start, end

"""Search rules written out plainly, character by character, for tests to compare the engine
with. Nothing here comes from qcode.search: the rules are restated from the issue.

Ignored when normalising: tatweel and the non-spacing or enclosing marks of the Latin
combining blocks and the Arabic blocks. Alef forms أ إ آ ٱ are ا, ى is ي, a Latin letter
whose canonical decomposition is an ASCII letter and marks is that letter. A word character
is a letter or digit or any combining mark. A hit takes the combining marks (and tatweel)
after its last letter; hits do not overlap, the leftmost wins. Typo-tolerant hits (:func:`fuzzy`)
are runs of whole words within an edit budget scaled to the length of the query.
"""

from __future__ import annotations

import unicodedata

TATWEEL = "\u0640"
ALEFS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"}
_MARK_BLOCKS = ((0x300, 0x370), (0x1AB0, 0x1B00), (0x1DC0, 0x1E00), (0x20D0, 0x2100),
                (0xFE20, 0xFE30), (0x600, 0x700), (0x8A0, 0x900))


#: a query's run of white space, which matches any run of it in the text
SPACE_RUN = "<white space>"


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
        if q == SPACE_RUN:  # any run of white space
            if not text[pos].isspace():
                return None
            while pos < len(text) and text[pos].isspace():
                pos += 1
            continue
        t = base(text[pos]) if normalised and not ignored(text[pos]) else text[pos]
        if not _same(t, q, case_sensitive):
            return None
        pos += 1
        if normalised and word_char(q):
            while pos < len(text) and ignored(text[pos]):
                pos += 1
    if query[-1] != SPACE_RUN and word_char(query[-1]):
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
    if normalised:  # white space in the query: any run of it
        wanted = [SPACE_RUN if c.isspace() else c for c in wanted]
        wanted = [c for k, c in enumerate(wanted)
                  if not (c == SPACE_RUN and k and wanted[k - 1] == SPACE_RUN)]
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


def compared(word: str, case_sensitive: bool, normalised: bool) -> str:
    """A word as the typo-tolerant search compares it under these options."""
    if normalised:
        word = "".join(base(c) for c in word if not ignored(c))
    return word if case_sensitive else word.casefold()


def edit_budget(length: int) -> int:
    """Typos a query of ``length`` compared characters (words joined by one space) allows."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    return 2 if length <= 12 else 3


def typo_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of two neighbours turning ``a`` into
    ``b``, no character edited twice (the restricted Damerau-Levenshtein distance)."""
    table = [[i + j if not i * j else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, table[i - 2][j - 2] + 1)
            table[i][j] = best
    return table[-1][-1]


def fuzzy(text: str, query: str, budget: int | None = None, *, case_sensitive: bool = False,
          normalised: bool = True) -> list[tuple[int, int, float]]:
    """Typo-tolerant hits, plainly: every run of n-1, n or n+1 whole words within the budget
    of edits of the query (n its words), scored 100 * (1 - edits / longer length); best score
    first, then length nearest the query's, then leftmost, each kept unless it overlaps one
    kept before. No edit allowed, or no letter to compare in the query: exact whole words."""
    query = query.strip()
    words_of_query = [compared(query[s:e], case_sensitive, normalised)
                      for s, e in words(query)]
    wanted = " ".join(words_of_query)
    budget = edit_budget(len(wanted)) if budget is None else budget
    if budget <= 0 or not "".join(words_of_query):
        return [(s, e, 100.0) for s, e in exact(text, query, whole_words=True,
                                                 case_sensitive=case_sensitive,
                                                 normalised=normalised)]
    spans = words(text)
    n, found = len(words_of_query), []
    for size in {max(1, n - 1), n, n + 1}:
        for i in range(len(spans) - size + 1):
            run = " ".join(compared(text[s:e], case_sensitive, normalised)
                           for s, e in spans[i:i + size])
            edits = typo_distance(wanted, run)
            if edits <= budget:
                score = 100.0 * (1 - edits / max(len(wanted), len(run)))
                found.append((-score, abs(len(run) - len(wanted)), spans[i][0],
                              spans[i + size - 1][1]))
    kept: list[tuple[int, int, float]] = []
    for minus_score, _, start, end in sorted(found):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, -minus_score))
    return sorted(kept)

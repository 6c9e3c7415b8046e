"""Exact and typo-tolerant find over a text (code-point offsets, end exclusive).

**Exact find** is a case-insensitive, normalised substring search
(:func:`qcode.search.patterns.exact_pattern`): a hit may hold ignored marks between its letters
and takes the marks after its last letter.

**Typo-tolerant find** compares the query with every run of consecutive words of the text
whose word count is within one of the query's (so "e government" can meet "e-government" and
"egovernment"), both folded as :func:`qcode.search.normalise.folder` says (by default
normalised and case-folded: Arabic vowel signs and other marks ignored, alef forms as one).
A run is a hit when rapidfuzz's ``fuzz.ratio``
(normalised indel similarity, 0-100) reaches :data:`FUZZY_CUTOFF` ("capcity" meets "capacity"
at 93; "truth" meets "trust" at only 80, so it is not a hit). Overlapping hits keep the best
(highest score, then length closest to the query's, then first); exact hits are
always kept (score 100). Queries shorter than :data:`FUZZY_MIN_LENGTH` characters are searched
exactly, since one typo in a three-letter word matches half the dictionary.

Only the runs ending where the bit-parallel filter of :mod:`qcode.search.bitscan` allows are
scored, and overlaps are settled by marking taken characters, so the whole search is linear
in the text plus n log n in the hits.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import fuzz

from qcode.search.bitscan import CHUNK, candidate_ends
from qcode.search.normalise import WORD, fold, folder
from qcode.search.patterns import exact_pattern

FUZZY_CUTOFF = 85.0
FUZZY_MIN_LENGTH = 4

Span = tuple[int, int]
Scored = tuple[int, int, float]


def exact_hits(text: str, query: str) -> list[Span]:
    """Every case-insensitive, normalised occurrence of ``query`` (not overlapping)."""
    pattern = exact_pattern(query)
    return [] if pattern is None else [m.span() for m in pattern.finditer(text)]


def fuzzy_hits(text: str, query: str, cutoff: float = FUZZY_CUTOFF, *,
               chunk: int = CHUNK) -> list[Span]:
    """Occurrences of ``query`` allowing typos (rules in the module docstring), in order."""
    return [(s, e) for s, e, _ in fuzzy_scored(text, query, cutoff, chunk=chunk)]


def fuzzy_scored(text: str, query: str, cutoff: float = FUZZY_CUTOFF, *, chunk: int = CHUNK,
                 case_sensitive: bool = False, normalised: bool = True) -> list[Scored]:
    """Occurrences of ``query`` allowing typos with their scores, in text order.
    ``chunk``: characters read at a time (memory, not results, depends on it)."""
    return fuzzy_scored_many([text], query, cutoff, chunk=chunk, case_sensitive=case_sensitive,
                             normalised=normalised)[0]


def fuzzy_scored_many(texts: Sequence[str], query: str, cutoff: float = FUZZY_CUTOFF, *,
                      chunk: int = CHUNK, case_sensitive: bool = False,
                      normalised: bool = True) -> list[list[Scored]]:
    """:func:`fuzzy_scored` of each text, the filter run once over them all (read as one text
    with a line break between two): thousands of short documents cost what one long one does."""
    query = query.strip()
    pattern = exact_pattern(query, case_sensitive=case_sensitive, normalised=normalised)
    exact = [[] if pattern is None else [m.span() for m in pattern.finditer(text)]
             for text in texts]
    compare = folder(case_sensitive, normalised)
    query_words = [compare(w) for w in WORD.findall(query)]
    if len(query) < FUZZY_MIN_LENGTH or not query_words:
        return [[(s, e, 100.0) for s, e in spans] for spans in exact]
    wanted = " ".join(query_words)
    n = len(query_words)
    sizes = sorted({max(1, n - 1), n, n + 1})
    ends = _candidates(texts, wanted, max(sizes) + 1, cutoff, chunk, compare is fold)
    return [_choose(spans, _windows(text, text_ends, wanted, sizes, cutoff, compare),
                    len(wanted), len(text))
            for text, text_ends, spans in zip(texts, ends, exact, strict=True)]


def max_indel(length: int, cutoff: float) -> int | None:
    """The most insertions and deletions a text can differ from a query of ``length``
    characters by and still score ``cutoff`` (None: any number)."""
    share = cutoff / 100
    if share <= 0:
        return None
    longest = math.floor(length * (2 - share) / share + 1e-9)
    return math.floor((1 - share) * (length + longest) + 1e-6)


def _candidates(texts: Sequence[str], wanted: str, words_back: int, cutoff: float,
                chunk: int, by_fold: bool) -> list[Iterable[int]]:
    """The word ends of each text worth scoring. The filter always compares by the default
    fold, the coarsest: a run within reach of ``wanted`` as the search compares is within
    reach by the fold too, once the reach allows for characters whose fold is longer (an edit
    becomes at most three)."""
    limit = max_indel(len(wanted), cutoff)
    coarse = fold(wanted)
    if limit is not None and not by_fold:
        limit = 3 * max_indel(max(len(wanted), len(coarse)), cutoff)
    if limit is None or len(set(coarse)) > 250:  # past what one byte a character can code
        return [(m.end() for m in WORD.finditer(text)) for text in texts]
    if len(texts) == 1:
        return [candidate_ends(texts[0], coarse, limit, words_back, chunk)]
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    found: list[list[int]] = [[] for _ in texts]
    for end in candidate_ends("\n".join(texts), coarse, limit, words_back, chunk):
        i = bisect_right(starts, end - 1) - 1  # a word end: end - 1 is in a text
        found[i].append(end - starts[i])
    return found


def _windows(text: str, ends: Iterable[int], wanted: str, sizes: list[int], cutoff: float,
             compare: Callable[[str], str]) -> list[tuple[float, int, int, int]]:
    """Every run of ``sizes`` words ending at one of ``ends`` and scoring at least ``cutoff``:
    (score, compared length, start, end)."""
    found = []
    for end in ends:
        spans = _words_ending_at(text, end, max(sizes))
        for size in sizes:
            if len(spans) < size:
                break
            choice = " ".join(compare(text[s:e]) for s, e in spans[-size:])
            score = fuzz.ratio(wanted, choice, processor=None, score_cutoff=cutoff)
            if score >= cutoff:
                found.append((score, len(choice), spans[-size][0], end))
    return found


def _words_ending_at(text: str, end: int, count: int) -> list[Span]:
    """Up to ``count`` words, the last ending at ``end`` (a word end), in order."""
    reach = 16 * count + 16
    while True:
        lo = max(0, end - reach)
        spans = [m.span() for m in WORD.finditer(text, lo, end)]
        if lo:
            spans = spans[1:]  # may be cut by ``lo``
        if len(spans) >= count or lo == 0:
            return spans[-count:]
        reach *= 4


def _choose(exact: list[Span], windows: list[tuple[float, int, int, int]], wanted: int,
            length: int) -> list[Scored]:
    """Exact hits, then windows best first, each kept unless it overlaps one kept before."""
    if not windows:
        return [(s, e, 100.0) for s, e in exact]
    windows.sort(key=lambda w: (-w[0], abs(w[1] - wanted), w[2], w[3]))
    taken = bytearray(length)
    ones = b"\x01" * max(e - s for *_, s, e in windows)
    for s, e in exact:
        taken[s:e] = b"\x01" * (e - s)
    hits = [(s, e, 100.0) for s, e in exact]
    for score, _, s, e in windows:
        if taken.find(1, s, e) == -1:
            taken[s:e] = ones[:e - s]
            hits.append((s, e, score))
    return sorted(hits)

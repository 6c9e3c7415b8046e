"""Exact and typo-tolerant find over a text (code-point offsets, end exclusive).

**Exact find** is a case-insensitive, normalised substring search
(:func:`qcode.search.patterns.exact_pattern`): a hit may hold ignored marks between its letters
and takes the marks after its last letter.

**Typo-tolerant find** gives runs of whole words only. It compares the query with every run
of consecutive words of the text whose word count is within one of the query's (so
"e government" can meet "e-government" and "egovernment"), both folded as
:func:`qcode.search.normalise.folder` says (by default normalised and case-folded: Arabic vowel
signs and other marks ignored, alef forms as one), words joined by one space. A run is a hit
when its edit distance to the query (insertions, deletions, substitutions and swaps of two
neighbours: rapidfuzz's optimal string alignment) is at most :func:`allowed_edits` of the
query's compared length: none up to 3 characters, one up to 7, two up to 12, three beyond. So
"Sebha" meets "Sabha", "trsut" meets "trust", but "trust" never meets "truth" (two edits in a
five-letter word). A query with no edit allowed, or without a letter to compare, is
searched as exact whole words, since one typo in a three-letter word matches half the
dictionary. The score is the similarity ``100 * (1 - edits / longer length)`` (100 for an
exact run). Overlapping hits keep the best (highest score, then length closest to the
query's, then first).

Only the runs ending where the bit-parallel filter of :mod:`qcode.search.bitscan` allows are
scored (an edit is at most two insertions or deletions, so the filter runs with twice the
allowed edits and never loses a hit), and overlaps are settled by marking taken characters,
so the whole search is linear in the text plus n log n in the hits.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz.distance import OSA

from qcode.search.bitscan import CHUNK, candidate_ends
from qcode.search.normalise import WORD, fold, folder
from qcode.search.patterns import exact_pattern

#: compared length from which one edit is allowed (shorter queries are exact whole words)
FUZZY_MIN_LENGTH = 4
#: (longest compared length, edits allowed) in increasing order; longer: one more than the last
EDIT_STEPS = ((3, 0), (7, 1), (12, 2))
#: the most characters one character's fold has (a case fold may make three)
_FOLD_GROWTH = 3

Span = tuple[int, int]
Scored = tuple[int, int, float]


def allowed_edits(length: int) -> int:
    """Edits a run of words may differ by from a query of ``length`` compared characters."""
    for longest, edits in EDIT_STEPS:
        if length <= longest:
            return edits
    return EDIT_STEPS[-1][1] + 1


def exact_hits(text: str, query: str) -> list[Span]:
    """Every case-insensitive, normalised occurrence of ``query`` (not overlapping)."""
    pattern = exact_pattern(query)
    return [] if pattern is None else [m.span() for m in pattern.finditer(text)]


def fuzzy_hits(text: str, query: str, edits: int | None = None, *,
               chunk: int = CHUNK) -> list[Span]:
    """Occurrences of ``query`` allowing typos (rules in the module docstring), in order.
    ``edits``: allow this many instead of :func:`allowed_edits`."""
    return [(s, e) for s, e, _ in fuzzy_scored(text, query, edits, chunk=chunk)]


def fuzzy_scored(text: str, query: str, edits: int | None = None, *, chunk: int = CHUNK,
                 case_sensitive: bool = False, normalised: bool = True) -> list[Scored]:
    """Occurrences of ``query`` allowing typos with their scores, in text order.
    ``chunk``: characters read at a time (memory, not results, depends on it)."""
    return fuzzy_scored_many([text], query, edits, chunk=chunk, case_sensitive=case_sensitive,
                             normalised=normalised)[0]


def fuzzy_scored_many(texts: Sequence[str], query: str, edits: int | None = None, *,
                      chunk: int = CHUNK, case_sensitive: bool = False,
                      normalised: bool = True) -> list[list[Scored]]:
    """:func:`fuzzy_scored` of each text, the filter run once over them all (read as one text
    with a line break between two): thousands of short documents cost what one long one does."""
    query = query.strip()
    compare = folder(case_sensitive, normalised)
    query_words = [compare(w) for w in WORD.findall(query)]
    wanted = " ".join(query_words)
    edits = allowed_edits(len(wanted)) if edits is None else edits
    if edits <= 0 or not "".join(query_words):  # no typo allowed, or nothing to compare
        pattern = exact_pattern(query, whole_words=True, case_sensitive=case_sensitive,
                                normalised=normalised)
        return [[] if pattern is None else [(*m.span(), 100.0) for m in pattern.finditer(t)]
                for t in texts]
    n = len(query_words)
    sizes = sorted({max(1, n - 1), n, n + 1})
    ends = _candidates(texts, wanted, max(sizes) + 1, edits, chunk, compare is fold)
    return [_choose(_windows(text, text_ends, wanted, sizes, edits, compare),
                    len(wanted), len(text))
            for text, text_ends in zip(texts, ends, strict=True)]


def _candidates(texts: Sequence[str], wanted: str, words_back: int, edits: int,
                chunk: int, by_fold: bool) -> list[Iterable[int]]:
    """The word ends of each text worth scoring. One edit is at most two insertions and
    deletions. The filter always compares by the default fold, the coarsest: a run within
    reach of ``wanted`` as the search compares is within reach by the fold too, once the reach
    allows for characters whose fold is longer (an edit of one character becomes at most
    three insertions and deletions of each of two)."""
    limit = 2 * edits * (1 if by_fold else _FOLD_GROWTH)
    coarse = fold(wanted)
    if len(set(coarse)) > 250:  # past what one byte a character can code
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


def _windows(text: str, ends: Iterable[int], wanted: str, sizes: list[int], edits: int,
             compare: Callable[[str], str]) -> list[tuple[float, int, int, int]]:
    """Every run of ``sizes`` words ending at one of ``ends`` within ``edits`` of ``wanted``:
    (score, compared length, start, end)."""
    found = []
    for end in ends:
        spans = _words_ending_at(text, end, max(sizes))
        for size in sizes:
            if len(spans) < size:
                break
            choice = " ".join(compare(text[s:e]) for s, e in spans[-size:])
            if abs(len(choice) - len(wanted)) > edits:
                continue
            distance = OSA.distance(wanted, choice, score_cutoff=edits)
            if distance <= edits:
                score = 100.0 * (1 - distance / max(len(wanted), len(choice)))
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


def _choose(windows: list[tuple[float, int, int, int]], wanted: int,
            length: int) -> list[Scored]:
    """Windows best first, each kept unless it overlaps one kept before."""
    if not windows:
        return []
    windows.sort(key=lambda w: (-w[0], abs(w[1] - wanted), w[2], w[3]))
    taken = bytearray(length)
    ones = b"\x01" * max(e - s for *_, s, e in windows)
    hits = []
    for score, _, s, e in windows:
        if taken.find(1, s, e) == -1:
            taken[s:e] = ones[:e - s]
            hits.append((s, e, score))
    return sorted(hits)

"""Finding a passage a user typed or pasted in a document's text, as code point offsets.

Document text is NFC-normalised at import, so the passage is too before an exact search; a
passage quoted from elsewhere may still differ (curly quotes, a typo), which is why the nearest
near match can be offered instead of a silent guess.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

#: a near match must score at least this (rapidfuzz partial ratio, 0-100)
NEAR_SCORE = 80.0


@dataclass(frozen=True)
class NearMatch:
    start: int
    end: int
    score: float


def normalised_passage(passage: str) -> str:
    return unicodedata.normalize("NFC", passage)


def passage_starts(text: str, passage: str) -> list[int]:
    """Every offset where ``passage`` (NFC) starts in ``text``, overlapping ones included."""
    passage = normalised_passage(passage)
    if not passage:
        return []
    starts: list[int] = []
    at = text.find(passage)
    while at != -1:
        starts.append(at)
        at = text.find(passage, at + 1)
    return starts


def nearest_passage(text: str, passage: str) -> NearMatch | None:
    """The stretch of ``text`` most like ``passage``, when it is close enough to offer."""
    passage = normalised_passage(passage)
    if not passage or len(passage) > len(text):
        return None
    text, passage = _lowered(text), _lowered(passage)
    found = fuzz.partial_ratio_alignment(passage, text, score_cutoff=NEAR_SCORE)
    if found is None:
        return None
    return _best_bounds(text, passage, found.dest_start, found.dest_end)


def _lowered(text: str) -> str:
    """Lower case, one code point for one (offsets stay true), as quotes often differ in case."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _best_bounds(text: str, passage: str, start: int, end: int) -> NearMatch:
    """The window around [start, end) most like ``passage``: the alignment keeps the passage's
    length, so a passage missing a letter would otherwise be offered one letter short."""
    slack = min(max(3, len(passage) // 10), 30)
    best = NearMatch(start, end, fuzz.ratio(passage, text[start:end]))
    for s in range(max(0, start - slack), min(start + slack, len(text)) + 1):
        for e in range(max(s + 1, end - slack), min(end + slack, len(text)) + 1):
            score = fuzz.ratio(passage, text[s:e], score_cutoff=best.score)
            if score > best.score:
                best = NearMatch(s, e, score)
    return best

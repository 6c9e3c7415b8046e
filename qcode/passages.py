"""Finding a passage a user typed or pasted in a document's text, as code point offsets.

Document text is NFC-normalised at import, so the passage is too before an exact search; white
space is not compared exactly, since a passage typed on one line cannot show the tab, line break
or no-break space of the document: any run of white space in the passage matches any run in the
text (spaces at its ends are dropped), and the span coded is the one found in the text. A passage
quoted from elsewhere may still differ (curly quotes, a typo), which is why the nearest near
match can be offered instead of a silent guess.
"""

from __future__ import annotations

import re
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
    """The passage as it is looked for: NFC, without white space at its ends."""
    return unicodedata.normalize("NFC", passage).strip()


def passage_spans(text: str, passage: str) -> list[tuple[int, int]]:
    """Every [start, end) where ``passage`` occurs in ``text`` (overlapping ones included), any
    run of white space matching any other."""
    words = normalised_passage(passage).split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    spans: list[tuple[int, int]] = []
    found = pattern.search(text)
    while found is not None:
        spans.append(found.span())
        found = pattern.search(text, found.start() + 1)
    return spans


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

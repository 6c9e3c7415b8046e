"""What a source's selection positions count, decided from the file, and converted to qcode's.

REFI-QDA says positions are Unicode code points, end exclusive. Tools differ in practice: some
count UTF-16 code units (an emoji or a CJK extension B character counts two), some count a
byte-order mark at the start of the text, some count CRLF as one character. No product name is
trusted: for each source every reading its raw text allows is tried on (a sample of) its
selections and scored (:func:`_score`), and the best one converts all of them once. Code points
win ties, as the standard says; a BOM not counted, and CRLF as two characters, win their ties.

The chosen reading gives an index into the raw text; :class:`~qcode.exchange.textmap.TextMap`
then follows the index through qcode's normalisation (BOM and control characters dropped, CRLF
to LF, NFC, trailing white space trimmed) to an offset in the text qcode stores.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, product

from qcode.derived.masks import WORD, mask_of
from qcode.exchange.records import Selection, Skipped, Source, guid_key
from qcode.exchange.textmap import TextMap

#: Selections scored per source and reading; a source with more is scored on a spread sample.
SAMPLE = 400

_BOM = "\ufeff"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CRLF = re.compile("\r\n")


@dataclass(frozen=True)
class Placed:
    """A source's text as qcode stores it and each selection's span in it (code points, end
    exclusive), or why the selection was skipped; ``assumption`` says what the file's
    positions were read as."""

    text: str
    spans: tuple[tuple[Selection, int, int] | Skipped, ...]
    assumption: str


@dataclass(frozen=True)
class Reading:
    """One way of counting positions. ``bom_counted`` and ``crlf_as_one`` are None when the
    text has no BOM or no CRLF (the question does not arise)."""

    utf16: bool = False
    bom_counted: bool | None = None
    crlf_as_one: bool | None = None

    @property
    def unit(self) -> str:
        return "UTF-16 code units" if self.utf16 else "code points"

    def phrase(self) -> str:
        """A short human phrase: "Unicode code points", "code points, BOM counted" ..."""
        extras = []
        if self.bom_counted is not None:
            extras.append("byte-order mark " + ("counted" if self.bom_counted else "not counted"))
        if self.crlf_as_one is not None:
            extras.append("CRLF counted as " + ("one character" if self.crlf_as_one
                                                 else "two characters"))
        if not extras:
            return "UTF-16 code units" if self.utf16 else "Unicode code points"
        return ", ".join([self.unit, *extras])


def readings(raw: str) -> list[Reading]:
    """The readings ``raw`` tells apart, the standard's first: UTF-16 only when an astral
    character occurs, the BOM question only with a BOM, the CRLF one only with CRLF."""
    utf16 = [False, True] if _ASTRAL.search(raw) else [False]
    bom: list[bool | None] = [False, True] if raw.startswith(_BOM) else [None]
    crlf: list[bool | None] = [False, True] if "\r\n" in raw else [None]
    return [Reading(u, b, c) for u, b, c in product(utf16, bom, crlf)]


class Counter:
    """Converts a position counted under one reading into an index into the raw text.

    Characters counted other than once (a BOM not counted: 0; the CR of a CRLF read as one: 0;
    an astral character in UTF-16: 2) are the exceptions; between two of them a position and
    an index differ by a constant, found by binary search over the exceptions' positions.
    """

    def __init__(self, raw: str, reading: Reading) -> None:
        found: list[tuple[int, int]] = []
        if reading.bom_counted is False:
            found.append((0, -1))
        if reading.crlf_as_one:
            found += [(m.start(), -1) for m in _CRLF.finditer(raw)]
        if reading.utf16:
            found += [(m.start(), 1) for m in _ASTRAL.finditer(raw)]
        found.sort()
        self.reading = reading
        self.indexes = [i for i, _ in found]
        #: shifts[k]: units counted beyond one per character before the k-th exception
        self.shifts = [0, *accumulate(d for _, d in found)]
        #: the position at which each exception starts
        self.starts = [i + s for i, s in zip(self.indexes, self.shifts, strict=False)]
        self.length = len(raw) + self.shifts[-1]
        self.raw_length = len(raw)

    def index(self, position: int) -> tuple[int, bool]:
        """The raw index at ``position`` and whether it falls exactly there (False: between
        the two halves of a UTF-16 surrogate pair; the index is then that character's)."""
        if not self.indexes:
            return position, True
        k = bisect_left(self.starts, position)
        index = position - self.shifts[k]
        if k and index <= self.indexes[k - 1]:
            return self.indexes[k - 1], False
        return index, True

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Raw [start, end) of a selection, a split astral character taken in whole; None
        when the positions lie outside the text."""
        if start < 0 or end > self.length:
            return None
        first, _ = self.index(start)
        last, exact = self.index(end)
        return first, last if exact else last + 1


def place(source: Source) -> Placed:
    """``source``'s text as qcode stores it, with each selection's span in it."""
    raw = source.raw_text
    text_map = TextMap(raw)
    if not source.selections:
        return Placed(text_map.text, (), Reading().phrase())
    counter = Counter(raw, best_reading(raw, source.selections))
    spans = tuple(_placed(source, selection, counter, text_map)
                  for selection in source.selections)
    return Placed(text_map.text, spans, counter.reading.phrase())


def best_reading(raw: str, selections: tuple[Selection, ...]) -> Reading:
    """The reading that keeps most selections inside the text with their boundaries between
    words; the earliest of :func:`readings` on a tie."""
    candidates = readings(raw)
    if len(candidates) == 1:
        return candidates[0]
    sample = _sample(selections)
    scores = [_score(raw, Counter(raw, reading), sample) for reading in candidates]
    return candidates[scores.index(max(scores))]


def _sample(selections: tuple[Selection, ...]) -> list[Selection]:
    """Up to :data:`SAMPLE` selections spread over the source, and the one reaching furthest
    (the one a too-long reading pushes out of the text first)."""
    if len(selections) <= SAMPLE:
        return list(selections)
    step = len(selections) / SAMPLE
    picked = [selections[int(k * step)] for k in range(SAMPLE)]
    return [*picked, max(selections, key=lambda s: s.end)]


def _score(raw: str, counter: Counter, sample: list[Selection]) -> int:
    """Per selection: 0 when it falls outside the text (or is empty), else 1, plus 1 for each
    boundary that does not cut a word or a surrogate pair in two."""
    total = 0
    for selection in sample:
        if not 0 <= selection.start < selection.end <= counter.length:
            continue
        total += 1
        for position in (selection.start, selection.end):
            index, exact = counter.index(position)
            total += exact and not _inside_word(raw, index)
    return total


def _inside_word(raw: str, index: int) -> bool:
    """Whether ``index`` lies between two word characters (as qcode counts words)."""
    return 0 < index < len(raw) and mask_of(raw[index - 1:index + 1]) == WORD * 2


def _placed(source: Source, selection: Selection, counter: Counter,
            text_map: TextMap) -> tuple[Selection, int, int] | Skipped:
    start, end = selection.start, selection.end
    if start >= end:
        why = "it is empty" if start == end else "it ends before it starts"
        return _skipped(source, selection, f"{why} ({start}-{end})")
    raw_span = counter.span(start, end)
    if raw_span is None:
        return _skipped(source, selection, f"its positions {start}-{end} lie outside the text "
                        f"(0-{counter.length} {counter.reading.unit})")
    first, last = text_map.offset(raw_span[0]), text_map.offset(raw_span[1])
    if first >= last:
        return _skipped(source, selection, f"its positions {start}-{end} hold only characters "
                        "qcode drops (line-end or control characters, trailing white space)")
    return selection, first, last


def _skipped(source: Source, selection: Selection, why: str) -> Skipped:
    return Skipped(f"selection {guid_key(selection.guid)[:8]} in '{source.name}'",
                   f"{why}; skipped")

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
from qcode.exchange.records import Selection, Skipped, Source
from qcode.exchange.textmap import TextMap

#: Selections scored per source and reading; a source with more is scored on a spread sample.
SAMPLE = 100

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


@dataclass(frozen=True)
class Marks:
    """Where in a raw text the readings part: its length, a BOM, CRLFs, astral characters."""

    length: int
    bom: bool
    crlf: list[int]
    astral: list[int]

    @classmethod
    def of(cls, raw: str) -> Marks:
        astral = [] if raw.isascii() else [m.start() for m in _ASTRAL.finditer(raw)]
        return cls(len(raw), raw.startswith(_BOM), [m.start() for m in _CRLF.finditer(raw)],
                   astral)

    def readings(self) -> list[Reading]:
        """The readings the text tells apart, the standard's first: UTF-16 only when an
        astral character occurs, the BOM question only with a BOM, the CRLF one only with
        CRLF."""
        utf16 = [False, True] if self.astral else [False]
        bom: list[bool | None] = [False, True] if self.bom else [None]
        crlf: list[bool | None] = [False, True] if self.crlf else [None]
        return [Reading(u, b, c) for u, b, c in product(utf16, bom, crlf)]


class Counter:
    """Converts positions counted under one reading into indexes into the raw text.

    Characters counted other than once (a BOM not counted: 0; the CR of a CRLF read as one: 0;
    an astral character in UTF-16: 2) are the exceptions. Before the k-th exception, position
    and index differ by ``shifts[k]``: a position's index is ``position - shifts[k]`` for the
    number ``k`` of exceptions starting before it (binary search in ``starts``); an index that
    falls on or before the exception before it lies between the halves of a surrogate pair.
    """

    def __init__(self, marks: Marks, reading: Reading) -> None:
        found: list[tuple[int, int]] = []
        if reading.bom_counted is False:
            found.append((0, -1))
        if reading.crlf_as_one:
            found += [(i, -1) for i in marks.crlf]
        if reading.utf16:
            found += [(i, 1) for i in marks.astral]
        found.sort()
        self.reading = reading
        self.indexes = [i for i, _ in found]
        #: shifts[k]: units counted beyond one per character before the k-th exception
        self.shifts = [0, *accumulate(d for _, d in found)]
        #: the position at which each exception starts
        self.starts = [i + s for i, s in zip(self.indexes, self.shifts, strict=False)]
        self.length = marks.length + self.shifts[-1]


def place(source: Source) -> Placed:
    """``source``'s text as qcode stores it, with each selection's span in it."""
    raw = source.raw_text
    text_map = TextMap(raw)
    if not source.selections:
        return Placed(text_map.text, (), Reading().phrase())
    marks = Marks.of(raw)
    if written_by_qcode(source) and _all_inside(source.selections, marks.length):
        counter = Counter(marks, Reading())
        return Placed(text_map.text, _spans(source, counter, text_map),
                      f"{Reading().phrase()} (written by qcode)")
    counter = Counter(marks, best_reading(raw, marks, source.selections))
    return Placed(text_map.text, _spans(source, counter, text_map), counter.reading.phrase())


def written_by_qcode(source: Source) -> bool:
    """qcode's own exports count code points, as it wrote them: a coding that ends inside a
    word after an emoji must not be taken for a UTF-16 reading that ends between words."""
    return source.origin.split(" ", 1)[0] == "qcode"


def _all_inside(selections: tuple[Selection, ...], length: int) -> bool:
    return all(0 <= s.start < s.end <= length for s in selections)


def best_reading(raw: str, marks: Marks, selections: tuple[Selection, ...]) -> Reading:
    """The reading that keeps most selections inside the text with their boundaries between
    words, and fewest of them swallowing white space; the earliest of :meth:`Marks.readings`
    on a tie."""
    candidates = marks.readings()
    if len(candidates) == 1:
        return candidates[0]
    sample = _sample(selections)
    scores = [_score(raw, Counter(marks, reading), sample) for reading in candidates]
    return candidates[scores.index(max(scores))]


def _sample(selections: tuple[Selection, ...]) -> list[Selection]:
    """Up to :data:`SAMPLE` selections spread over the source, and the one reaching furthest
    (the one a too-long reading pushes out of the text first)."""
    if len(selections) <= SAMPLE:
        return list(selections)
    step = len(selections) / SAMPLE
    picked = [selections[int(k * step)] for k in range(SAMPLE)]
    return [*picked, max(selections, key=lambda s: s.end)]


def _score(raw: str, counter: Counter, sample: list[Selection]) -> tuple[int, int]:
    """How well a reading places the sample: per selection 0 when it falls outside the text
    (or is empty), else 1, plus 1 for each boundary that does not cut a word (as qcode counts
    words) or a surrogate pair in two; then, to tell readings tied on that apart, minus the
    boundaries that swallow white space (a start on a space, an end just after one): a
    reading one character off at an end between words takes the space beside it, and people
    select words, not the spaces around them.
    (The conversion of :class:`Counter` is written out: this runs for every reading.)"""
    starts, shifts, indexes = counter.starts, counter.shifts, counter.indexes
    total, swallowing, size, word = 0, 0, len(raw), _WORD_CHARACTERS
    for selection in sample:
        if not 0 <= selection.start < selection.end <= counter.length:
            continue
        total += 1
        for index, inner in ((selection.start, 0), (selection.end, -1)):
            if starts:
                k = bisect_left(starts, index)
                index -= shifts[k]
                if k and index <= indexes[k - 1]:
                    continue  # between the halves of a surrogate pair
            if not (0 < index < size and word[raw[index - 1]] and word[raw[index]]):
                total += 1
                swallowing += 0 <= index + inner < size and raw[index + inner].isspace()
    return total, -swallowing


class _WordCharacters(dict):
    """Whether a character is a word character, as qcode's word masks say; filled on use."""

    def __missing__(self, char: str) -> bool:
        self[char] = mask_of(char) == WORD
        return self[char]


_WORD_CHARACTERS = _WordCharacters()


def _spans(source: Source, counter: Counter, text_map: TextMap
           ) -> tuple[tuple[Selection, int, int] | Skipped, ...]:
    """Each selection's span in the stored text, or why it was skipped.

    :class:`Counter`'s conversion and :meth:`TextMap.offset` are written out here for speed
    (a million selections pass): a position goes to a raw index (a split astral character
    taken whole), then back by the dropped characters before it, then through NFC, then
    clamped.
    """
    starts, shifts, indexes = counter.starts, counter.shifts, counter.indexes
    dropped, composed = text_map.dropped, text_map.composed if text_map.pieces else None
    size, limit = len(text_map.text), counter.length
    out: list[tuple[Selection, int, int] | Skipped] = []
    for selection in source.selections:
        first, last = selection.start, selection.end
        if not 0 <= first < last <= limit:
            out.append(_skipped(source, selection, counter))
            continue
        if starts:
            k = bisect_left(starts, first)
            first -= shifts[k]
            if k and first <= indexes[k - 1]:
                first = indexes[k - 1]
            k = bisect_left(starts, last)
            last -= shifts[k]
            if k and last <= indexes[k - 1]:
                last = indexes[k - 1] + 1
        if dropped:
            first -= bisect_left(dropped, first)
            last -= bisect_left(dropped, last)
        if composed is not None:
            first, last = composed(first), composed(last)
        if last > size:
            last = size
        out.append((selection, first, last) if first < last
                   else _skipped(source, selection, counter, emptied=True))
    return tuple(out)


def _skipped(source: Source, selection: Selection, counter: Counter, *,
             emptied: bool = False) -> Skipped:
    """Why ``selection`` cannot be placed, with the word "skipped" and its source's name."""
    start, end = selection.start, selection.end
    if emptied:
        why = (f"its positions {start} to {end} hold only characters qcode drops (line-end or "
               "control characters, trailing white space, a mark without its letter)")
    elif start == end:
        why = f"it is empty (from {start} to {end})"
    elif start > end:
        why = f"it ends before it starts (from {start} to {end})"
    else:
        why = (f"its positions {start} to {end} lie outside the text "
               f"({counter.length} {counter.reading.unit} long)")
    return Skipped(f"selection {selection.guid} in '{source.name}'", why)

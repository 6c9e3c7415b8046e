"""What a word is for word frequencies, and which counted word a run of text is.

A word is a maximal run of letters (``str.isalpha``) and combining marks (Unicode categories
Mn, Mc, Me, of the first plane, as :data:`qcode.search.normalise.WORD` takes them) holding at
least one letter: "ministry's" is "ministry" and "s", "covid19" is "covid", "x²" is "x".
The search's words also hold digits; here a number is not a word.

The text is cut with one regular expression, :data:`WORD` (letters and numerals as Python's
``\\w`` knows them, and marks), since ``re`` has no class for letters alone. Numerals that are
not decimal digits (², ½, Ⅳ) then still sit inside some runs: :func:`pieces` cuts them out. It
runs once per distinct run, not once per word (:class:`Words` remembers), so the cut costs
nothing on a corpus.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable


def _marks() -> str:
    """Every combining mark of the first plane, as ranges of a regular-expression class."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                   for a, b in ranges)


MARKS = _marks()
#: runs of letters, marks and numerals other than decimal digits (cut by :func:`pieces`)
WORD = re.compile(rf"(?:[^\W\d_]+|[{MARKS}])+")  # letters a run at a time: ~1.6x faster
_MARK = re.compile(f"[{MARKS}]")


def is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M" and ord(ch) < 0x10000


def pieces(run: str) -> list[str]:
    """The words in one run :data:`WORD` found: the run cut at every character that is
    neither a letter nor a mark, keeping the pieces that hold a letter."""
    if run.isalpha():
        return [run]
    return [piece for _, piece in pieces_at(run)]


def pieces_at(run: str) -> list[tuple[int, str]]:
    """:func:`pieces` with the offset of each in ``run``."""
    found, start = [], 0
    for at, ch in enumerate([*run, "0"]):
        if not (ch.isalpha() or is_mark(ch)):
            piece = run[start:at]
            if any(c.isalpha() for c in piece):
                found.append((start, piece))
            start = at + 1
    return found


class RunIds(dict[str, int]):
    """run -> a number of its own (``runs[number]`` is the run) when the run is one word as it
    is; -1 when a numeral must be cut out of it or it holds no letter. Numbers count faster
    than strings (no string comparison on each dictionary hit)."""

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[str] = []

    def __missing__(self, run: str) -> int:
        value = -1
        if pieces(run) == [run]:
            value = len(self.runs)
            self.runs.append(run)
        self[run] = value
        return value


def cut_runs(runs: list[str], starts: list[int]) -> tuple[list[str], list[int], list[int]]:
    """Runs at their starts -> the words in them, with their starts and ends."""
    words, word_starts, word_ends = [], [], []
    for run, start in zip(runs, starts, strict=True):
        for offset, piece in pieces_at(run):
            words.append(piece)
            word_starts.append(start + offset)
            word_ends.append(start + offset + len(piece))
    return words, word_starts, word_ends


def letters(word: str) -> int:
    """The characters of ``word`` that are not combining marks (the length a minimum counts)."""
    return len(word) - len(_MARK.findall(word))


Piece = tuple[str, str]  # (the word as compared, the word as written, lower-cased)


class Words(dict[str, tuple[Piece, ...]]):
    """Each run of text (as :data:`WORD` finds it) -> the counted words in it, made the first
    time the run is met: ``compare`` gives a word as compared (lower-cased, folded), ``keep``
    says whether a word so compared is counted (not a stop-word, long enough). ``keys``
    remembers each counted word as written and as compared."""

    def __init__(self, compare: Callable[[str], str], keep: Callable[[str], bool]) -> None:
        super().__init__()
        self.compare, self.keep = compare, keep
        self.keys: dict[str, str] = {}  # each word as written (lower-cased) -> as compared

    def __missing__(self, run: str) -> tuple[Piece, ...]:
        found = []
        for piece in pieces(run):
            written = piece.lower()
            key = self.compare(written)
            if key and self.keep(key):
                found.append((key, written))
                self.keys[written] = key
        self[run] = value = tuple(found)
        return value

"""Offsets in a raw text followed through qcode's normalisation to offsets in the stored text.

:func:`qcode.importers.normalise.normalise_text` drops characters (a BOM, control characters,
the CR of each CRLF), turns others into LF (a lone CR, a form feed ...), applies NFC and trims
trailing white space. :class:`TextMap` replays those steps keeping track of offsets:

1. dropped characters are found once (each distinct character of the text is asked of
   ``normalise_text`` itself, so the two never disagree) and an index moves back by the number
   of them before it (binary search);
2. NFC is applied word by word: space, tab and LF never compose with a neighbour, so the
   pieces between them normalise on their own; only the pieces NFC changes are kept, with where
   they land, and an offset inside one is found by normalising its prefix;
3. an offset beyond the trimmed text is clamped to its end.

A text that normalisation leaves alone but for trailing white space (most texts) costs one
comparison.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

from qcode.importers.normalise import normalise_text

_PIECES = re.compile("[^ \t\n]+")


class TextMap:
    """``text``: ``normalise_text(raw)``; :meth:`offset`: where a raw index lands in it."""

    def __init__(self, raw: str) -> None:
        self.text = normalise_text(raw)
        self._dropped: list[int] = []
        self._pieces: list[tuple[int, int, int, str]] = []  # start, end, new start, piece
        self._piece_starts: list[int] = []
        if raw.startswith(self.text):
            return  # only trailing white space trimmed: the identity, clamped
        kept = self._drop(raw)
        self._compose(kept)

    def offset(self, index: int) -> int:
        """The offset in :attr:`text` of index ``index`` (0 <= index <= len(raw))."""
        if self._dropped:
            index -= bisect_right(self._dropped, index - 1)
        if self._pieces:
            index = self._composed(index)
        return min(index, len(self.text))

    def _drop(self, raw: str) -> str:
        """``raw`` without the characters normalisation drops, other line ends as LF."""
        dropped, breaks = _classify(frozenset(raw))
        self._dropped = [m.start() for m in re.finditer("\r(?=\n)", raw)]
        if dropped:
            pattern = "[" + "".join(map(re.escape, sorted(dropped))) + "]"
            self._dropped = sorted(self._dropped + [m.start() for m in
                                                    re.finditer(pattern, raw)])
        table = {ord(c): None for c in dropped} | {ord(c): "\n" for c in breaks}
        return raw.replace("\r\n", "\n").translate(table)

    def _compose(self, kept: str) -> None:
        """Note the pieces of ``kept`` NFC changes, and where each lands."""
        if unicodedata.is_normalized("NFC", kept):
            return
        shift = 0
        for m in _PIECES.finditer(kept):
            piece = m.group()
            if not unicodedata.is_normalized("NFC", piece):
                self._pieces.append((m.start(), m.end(), m.start() + shift, piece))
                shift += len(unicodedata.normalize("NFC", piece)) - len(piece)
        self._piece_starts = [start for start, *_ in self._pieces]

    def _composed(self, index: int) -> int:
        """``index`` into the text before NFC, as an offset after it."""
        k = bisect_right(self._piece_starts, index) - 1
        if k < 0:
            return index
        start, end, new_start, piece = self._pieces[k]
        size = len(unicodedata.normalize("NFC", piece))
        if index >= end:
            return index + new_start + size - end
        prefix = len(unicodedata.normalize("NFC", piece[:index - start]))
        return new_start + min(prefix, size)


@lru_cache(maxsize=4096)
def _fate(char: str) -> str:
    """What normalisation does to ``char`` between two ``|``: "dropped", "break" or "kept"."""
    out = normalise_text(f"|{char}|")
    if out == "||":
        return "dropped"
    return "break" if out == "|\n|" and char != "\n" else "kept"


def _classify(chars: frozenset[str]) -> tuple[set[str], set[str]]:
    """The characters of ``chars`` normalisation drops, and those it turns into LF."""
    fates = {c: _fate(c) for c in chars if not c.isalnum() and c != " "}
    return ({c for c, f in fates.items() if f == "dropped"},
            {c for c, f in fates.items() if f == "break"})

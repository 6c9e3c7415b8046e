"""Offsets in a raw text followed through qcode's normalisation to offsets in the stored text.

:func:`qcode.importers.normalise.normalise_text` drops characters (a BOM, control characters,
the CR of each CRLF), turns others into LF (a lone CR, a form feed ...), applies NFC and trims
trailing white space. :class:`TextMap` replays those steps keeping track of offsets:

1. dropped characters are found once (each distinct character of the text is asked of
   ``normalise_text`` itself, so the two never disagree; and the CR of each CRLF) and an index
   moves back by the number of them before it (binary search);
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
from bisect import bisect_left, bisect_right
from functools import lru_cache

from qcode.importers.normalise import normalise_text

_PIECES = re.compile("[^ \t\n]+")


class TextMap:
    """``text``: ``normalise_text(raw)``; :meth:`offset`: where a raw index lands in it."""

    def __init__(self, raw: str) -> None:
        self.text = normalise_text(raw)
        #: raw indexes of the characters normalisation drops, in order
        self.dropped: list[int] = []
        #: the pieces NFC changes: (start, end, start after NFC, piece), indexes without the
        #: dropped characters
        self.pieces: list[tuple[int, int, int, str]] = []
        self._piece_starts: list[int] = []
        #: the map is the identity (clamped to the text): normalisation trimmed at most its end
        self.identity = raw.startswith(self.text)
        if self.identity:
            return
        kept = self._drop(raw)
        self._compose(kept)

    def offset(self, index: int) -> int:
        """The offset in :attr:`text` of index ``index`` (0 <= index <= len(raw))."""
        if self.dropped:
            index -= bisect_left(self.dropped, index)
        if self.pieces:
            index = self.composed(index)
        return min(index, len(self.text))

    def _drop(self, raw: str) -> str:
        """Note the characters normalisation drops; ``raw`` without them. (Characters it turns
        into LF are left as they are: one for one, and NFC leaves them and their neighbours.)"""
        self.dropped = [m.start() for m in re.finditer("\r(?=\n)", raw)]
        dropped = _dropped_characters(frozenset(raw))
        if dropped:
            pattern = "[" + "".join(map(re.escape, sorted(dropped))) + "]"
            self.dropped = sorted(self.dropped + [m.start() for m in re.finditer(pattern, raw)])
        ends = [*self.dropped, len(raw)]
        return "".join(raw[a + 1:b] for a, b in zip([-1, *self.dropped], ends, strict=True))

    def _compose(self, kept: str) -> None:
        """Note the pieces of ``kept`` NFC changes, and where each lands."""
        if unicodedata.is_normalized("NFC", kept):
            return
        shift = 0
        for m in _PIECES.finditer(kept):
            piece = m.group()
            if not unicodedata.is_normalized("NFC", piece):
                self.pieces.append((m.start(), m.end(), m.start() + shift, piece))
                shift += len(unicodedata.normalize("NFC", piece)) - len(piece)
        self._piece_starts = [start for start, *_ in self.pieces]

    def composed(self, index: int) -> int:
        """``index`` into the text before NFC, as an offset after it."""
        k = bisect_right(self._piece_starts, index) - 1
        if k < 0:
            return index
        start, end, new_start, piece = self.pieces[k]
        size = len(unicodedata.normalize("NFC", piece))
        if index >= end:
            return index + new_start + size - end
        prefix = len(unicodedata.normalize("NFC", piece[:index - start]))
        return new_start + min(prefix, size)


@lru_cache(maxsize=4096)
def _is_dropped(char: str) -> bool:
    """Whether normalisation drops ``char`` (asked of it, between two ``|``)."""
    return normalise_text(f"|{char}|") == "||"


def _dropped_characters(chars: frozenset[str]) -> set[str]:
    """The characters of ``chars`` normalisation drops (a lone CR it keeps, as a LF)."""
    return {c for c in chars if not c.isalnum() and c != " " and _is_dropped(c)}

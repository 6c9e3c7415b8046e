"""Conversion between qcode's text offsets and Qt's.

qcode stores every offset as a Unicode code point index (end exclusive), like Python slicing and
REFI-QDA. Qt (QString, QTextCursor) counts UTF-16 code units, so a character outside the Basic
Multilingual Plane (most emoji, some CJK) counts 2 in Qt and 1 here. Arabic letters, diacritics and
combining marks are all in the BMP and count 1 in both.

UI code converts only through this pair (or :class:`OffsetMap` for many conversions on one text).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _astral_positions(text: str) -> list[int]:
    """Code point indexes of the characters that take two UTF-16 units."""
    return [m.start() for m in _ASTRAL.finditer(text)]


class OffsetMap:
    """Converts offsets on one text in O(log n) each, after an O(n) scan."""

    def __init__(self, text: str) -> None:
        self._length = len(text)
        self._astral = _astral_positions(text)
        # UTF-16 position of each astral character's first unit.
        self._astral_u16 = [cp + k for k, cp in enumerate(self._astral)]

    @property
    def utf16_length(self) -> int:
        return self._length + len(self._astral)

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code point position ``cp`` (0 <= cp <= len(text))."""
        if not 0 <= cp <= self._length:
            raise ValueError(f"offset {cp} outside text of {self._length} characters")
        return cp + bisect_left(self._astral, cp)

    def from_utf16(self, u16: int) -> int:
        """Code point position of UTF-16 position ``u16``.

        A position between the two halves of a surrogate pair moves back to the character's start,
        so a selection never splits an emoji.
        """
        if not 0 <= u16 <= self.utf16_length:
            raise ValueError(f"UTF-16 position {u16} outside text of {self.utf16_length} units")
        # Each astral character starting before u16 adds one unit. When u16 falls between the
        # halves of a pair, the same count lands on that character's own start.
        return u16 - bisect_right(self._astral_u16, u16 - 1)


def cp_to_utf16(text: str, cp: int) -> int:
    """Qt (UTF-16) position of code point offset ``cp`` in ``text``."""
    return OffsetMap(text).to_utf16(cp)


def utf16_to_cp(text: str, u16: int) -> int:
    """Code point offset of Qt (UTF-16) position ``u16`` in ``text``."""
    return OffsetMap(text).from_utf16(u16)

"""What a line shows, without the invisible marks that keep a name's direction to itself."""

from __future__ import annotations

#: left-to-right mark, first strong / left-to-right isolate, pop isolate
_MARKS = dict.fromkeys(map(ord, "\u200e\u2068\u2066\u2069"))


def visible(text: str) -> str:
    return text.translate(_MARKS)

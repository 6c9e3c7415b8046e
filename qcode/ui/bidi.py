"""Names inside English lines: an Arabic code, coder or file name keeps its own direction.

A name between an isolate and POP_ISOLATE keeps to itself: an Arabic name in an English line
does not carry the comma or the next name along with it. A file name reads left to right (its
".qcode" stays at the end); a coder's or code's name in its own direction.
"""

from __future__ import annotations

FIRST_STRONG_ISOLATE, LEFT_TO_RIGHT_ISOLATE, POP_ISOLATE = "\u2068", "\u2066", "\u2069"


def isolated(names: list[str], between: str = ", ", *, files: bool = False) -> str:
    """``names`` joined by ``between``, each isolated from the text around it."""
    start = LEFT_TO_RIGHT_ISOLATE if files else FIRST_STRONG_ISOLATE
    return between.join(f"{start}{name}{POP_ISOLATE}" for name in names)

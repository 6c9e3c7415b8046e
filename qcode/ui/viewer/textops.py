"""Word snapping for the viewer's selections (plain Python, code-point offsets).

Finding text (exact and typo-tolerant) moved to :mod:`qcode.search`.
"""

from __future__ import annotations

import unicodedata


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc")


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without white space at its ends and widened to whole words: a selection
    that begins or ends inside a word takes in the whole word."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    while start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
        start -= 1
    while end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]):
        end += 1
    return start, end

"""How text is compared in a search: what a word is, and how a word is folded.

Words are letters, digits and their combining marks (Arabic vowel signs stay inside a word).
A word is folded by removing those marks and case-folding the rest, so a query typed without
Arabic diacritics finds the word written with them, and "REGISTRATON" meets "registration".

The bit-parallel filter (:mod:`qcode.search.bitscan`) needs the same rules one character at a
time: :func:`char_class` and :func:`char_fold` give them, and :data:`EXPANDING` finds the
characters whose case fold is longer than one character (German ß folds to "ss").
"""

from __future__ import annotations

import re
from functools import lru_cache

MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
WORD = re.compile(rf"(?:[^\W_]|[{MARKS}])+")
_MARK = re.compile(f"[{MARKS}]")
_LETTER = re.compile(r"[^\W_]")

#: character classes for the filter
SEP, MARK, LETTER = 0, 1, 2


def fold(word: str) -> str:
    """``word`` as compared: combining marks removed, then case-folded."""
    return _MARK.sub("", word).casefold()


@lru_cache(maxsize=4096)
def char_class(ch: str) -> int:
    """SEP (ends a word), MARK (inside a word, ignored when comparing) or LETTER."""
    if _MARK.match(ch):
        return MARK
    return LETTER if _LETTER.match(ch) else SEP


def char_fold(ch: str) -> str:
    """The one character ``ch`` is compared as (its case fold; marks never reach here)."""
    return ch.casefold()


def _expanding() -> re.Pattern[str]:
    """Characters whose case fold has more than one character. Every such character is in the
    Basic Multilingual Plane (checked by a test), so only that plane is scanned."""
    chars = [chr(c) for c in range(0x10000)
             if not 0xD800 <= c < 0xE000 and len(chr(c).casefold()) != 1]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


EXPANDING = _expanding()

"""How text is compared in a search: what a word is, and how a word is folded.

Words are letters, digits and their combining marks (Arabic vowel signs stay inside a word).
Normalisation (on by default) makes spelling variants one: the **ignored** characters (Arabic
harakat, shadda, sukun, superscript alef, Quranic marks, tatweel, and the combining accents of
Latin script) are dropped; alef forms (أ إ آ ٱ) compare as ا and ى as ي; a Latin letter with
accents compares as its base letter (é as e; only letters whose canonical decomposition is
that letter and marks). Case is folded unless a search asks otherwise. So a query typed without
diacritics finds the word written with them, and "REGISTRATON" meets "registration".

Positions are never mapped through a folded copy of the text: exact search runs a pattern made
from the query over the stored text (:mod:`qcode.search.match`) and typo-tolerant search scores
whole words of it, so every hit is a span of what the user sees.

The bit-parallel filter (:mod:`qcode.search.bitscan`) needs the same rules one character at a
time: :func:`char_class` and :func:`char_fold` give them, and :data:`EXPANDING` finds the
characters whose fold is longer than one character (German ß folds to "ss").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

#: characters a normalised comparison ignores (ranges for a regular-expression class)
MARKS = ("\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
         "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
         "\u08d3-\u08e1\u08e3-\u08ff\u0640")
TATWEEL = "\u0640"
ALEF, YEH = "\u0627", "\u064a"
#: alef with hamza above / below, with madda, wasla; alef maksura
ARABIC_VARIANTS = {"\u0623": ALEF, "\u0625": ALEF, "\u0622": ALEF, "\u0671": ALEF, "\u0649": YEH}


def _other_marks() -> str:
    """Combining marks of the first plane that are not ignored (Devanagari vowel signs...):
    inside words, but compared."""
    ignored = re.compile(f"[{MARKS}]")
    return "".join(re.escape(chr(c)) for c in range(0x10000)
                   if unicodedata.category(chr(c))[0] == "M" and not ignored.match(chr(c)))


OTHER_MARKS = _other_marks()
WORD = re.compile(rf"(?:[^\W_]|[{MARKS}{OTHER_MARKS}])+")
#: one character of a word, for look-arounds
WORD_CHAR = rf"(?:[^\W_]|[{MARKS}{OTHER_MARKS}])"
_MARK = re.compile(f"[{MARKS}]")
_LETTER = re.compile(rf"[^\W_]|[{OTHER_MARKS}]")

#: character classes for the filter
SEP, MARK, LETTER = 0, 1, 2


def _latin_base(code: int) -> str | None:
    """The base letter of a Latin letter with accents (é: e), or None."""
    ch = chr(code)
    parts = unicodedata.normalize("NFD", ch)
    if len(parts) < 2 or not parts[0].isascii() or not parts[0].isalpha():
        return None
    return parts[0] if all(unicodedata.combining(p) for p in parts[1:]) else None


def _letter_table() -> dict[int, str]:
    table = {ord(k): v for k, v in ARABIC_VARIANTS.items()}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = _latin_base(code)
        if base is not None:
            table[code] = base
    return table


#: str.translate table: each variant letter to the letter it compares as
LETTER_FOLD = _letter_table()
_VARIANTS: dict[str, list[str]] = {}
for _code, _base in LETTER_FOLD.items():
    _VARIANTS.setdefault(_base, [_base]).append(chr(_code))


def variants(ch: str) -> list[str]:
    """Every character that compares as ``ch`` (a folded letter) apart from case: ``ch`` first."""
    return _VARIANTS.get(ch, [ch])


def strip_ignored(text: str) -> str:
    """``text`` without the characters a normalised comparison ignores."""
    return _MARK.sub("", text)


def normalise(text: str) -> str:
    """``text`` as a normalised comparison sees it, case kept: ignored characters removed,
    variant letters replaced by the letter they compare as."""
    return _MARK.sub("", text).translate(LETTER_FOLD)


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """``word`` as compared by default: normalised, then case-folded (words recur: cached)."""
    return normalise(word).casefold()


def folder(case_sensitive: bool = False, normalised: bool = True) -> Callable[[str], str]:
    """How words are compared under the given options (:func:`fold` by default)."""
    if normalised:
        return normalise if case_sensitive else fold
    return (lambda word: word) if case_sensitive else str.casefold


@lru_cache(maxsize=4096)
def char_class(ch: str) -> int:
    """SEP (ends a word), MARK (inside a word, ignored when comparing) or LETTER."""
    if _MARK.match(ch):
        return MARK
    return LETTER if _LETTER.match(ch) else SEP


def char_fold(ch: str) -> str:
    """What the one character ``ch`` is compared as by default (ignored ones never reach here)."""
    return ch.translate(LETTER_FOLD).casefold()


def _expanding() -> re.Pattern[str]:
    """Characters whose fold has more than one character. Every such character is in the
    Basic Multilingual Plane (checked by a test), so only that plane is scanned. A character
    :data:`LETTER_FOLD` leaves alone folds as its case fold, so only the table's few hundred
    letters need :func:`char_fold` itself (folding all 63,000 took a quarter of a second at
    every start)."""
    folded = {chr(code) for code in LETTER_FOLD}
    chars = [ch for ch in map(chr, range(0x10000))
             if not 0xD800 <= ord(ch) < 0xE000 and ch not in folded and len(ch.casefold()) != 1]
    chars += [ch for ch in folded if len(char_fold(ch)) != 1]
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


EXPANDING = _expanding()

"""The patterns exact and regular-expression search run over the stored text.

Exact search turns the query into a pattern over the stored text rather than the text into a
folded copy, so no position has to be mapped back. With normalisation each query letter becomes
the class of the letters that compare as it (أ إ آ ٱ ا; e é è ...) and may be followed by
ignored marks and tatweel; case is ignored unless asked. A hit always takes the combining marks
after its last letter, so it never cuts a letter from its marks. With ``whole_words`` a hit
neither starts nor ends inside a word. These patterns are built here and linear, so they stay
on ``re``. Regular expressions are the user's, never normalised, and compiled by the ``regex``
package (:mod:`qcode.search.regex_run`).
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex

from qcode.search.normalise import (
    MARKS,
    OTHER_MARKS,
    SEP,
    WORD_CHAR,
    char_class,
    normalise,
    variants,
)
from qcode.search.regex_run import compile_regex

_TRAILING_MARKS = f"[{MARKS}{OTHER_MARKS}]*"
_IGNORED_RUN = f"[{MARKS}]*"


@lru_cache(maxsize=64)
def exact_pattern(query: str, *, whole_words: bool = False, case_sensitive: bool = False,
                  normalised: bool = True) -> re.Pattern[str] | None:
    """The pattern an exact search for ``query`` runs over stored text (None: finds nothing).
    A query made only of ignored marks is searched as typed."""
    wanted = normalise(query) if normalised else query
    if not wanted:
        wanted, normalised = query, False
    if not wanted:
        return None
    if normalised:
        body = "".join(_WHITE_SPACE_RUN if run[0].isspace() else
                       "".join(_letter(ch, case_sensitive) for ch in run)
                       for run in _runs_of_space(wanted))
    else:
        body = re.escape(wanted)
    if char_class(wanted[-1]) != SEP:
        body += _TRAILING_MARKS
    if whole_words:
        body = f"(?<!{WORD_CHAR}){body}(?!{WORD_CHAR})"
    return re.compile(body, 0 if case_sensitive else re.IGNORECASE)


#: white space in a query matches any run of it in the text: a line break, two spaces, the
#: non-breaking space Word puts in a transcript
_WHITE_SPACE_RUN = r"\s++"  # possessive: a run is taken whole, as the reader sees it
_SPACE_OR_NOT = re.compile(r"\s+|\S+")


def _runs_of_space(text: str) -> list[str]:
    """``text`` cut into runs of white space and runs of anything else."""
    return _SPACE_OR_NOT.findall(text)


def _letter(ch: str, case_sensitive: bool) -> str:
    """One (normalised) query character: the class of what compares as it, then the ignored
    characters that may follow it in the stored text."""
    cases = [ch] if case_sensitive else [ch, ch.lower(), ch.upper()]
    unique = list(dict.fromkeys(v for c in cases if len(c) == 1 for v in variants(c)))
    piece = re.escape(ch) if len(unique) == 1 else \
        "[" + "".join(re.escape(c) for c in unique) + "]"
    return piece if char_class(ch) == SEP else piece + _IGNORED_RUN


def regex_pattern(query: str, case_sensitive: bool = False, whole_words: bool = False
                  ) -> regex.Pattern[str]:
    """The user's regular expression, compiled by the ``regex`` package (it runs under a time
    budget: :mod:`qcode.search.regex_run`); InputError in one line when it is not one. With
    ``whole_words`` a hit neither starts nor ends inside a word (as an exact search's)."""
    pattern = compile_regex(query, case_sensitive)  # refused as the user wrote it
    if not whole_words:
        return pattern
    return regex.compile(f"(?<!{WORD_CHAR})(?:{query})(?!{WORD_CHAR})", pattern.flags)

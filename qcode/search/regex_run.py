"""The user's regular expressions, run so that a hostile one can never hang qcode.

They are compiled by the ``regex`` package in its ``VERSION0`` mode, which keeps Python ``re``
syntax and meaning, with these differences a user may meet:

* ``\\w`` (and ``\\W``, ``\\b``) follow Unicode's word characters: combining marks count, so
  ``\\w+`` keeps a vowelled Arabic word (الحُكومة) or a decomposed accent whole where ``re`` cuts
  it at every mark; superscript digits and fractions (² ½) are not word characters;
* ``\\s`` does not match the control characters U+001C-U+001F; ``\\d`` knows a few digits of
  newer Unicode versions; under IGNORECASE ``[a-z]`` does not match the dotless ı;
* more is accepted: ``\\p{...}`` Unicode properties, nested sets, fuzzy ``{e<=1}``, flags such
  as ``(?r)``; possessive quantifiers and atomic groups work as in ``re`` since Python 3.11.

Two things ``re`` cannot do are why: a search runs with ``concurrent=True`` (the GIL is released,
so the window stays live while a worker thread searches) and under a ``timeout`` (a time budget
for the whole search, :class:`RegexBudget`). Running out of it is one
:class:`~qcode.errors.InputError` line naming the usual cause. When the caller can be cancelled
(the search panel), the budget is spent in slices, doubling from :data:`FIRST_SLICE`, and
``still_wanted`` is asked between them: a slice that ends without finishing resumes after the
last hit found, so at most about as much work again is repeated, and a newer query stops the
old one within about the time already spent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import regex

from qcode.errors import InputError

#: seconds a regular-expression search may take in all unless the caller says otherwise
REGEX_TIMEOUT = 10.0
#: seconds of the first slice when the search can be cancelled
FIRST_SLICE = 0.05

Span = tuple[int, int]


def compile_regex(query: str, case_sensitive: bool = False) -> regex.Pattern[str]:
    """The user's regular expression, compiled; InputError in one line when it is not one."""
    # MULTILINE: ^ and $ at each line's start and end, as a reader of a transcript means them
    flags = regex.VERSION0 | regex.MULTILINE | (0 if case_sensitive else regex.IGNORECASE)
    try:
        return regex.compile(query, flags)
    except (regex.error, OverflowError, RecursionError, ValueError) as exc:
        cause = " ".join(str(exc).split())
        shown = query.replace("\r", "\\r").replace("\n", "\\n")  # the message stays one line
        raise InputError(f"not a regular expression: '{shown}' ({cause})") from None


@dataclass
class RegexBudget:
    """Time left for one search. ``still_wanted`` raises (Cancelled) when the search is no
    longer wanted; None: the search cannot be cancelled and runs in one go."""

    seconds: float = REGEX_TIMEOUT
    still_wanted: Callable[[], None] | None = None
    _deadline: float = field(init=False)

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.seconds

    def left(self) -> float:
        return self._deadline - time.monotonic()

    def spent(self) -> InputError:
        return InputError(f"the regular expression took too long (over {self.seconds:g} s); "
                          "simplify it (nested repeats like (a+)+ are the usual cause)")


def regex_spans_many(pattern: regex.Pattern[str], texts: Sequence[str],
                     budget: RegexBudget | None = None) -> list[list[Span]]:
    """The non-empty matches of ``pattern`` in each text, within ``budget`` (a fresh
    :data:`REGEX_TIMEOUT` when None)."""
    budget = RegexBudget() if budget is None else budget
    return [_spans(pattern, text, budget) for text in texts]


def _spans(pattern: regex.Pattern[str], text: str, budget: RegexBudget) -> list[Span]:
    found: list[Span] = []
    resume, piece = 0, FIRST_SLICE
    while True:
        left = budget.left()
        if left <= 0:
            raise budget.spent()
        timeout = left if budget.still_wanted is None else min(piece, left)
        try:
            for match in pattern.finditer(text, resume, concurrent=True, timeout=timeout):
                start, end = match.span()
                if end > start:
                    found.append((start, end))
                    resume = end
            return found
        except TimeoutError:
            if budget.still_wanted is not None:
                budget.still_wanted()
            piece *= 2

"""One engine for finding a query in a text: the corpus search and the viewer's find bar.

A :class:`Matcher` is made once per query and run over any number of texts (or stretches of
one). Every hit is ``(start, end, score)`` in code points of the **stored** text:

* **exact**: a pattern made from the query (:func:`qcode.search.patterns.exact_pattern`),
  normalised unless asked otherwise, substrings or whole words;
* **regex**: Python ``re`` syntax on the stored text (IGNORECASE unless case-sensitive), never
  normalised, run by :mod:`qcode.search.regex_run` within a time budget; empty matches are not
  hits (there is nothing to show);
* **fuzzy**: :func:`qcode.search.find.fuzzy_scored_many`, whole words ranked by score.

A stretch ``[start, end)`` (a speaker turn, a coded passage) is searched as if it were the
whole text (its ends are word boundaries, ``^`` and ``$`` match there): a hit lies wholly
inside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from qcode.search.find import fuzzy_scored_many
from qcode.search.patterns import exact_pattern, regex_pattern
from qcode.search.regex_run import RegexBudget, regex_spans_many

Scored = tuple[int, int, float]


@dataclass(frozen=True)
class Matcher:
    """A query made ready: :meth:`find` gives its hits in a text."""

    mode: str
    query: str
    pattern: re.Pattern[str] | regex.Pattern[str] | None
    case_sensitive: bool = False
    normalised: bool = True

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Scored]:
        """Hits in ``text[start:end]`` (offsets into ``text``), in text order."""
        end = len(text) if end is None else end
        piece = text if (start, end) == (0, len(text)) else text[start:end]
        return [(s + start, e + start, score) for s, e, score in self.find_many([piece])[0]]

    def find_many(self, texts: Sequence[str], budget: RegexBudget | None = None
                  ) -> list[list[Scored]]:
        """The hits in each of ``texts`` (offsets into that text): one pass of the
        typo-tolerant filter over them all. ``budget``: a regular expression's time."""
        if self.mode == "regex" and self.pattern is not None:
            return [[(s, e, 100.0) for s, e in spans]
                    for spans in regex_spans_many(self.pattern, texts, budget)]
        if self.mode == "fuzzy":
            return fuzzy_scored_many(texts, self.query, case_sensitive=self.case_sensitive,
                                     normalised=self.normalised)
        pattern = self.pattern
        if pattern is None:
            return [[] for _ in texts]
        return [[(m.start(), m.end(), 100.0) for m in pattern.finditer(text)
                 if m.end() > m.start()] for text in texts]


def make_matcher(query: str, mode: str = "exact", *, whole_words: bool = False,
                 case_sensitive: bool = False, normalised: bool = True) -> Matcher:
    """The matcher for ``query`` under these options (InputError for a bad regular
    expression). ``whole_words`` applies to exact and regular expression search; fuzzy hits
    are whole words anyway."""
    if mode == "regex":
        pattern = regex_pattern(query, case_sensitive, whole_words) if query else None
    elif mode == "fuzzy":
        pattern = None
    else:
        pattern = exact_pattern(query, whole_words=whole_words, case_sensitive=case_sensitive,
                                normalised=normalised)
    return Matcher(mode, query, pattern, case_sensitive, normalised)

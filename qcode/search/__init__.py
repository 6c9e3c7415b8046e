"""Finding text in the project, without Qt: exact, regular expressions and typo-tolerant.

:func:`search` looks through the whole project or a scope of it (:mod:`qcode.search.corpus`);
a :class:`~qcode.search.match.Matcher` finds a query in one text, the engine of both that
search and the viewer's find bar. Offsets are code points of the stored text, end exclusive.
:func:`fuzzy_hits` runs in near-linear time over the text (a bit-parallel filter over the whole
text, then exact scoring of the few candidate windows, see :mod:`qcode.search.bitscan`), with
memory bounded by the chunk size, not by the text. How text is compared (case folding, which
marks are ignored, which letters are one, what a word is) lives in one place,
:mod:`qcode.search.normalise`.
"""

from __future__ import annotations

from qcode.search.corpus import search
from qcode.search.find import FUZZY_MIN_LENGTH, allowed_edits, exact_hits, fuzzy_hits
from qcode.search.match import Matcher, make_matcher
from qcode.search.query import Hit, SearchQuery, SearchResult

__all__ = ["FUZZY_MIN_LENGTH", "Hit", "Matcher", "SearchQuery", "SearchResult", "allowed_edits",
           "exact_hits", "fuzzy_hits", "make_matcher", "search"]

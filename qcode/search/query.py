"""What a corpus search asks and what it finds: plain frozen data shared by the engine, the
command line, the exports and the search panel.

A :class:`SearchQuery` says what to look for (the words, the mode, how text is compared) and
where (a :class:`~qcode.analysis.options.Filters` on document attributes, one speaker's turns,
the passages coded with one code). A :class:`Hit` is one place found: a span in **code points
of the stored text**, so ``document.text[start:end]`` is exactly what the user sees highlighted,
with its speaker and the text either side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from qcode.analysis.options import Filters
from qcode.errors import InputError

Mode = Literal["exact", "regex", "fuzzy"]
MODES: tuple[Mode, ...] = ("exact", "regex", "fuzzy")
#: characters of context either side of a hit unless asked otherwise
DEFAULT_CONTEXT = 40
#: the longest query searched, in characters: past it the pattern alone takes seconds to build
#: (a pasted paragraph of about 150 words still fits)
MAX_QUERY_CHARS = 1_000
#: the longest typo-tolerant query: every run of as many words is compared with it, so a long
#: one takes minutes; a phrase is what a typo-tolerant search is for
MAX_FUZZY_WORDS = 10
MAX_FUZZY_CHARS = 100


@dataclass(frozen=True)
class SearchQuery:
    """A search over the project.

    ``text``: the words, phrase or regular expression (at most :data:`MAX_QUERY_CHARS`
    characters; typo-tolerant: :data:`MAX_FUZZY_WORDS` words, :data:`MAX_FUZZY_CHARS`
    characters). ``mode``: exact substrings, a regular expression in Python ``re`` syntax on
    the stored text (:mod:`qcode.search.regex_run`), or typo-tolerant (hits span whole words,
    ranked by score).
    ``whole_words``: exact hits must start and end at word boundaries. ``case_sensitive``: off
    by default in every mode. ``normalise``: Arabic marks and tatweel ignored, alef forms as
    ا, ى as ي, Latin accents folded (off: ``--exact-spelling``; regular expressions never
    normalise). ``speaker``: only inside that speaker's turns. ``code``: only inside passages
    coded with that code (a path or what is unique of it). ``filters``: document attributes
    (and coders, which narrow ``code``). ``document_ids``: only these documents (None: all).
    ``context``: characters of ``left`` and ``right`` on each hit.
    """

    text: str
    mode: Mode = "exact"
    whole_words: bool = False
    case_sensitive: bool = False
    normalise: bool = True
    speaker: str | None = None
    code: str | None = None
    filters: Filters = field(default_factory=Filters)
    document_ids: tuple[int, ...] | None = None
    context: int = DEFAULT_CONTEXT

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise InputError(f"unknown search mode {self.mode!r} (one of {', '.join(MODES)})")
        if self.context < 0:
            raise InputError("context must be 0 characters or more")
        self._refuse_long()

    def _refuse_long(self) -> None:
        """An over-long query is refused in one line rather than searched for minutes."""
        if self.mode == "fuzzy":
            words = len(self.text.split())
            if words > MAX_FUZZY_WORDS or len(self.text) > MAX_FUZZY_CHARS:
                raise InputError(
                    f"a typo-tolerant query may have at most {MAX_FUZZY_WORDS} words and "
                    f"{MAX_FUZZY_CHARS} characters (this one has {words} words, "
                    f"{len(self.text)} characters); search a shorter phrase, or exactly")
        elif len(self.text) > MAX_QUERY_CHARS:
            raise InputError(f"a query may have at most {MAX_QUERY_CHARS:,} characters (this "
                             f"one has {len(self.text):,}); search a shorter part of it")

    def describe(self) -> str:
        """The query in one line, as a memo or a manifest records it."""
        parts = [f"{self.mode} search for '{self.text}'"]  # as typed: no escaped backslashes
        flags = [name for name, on in (("whole words", self.whole_words),
                                        ("case-sensitive", self.case_sensitive),
                                        ("exact spelling", not self.normalise)) if on]
        if self.speaker:
            flags.append(f"speaker {self.speaker}")
        if self.code:
            flags.append(f"inside code {self.code}")
        flags += list(self.filters.specs)
        if self.filters.coders:
            flags.append("coders " + ", ".join(self.filters.coders))
        return parts[0] + (f" ({'; '.join(flags)})" if flags else "")


@dataclass(frozen=True)
class Hit:
    """One place a search found: ``text == document text[start:end]`` (code points)."""

    document_id: int
    document: str
    start: int
    end: int
    text: str
    left: str
    right: str
    speaker: str | None = None
    #: 100 for exact and regular-expression hits; the typo-tolerant similarity otherwise
    score: float = 100.0


@dataclass(frozen=True)
class SearchResult:
    """What :func:`qcode.search.corpus.search` returns: the hits (at most ``limit`` when one was
    given, in the order shown), how many there are in all, and how many documents were read."""

    hits: tuple[Hit, ...]
    total: int
    documents: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.hits)

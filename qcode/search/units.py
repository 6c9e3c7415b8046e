"""From search hits to the passages an auto-coding codes: the hit itself, or the sentence,
paragraph or speaker turn that holds it.

A unit is coded once however many hits it holds. A hit that crosses unit boundaries (a phrase
running over the end of a sentence, a regular expression spanning two paragraphs) gets every
unit it touches: a unit is touched when the hit and the unit share at least one character.
A hit that touches no unit gives nothing to code and is counted in ``uncoded``: a hit wholly in
the white space between sentences or paragraphs (units never hold white space alone, see
:mod:`qcode.text_units`), a hit outside every speaker turn (an untagged document, the preamble
before the first turn), or an empty match of a regular expression.

An empty query with ``unit="turn"`` and a speaker codes every turn of that speaker in the
documents in scope (:func:`speaker_turn_spans`): "code every answer of the interviewee" is the
same operation as any other auto-coding.

Everything here is plain data: spans are ``(document_id, start, end)`` in code points of the
stored text, end exclusive, sorted and each given once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.scope import resolve
from qcode.chunks import chunks
from qcode.errors import InputError
from qcode.models import Document, SpeakerTurn
from qcode.progress import Progress
from qcode.search.corpus import search
from qcode.search.query import SearchQuery
from qcode.search.regex_run import REGEX_TIMEOUT
from qcode.search.regions import resolve_speaker
from qcode.text_units import LINE_BREAKS, Span, paragraphs, sentences

Unit = Literal["hit", "sentence", "paragraph", "turn"]
UNITS: tuple[Unit, ...] = ("hit", "sentence", "paragraph", "turn")
#: (document_id, start, end): a passage to code
CodingSpan = tuple[int, int, int]
#: documents whose texts are read in one query
TEXTS_AT_ONCE = 100

_LINE_BREAK = re.compile(f"[{LINE_BREAKS}]")


class Located(Protocol):
    """What a hit must have to be placed: a :class:`~qcode.search.query.Hit` has it."""

    @property
    def document_id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True)
class UnitSpans:
    """The passages to code (sorted, each once), from how many hits, and how many hits gave
    none (see the module docstring)."""

    spans: tuple[CodingSpan, ...]
    hits: int
    uncoded: int = 0


def check_unit(unit: str) -> Unit:
    if unit not in UNITS:
        raise InputError(f"unknown unit {unit!r} (one of {', '.join(UNITS)})")
    return unit  # type: ignore[return-value]


def touched(units: Sequence[Span], start: int, end: int,
            reach: Sequence[int] | None = None) -> list[Span]:
    """The units of ``units`` (sorted by start) sharing a character with ``[start, end)``.

    ``reach``: the running maximum of the units' ends (computed when not given); with it the
    search starts at the first unit that can reach past ``start``, so overlapping units (turns
    in an odd project) are found as well as disjoint ones.
    """
    if start >= end:
        return []
    if reach is None:
        reach = list(accumulate((e for _, e in units), max))
    out = []
    for i in range(bisect_right(reach, start), len(units)):
        unit_start, unit_end = units[i]
        if unit_start >= end:
            break
        if unit_end > start:
            out.append(units[i])
    return out


def unit_spans(session: Session, hits: Iterable[Located], unit: str) -> UnitSpans:
    """The ``unit`` passages holding ``hits`` (see the module docstring)."""
    unit = check_unit(unit)
    by_document: dict[int, list[tuple[int, int]]] = {}
    count = 0
    for hit in hits:
        by_document.setdefault(hit.document_id, []).append((hit.start, hit.end))
        count += 1
    spans: set[CodingSpan] = set()
    uncoded = 0
    for document_id, places, units in _with_units(session, unit, by_document):
        reach = None if units is None else list(accumulate((e for _, e in units), max))
        for start, end in places:
            found = ([(start, end)] if start < end else []) if units is None \
                else touched(units, start, end, reach)
            spans.update((document_id, s, e) for s, e in found)
            uncoded += not found
    return UnitSpans(tuple(sorted(spans)), count, uncoded)


Places = list[tuple[int, int]]


def _with_units(session: Session, unit: Unit, by_document: dict[int, Places]
                ) -> Iterator[tuple[int, Places, list[Span] | None]]:
    """Each document's hits with the units around them, sorted by start (None: each hit is
    its own unit). Texts are read a slice of documents at a time."""
    if unit == "hit":
        yield from ((d, places, None) for d, places in by_document.items())
        return
    ids = sorted(by_document)
    if unit == "turn":
        turns: dict[int, list[Span]] = {d: [] for d in ids}
        for chunk in chunks(ids):
            for document_id, start, end in session.execute(
                    select(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.end)
                    .where(SpeakerTurn.document_id.in_(chunk), SpeakerTurn.end > SpeakerTurn.start)
                    .order_by(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.end)):
                turns[document_id].append((start, end))
        yield from ((d, by_document[d], turns[d]) for d in ids)
        return
    split = sentences if unit == "sentence" else paragraphs
    for chunk in chunks(ids, TEXTS_AT_ONCE):
        for document_id, text in session.execute(
                select(Document.id, Document.text).where(Document.id.in_(chunk))):
            places = by_document[document_id]
            yield document_id, places, units_near(text, places, split)


def line_window(text: str, start: int, end: int, breaks: str = LINE_BREAKS) -> Span:
    """The whole lines holding ``[start, end)``: from after the line break before ``start``
    (or the start of the text) to the first line break at or after ``end`` (or the end).
    ``breaks``: the line-break characters the text holds (the others need no look)."""
    before = max((text.rfind(ch, 0, start) for ch in breaks), default=-1)
    after = _LINE_BREAK.search(text, end)
    return before + 1, len(text) if after is None else after.start()


def units_near(text: str, places: Places,
               split: Callable[[str], list[Span]]) -> list[Span]:
    """The units of ``split`` (sentences or paragraphs) on the lines holding ``places``,
    sorted: the same units splitting the whole text gives there, since neither ever crosses
    a line break, for the cost of the lines with hits, not of the whole text."""
    breaks = "".join(ch for ch in LINE_BREAKS if ch in text)
    windows = sorted(line_window(text, start, end, breaks) for start, end in places
                     if start < end)
    units: list[Span] = []
    reached = -1
    for start, end in windows:
        start = max(start, reached)  # lines already split (windows are whole lines)
        if start < end:
            units += [(start + a, start + b) for a, b in split(text[start:end])]
            reached = end
    return units


def is_empty_query(query: SearchQuery) -> bool:
    return not query.text.strip()


def speaker_turn_spans(session: Session, query: SearchQuery) -> UnitSpans:
    """Every turn of ``query.speaker`` in the documents in scope (attribute filters,
    ``document_ids``): what an empty query codes with ``unit="turn"``."""
    if not query.speaker:
        raise InputError("nothing to search for: give the words to find (an empty query codes "
                         "whole turns only with a speaker and the unit 'turn')")
    if query.code:
        raise InputError("an empty query codes a speaker's turns: it cannot be limited to a "
                         "code's passages (give words to find)")
    speaker = resolve_speaker(session, query.speaker)
    scope = resolve(session, query.filters)
    statement = (select(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.end)
                 .where(SpeakerTurn.speaker == speaker,
                        SpeakerTurn.end > SpeakerTurn.start,
                        scope.documents(SpeakerTurn.document_id))
                 .order_by(SpeakerTurn.document_id, SpeakerTurn.start))
    if query.document_ids is not None:
        statement = statement.where(SpeakerTurn.document_id.in_(query.document_ids))
    spans = tuple(sorted(set(map(tuple, session.execute(statement)))))
    return UnitSpans(spans, hits=len(spans))  # type: ignore[arg-type]


def spans_for(session: Session, query: SearchQuery, unit: str, *,
              progress: Progress | None = None, timeout: float = REGEX_TIMEOUT) -> UnitSpans:
    """What auto-coding ``query`` with ``unit`` codes: the search's hits as units, or for an
    empty query with a speaker and ``unit="turn"``, every turn of that speaker."""
    unit = check_unit(unit)
    if is_empty_query(query):
        if unit != "turn":
            raise InputError("nothing to search for: give the words to find (an empty query "
                             "codes whole turns only with a speaker and the unit 'turn')")
        return speaker_turn_spans(session, query)
    result = search(session, query, progress=progress, timeout=timeout)
    return unit_spans(session, result.hits, unit)

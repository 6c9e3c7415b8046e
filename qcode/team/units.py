"""Sentence and turn units: each document cut into disjoint spans, and a coding's span turned
into the range of units it touches.

A unit is coded by a coder when any of its characters is, so a span ``[start, end)`` stands
for the units ``[first, last + 1)`` it shares a character with: units counted by index are
then intervals like characters, and the same sweeps count them (:mod:`qcode.team.character`).
A span that touches no unit (white space between sentences) stands for none.

* ``sentence``: the sentences of :func:`qcode.text_units.sentences`.
* ``turn``: the document's speaker turns, cut at the end of the text; where turns overlap,
  a turn starts where the ones before it end (one that lies inside an earlier turn is no
  unit); each stretch of text outside every turn that is not white space alone is a unit of
  its own (the whole text, trimmed, when the document has no turns).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.chunks import chunks
from qcode.models import Document, SpeakerTurn
from qcode.team.selection import DocumentRef
from qcode.text_units import Span, paragraphs, sentences


@dataclass(frozen=True)
class Units:
    """A document's units: disjoint, in order."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, spans: list[Span]) -> Units:
        return cls([s for s, _ in spans], [e for _, e in spans])

    def __len__(self) -> int:
        return len(self.starts)

    def touched(self, start: int, end: int) -> tuple[int, int]:
        """``[first, last + 1)``: the units sharing a character with ``[start, end)``."""
        return bisect_right(self.ends, start), bisect_left(self.starts, end)


def _texts(session: Session, documents: tuple[DocumentRef, ...]) -> dict[int, str]:
    """The texts of ``documents`` only (by id, not a read of every text in the project)."""
    texts: dict[int, str] = {}
    for chunk in chunks(sorted({d.id for d in documents})):
        texts.update(session.execute(select(Document.id, Document.text)
                                     .where(Document.id.in_(chunk))).all())
    return texts


def sentence_units(session: Session, documents: tuple[DocumentRef, ...]) -> dict[int, Units]:
    return {doc_id: Units.of(sentences(text))
            for doc_id, text in _texts(session, documents).items()}


def _turn_spans(length: int, turns: list[tuple[int, int]]) -> list[Span]:
    """Turns cut at the text's end and at the end of the turns before them."""
    out: list[Span] = []
    reached = 0
    for start, end in sorted(turns):
        start, end = max(start, reached), min(end, length)
        if start < end:
            out.append((start, end))
            reached = end
    return out


def _outside(text: str, turns: list[Span]) -> list[Span]:
    """The text outside every turn, trimmed: one span per stretch holding more than white
    space (the paragraph splitter trims; a line break inside a stretch does not cut it)."""
    out: list[Span] = []
    bounds = [0, *(x for span in turns for x in span), len(text)]
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        pieces = paragraphs(text[start:end])
        if pieces:
            out.append((start + pieces[0][0], start + pieces[-1][1]))
    return out


def turn_units(session: Session, documents: tuple[DocumentRef, ...]) -> dict[int, Units]:
    turns: dict[int, list[tuple[int, int]]] = {d.id: [] for d in documents}
    for chunk in chunks(sorted(turns)):
        for doc_id, start, end in session.execute(
                select(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.end)
                .where(SpeakerTurn.document_id.in_(chunk))):
            turns[doc_id].append((start, end))
    out: dict[int, Units] = {}
    for doc_id, text in _texts(session, documents).items():
        spoken = _turn_spans(len(text), turns[doc_id])
        out[doc_id] = Units.of(sorted(spoken + _outside(text, spoken)))
    return out

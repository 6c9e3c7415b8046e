"""What the theme matrix and co-occurrence views list: the codings behind one cell, and the
choices their option bars offer (attributes with their values, coders, code colours).

A cell's codings follow the counting rules of :mod:`qcode.analysis.rules` and the same filters
(:func:`qcode.analysis.scope.resolve`):

* the row: the code (with roll-up: the code and every code below it); the total row: any code;
* the column: the document, the documents with the attribute value (``None``: without a value),
  or the speaker. For segments and documents a coding belongs to the speaker of the turn
  containing its start; for characters, words and coverage a cell counts coded text inside the
  speaker's regions, so its codings are those whose span meets those regions (a coding running
  into the next turn is listed under both speakers);
* the row total: every column.

Co-occurrence cells list the pairs of codings (one of each code) that co-occur, found the way
:mod:`qcode.analysis.cooccurrence` defines them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, null, select
from sqlalchemy.orm import Session

from qcode.analysis.columns import attribute_value_order
from qcode.analysis.options import CooccurrenceOptions, MatrixOptions
from qcode.analysis.scope import AttributeRef, find_attribute, resolve
from qcode.analysis.speakers import speaker_of_start, turn_of_start
from qcode.covered import covered_texts
from qcode.models import Attribute, Code, Coder, Coding, Document, DocumentAttribute, SpeakerTurn
from qcode.queries import descendant_ids

ColumnKey = int | str | None
EXTENT_MEASURES = ("characters", "words", "coverage")


@dataclass(frozen=True)
class CellSegment:
    """One coding behind a cell, with what a reader needs to place it."""

    coding_id: int
    document_id: int
    document: str
    code_id: int
    code_name: str
    code_colour: str
    coder: str
    speaker: str | None
    start: int
    end: int
    text: str
    memo: str


@dataclass(frozen=True)
class MatrixCell:
    """A cell of a theme matrix: ``code_id`` None is the total row, ``all_columns`` the row
    total (then ``column`` is ignored)."""

    code_id: int | None
    column: ColumnKey = None
    all_columns: bool = False


@dataclass(frozen=True)
class CellListing:
    """The codings behind a matrix cell: how many, in how many documents, and the first of
    them in reading order (all of them unless a limit cut the list)."""

    segments: tuple[CellSegment, ...]
    codings: int
    documents: int

    @property
    def complete(self) -> bool:
        return len(self.segments) == self.codings


@dataclass(frozen=True)
class CellPairs:
    """The co-occurring pairs of one co-occurrence cell, as (coding id, coding id), and every
    coding taking part in a pair, in reading order."""

    pairs: tuple[tuple[int, int], ...]
    segments: tuple[CellSegment, ...]

    @property
    def documents(self) -> int:
        return len({s.document_id for s in self.segments})


@dataclass(frozen=True)
class AttributeChoice:
    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class AnalysisChoices:
    """What the option bars offer: attributes (with their values) in order, coder names."""

    attributes: tuple[AttributeChoice, ...] = ()
    coders: tuple[str, ...] = ()


def analysis_choices(session: Session) -> AnalysisChoices:
    attributes = session.execute(select(Attribute.id, Attribute.name, Attribute.type)
                                 .order_by(Attribute.position, Attribute.id)).all()
    values: dict[int, list[str]] = defaultdict(list)
    for attribute_id, value in session.execute(
            select(DocumentAttribute.attribute_id, DocumentAttribute.value).distinct()):
        values[attribute_id].append(value)
    choices = tuple(
        AttributeChoice(a.name, tuple(attribute_value_order(AttributeRef(a.id, a.name, a.type),
                                                            values[a.id])))
        for a in attributes)
    coders = tuple(session.scalars(select(Coder.name).order_by(Coder.name)))
    return AnalysisChoices(choices, coders)


def code_colours(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Code.id, Code.colour)).all())


# -- reading codings ---------------------------------------------------------------------------

def _segments(session: Session, where: Iterable[ColumnElement[bool]],
              extra: ColumnElement | None = None, limit: int | None = None
              ) -> list[tuple[CellSegment, object]]:
    """Codings matching ``where`` in reading order (the first ``limit`` of them), each with
    the value of ``extra``."""
    stmt = (select(Coding.id, Coding.document_id, Document.name, Coding.code_id, Code.name,
                   Code.colour, Coder.name, speaker_of_start(Coding.document_id, Coding.start),
                   Coding.start, Coding.end, Coding.version, Coding.memo,
                   extra if extra is not None else null())
            .join(Document, Document.id == Coding.document_id)
            .join(Code, Code.id == Coding.code_id)
            .join(Coder, Coder.id == Coding.coder_id)
            .where(*where)
            .order_by(Document.position, Document.id, Coding.start, Coding.end, Coding.id)
            .limit(limit))
    rows = session.execute(stmt).all()
    texts = covered_texts(session, [(r[1], r[10], r[8], r[9]) for r in rows])
    return [(CellSegment(*row[:10], text, row[11]), row[12])
            for row, text in zip(rows, texts, strict=True)]


def _row_codes(session: Session, code_id: int | None, rollup: bool) -> list[int] | None:
    if code_id is None:
        return None
    return [code_id, *descendant_ids(session, code_id)] if rollup else [code_id]


def _has_value(attribute: AttributeRef, value: str | None) -> ColumnElement[bool]:
    match = exists().where(DocumentAttribute.document_id == Coding.document_id,
                           DocumentAttribute.attribute_id == attribute.id)
    if value is None:
        return ~match
    return exists().where(DocumentAttribute.document_id == Coding.document_id,
                          DocumentAttribute.attribute_id == attribute.id,
                          DocumentAttribute.value == value)


def matrix_cell_segments(session: Session, options: MatrixOptions, cell: MatrixCell,
                         limit: int | None = None) -> CellListing:
    """The codings counted in ``cell`` of the matrix ``options`` describe, in reading order:
    their number and documents, and the first ``limit`` of them (a grand total can hold a
    million codings, too many to read in a list)."""
    scope = resolve(session, options.filters)
    where: list[ColumnElement[bool]] = [scope.codings()]
    codes = _row_codes(session, cell.code_id, options.rollup)
    if codes is not None:
        where.append(Coding.code_id.in_(codes))
    if not cell.all_columns and options.columns == "documents":
        where.append(Coding.document_id == cell.column)
    elif not cell.all_columns and options.columns == "attribute":
        assert options.attribute is not None
        where.append(_has_value(find_attribute(session, options.attribute),
                                cell.column))  # type: ignore[arg-type]
    if cell.all_columns or options.columns != "speakers":
        found = [segment for segment, _ in _segments(session, where, limit=limit)]
        if limit is None or len(found) < limit:  # the whole cell: count what was read
            return _listing(found, found)
        codings, documents = session.execute(
            select(func.count(), func.count(Coding.document_id.distinct())).where(*where)).one()
        return CellListing(tuple(found), codings, documents)
    found = [segment for segment, _ in _segments(session, where)]
    if options.measure in EXTENT_MEASURES:
        found = _meeting_speaker(session, found, cell.column)  # type: ignore[arg-type]
    else:
        found = [s for s in found if s.speaker == cell.column]
    return _listing(found[:limit], found)


def _listing(listed: list[CellSegment], every: list[CellSegment]) -> CellListing:
    return CellListing(tuple(listed), len(every), len({s.document_id for s in every}))


# -- speaker regions ---------------------------------------------------------------------------

def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _covers(union: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in union)


def _meeting_speaker(session: Session, segments: list[CellSegment], speaker: str | None
                     ) -> list[CellSegment]:
    """The codings whose span meets ``speaker``'s regions (None: the text outside every turn).
    Turns are cut at the end of the text; empty turns have no region."""
    doc_ids = {s.document_id for s in segments}
    lengths = dict(session.execute(select(Document.id, func.length(Document.text))
                                   .where(Document.id.in_(doc_ids))).all())
    turns: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for doc_id, who, start, end in session.execute(
            select(SpeakerTurn.document_id, SpeakerTurn.speaker, SpeakerTurn.start,
                   SpeakerTurn.end).where(SpeakerTurn.document_id.in_(doc_ids))):
        end = min(end, lengths[doc_id])
        if start < end:
            turns[doc_id].append((who, start, end))
    unions = {doc_id: _merged((a, b) for _, a, b in spans) for doc_id, spans in turns.items()}
    out = []
    for s in segments:
        if speaker is None:
            meets = not _covers(unions.get(s.document_id, []), s.start, s.end)
        else:
            meets = any(who == speaker and a < s.end and s.start < b
                        for who, a, b in turns.get(s.document_id, []))
        if meets:
            out.append(s)
    return out


# -- co-occurrence -----------------------------------------------------------------------------

def _meet(options: CooccurrenceOptions, a: tuple[CellSegment, object],
          b: tuple[CellSegment, object]) -> bool:
    (x, x_turn), (y, y_turn) = a, b
    if options.mode == "turn":
        return x_turn is not None and x_turn == y_turn
    if options.mode == "overlap":
        return y.start < x.end and x.start < y.end
    gap = options.distance
    return y.start - x.end <= gap and x.start - y.end <= gap


def cooccurrence_cell_segments(session: Session, options: CooccurrenceOptions, code_a: int,
                               code_b: int) -> CellPairs:
    """The pairs of codings, one of ``code_a`` and one of ``code_b``, that co-occur."""
    if code_a == code_b:
        return CellPairs((), ())
    scope = resolve(session, options.filters)
    turn = turn_of_start(Coding.document_id, Coding.start) if options.mode == "turn" else None
    rows = _segments(session, [scope.codings(), Coding.code_id.in_((code_a, code_b))], turn)
    by_document: dict[int, tuple[list, list]] = defaultdict(lambda: ([], []))
    for row in rows:
        by_document[row[0].document_id][row[0].code_id != code_a].append(row)
    pairs: list[tuple[int, int]] = []
    taking_part: set[int] = set()
    for firsts, seconds in by_document.values():
        for a in firsts:
            for b in seconds:
                if _meet(options, a, b):
                    pairs.append((a[0].coding_id, b[0].coding_id))
                    taking_part.update((a[0].coding_id, b[0].coding_id))
    segments = tuple(s for s, _ in rows if s.coding_id in taking_part)
    return CellPairs(tuple(pairs), segments)


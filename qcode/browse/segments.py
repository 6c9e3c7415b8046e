"""Coded segments of chosen codes, as the segments panel lists them.

Each segment names its document, coder and speaker: the speaker of the turn that contains the
coding's start (none when the coding starts before the first turn or the document has no turns),
and that turn's time stamp (seconds; None when its label has none).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.selectable import ScalarSelect

from qcode.covered import covered_texts
from qcode.derived.placed import placed_codings
from qcode.models import Code, Coder, Coding, Document, SpeakerTurn


@dataclass(frozen=True)
class Segment:
    coding_id: int
    code_id: int
    code_name: str
    code_colour: str
    document_id: int
    document_name: str
    start: int
    end: int
    text: str
    coder: str
    speaker: str
    memo: str
    time: float | None = None
    #: where the document stands in the project's list (segments are listed in reading order)
    document_position: int = 0

    @property
    def reading_order(self) -> tuple[int, str, int, int, int]:
        return (self.document_position, self.document_name, self.start, self.end,
                self.coding_id)


def _turn_at_start(column: InstrumentedAttribute) -> ScalarSelect:
    """A correlated subquery: ``column`` of the turn containing the coding's start."""
    return (
        select(column)
        .where(and_(SpeakerTurn.document_id == Coding.document_id,
                    SpeakerTurn.start <= Coding.start, SpeakerTurn.end > Coding.start))
        .order_by(SpeakerTurn.start.desc())
        .limit(1)
        .correlate(Coding)
        .scalar_subquery()
    )


def segments_of_codes(session: Session, code_ids: Iterable[int], *,
                      coding_ids: Iterable[int] | None = None,
                      coder_ids: Iterable[int] | None = None) -> tuple[Segment, ...]:
    """The codings of ``code_ids`` in reading order: by document, then by position in it.

    ``coding_ids`` narrows them to those codings (the ones a change named: read by id);
    ``coder_ids`` to those coders' codings (a coder filter, blind mode). Codings left on an
    earlier text of their document are not listed (their spans are not in the current text;
    the Unplaced codings view lists them)."""
    ids = sorted(set(code_ids))
    if not ids:
        return ()
    stmt = (select(Coding.id, Coding.code_id, Code.name, Code.colour, Coding.document_id,
                   Document.name, Coding.start, Coding.end, Coding.version, Coder.name,
                   _turn_at_start(SpeakerTurn.speaker), Coding.memo,
                   _turn_at_start(SpeakerTurn.timestamp), Document.position)
            .join(Code, Code.id == Coding.code_id)
            .join(Document, Document.id == Coding.document_id)
            .join(Coder, Coder.id == Coding.coder_id)
            .where(Coding.code_id.in_(ids), placed_codings(session))
            .order_by(Document.position, Document.name, Coding.start, Coding.end, Coding.id))
    if coding_ids is not None:
        stmt = stmt.where(Coding.id.in_(sorted(set(coding_ids))))
    if coder_ids is not None:
        stmt = stmt.where(Coding.coder_id.in_(sorted(set(coder_ids))))
    rows = session.execute(stmt).all()
    texts = covered_texts(session, [(r[4], r[8], r[6], r[7]) for r in rows])
    return tuple(Segment(*row[:8], text, row[9], row[10] or "", row[11], row[12], row[13])
                 for row, text in zip(rows, texts, strict=True))


def code_names(session: Session, code_ids: Iterable[int]) -> dict[int, str]:
    """Names of codes by id (for headings; codes without codings have no segments to name them)."""
    ids = list(set(code_ids))
    return dict(session.execute(select(Code.id, Code.name).where(Code.id.in_(ids))).all())

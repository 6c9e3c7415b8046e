"""What the document viewer shows: one document's text, speaker turns and codings, as plain data.

The viewer never holds ORM objects. It reads a :class:`DocumentText` once when a document opens,
and afterwards only the codings a change names (:func:`document_codings` with ``coding_ids``),
so applying a code does not re-read a long transcript.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.models import Code, Coder, Coding, Document, SpeakerTurn
from qcode.queries import code_paths


class CodingInfo(NamedTuple):
    """One coding as the viewer shows it: span in code points, code path and colour, coder.
    (A named tuple: a document opens with thousands, made three times as fast as a frozen
    dataclass.)"""

    id: int
    code_id: int
    code_path: str
    colour: str
    coder_id: int
    coder: str
    start: int
    end: int
    memo: str


@dataclass(frozen=True)
class TurnInfo:
    """A speaker turn [start, end) in code points."""

    speaker: str
    start: int
    end: int


@dataclass(frozen=True)
class DocumentText:
    id: int
    name: str
    text: str
    #: 'ltr', 'rtl' or 'mixed' (the viewer lays out each paragraph by its own direction)
    direction: str
    turns: tuple[TurnInfo, ...]
    codings: tuple[CodingInfo, ...]
    #: the version of the text (a re-import raises it; the viewer then reads the document anew)
    version: int = 1


def document_text(session: Session, document_id: int) -> DocumentText | None:
    """Everything the viewer needs to open a document; None if there is no such document."""
    row = session.execute(
        select(Document.name, Document.text, Document.direction, Document.version)
        .where(Document.id == document_id)
    ).one_or_none()
    if row is None:
        return None
    turns = session.connection().execute(
        select(SpeakerTurn.speaker, SpeakerTurn.start, SpeakerTurn.end)
        .where(SpeakerTurn.document_id == document_id).order_by(SpeakerTurn.start)
    ).all()
    return DocumentText(
        id=document_id, name=row.name, text=row.text, direction=row.direction,
        turns=tuple(TurnInfo(speaker, start, end) for speaker, start, end in turns),
        codings=document_codings(session, document_id), version=row.version,
    )


def document_name(session: Session, document_id: int) -> str | None:
    """The document's name, or None once it has been removed."""
    return session.scalar(select(Document.name).where(Document.id == document_id))


def document_version(session: Session, document_id: int) -> int | None:
    """The version of the document's text, or None once it has been removed."""
    return session.scalar(select(Document.version).where(Document.id == document_id))


def document_codings(session: Session, document_id: int,
                     coding_ids: Collection[int] | None = None) -> tuple[CodingInfo, ...]:
    """The document's codings (only those of ``coding_ids`` when given), ordered by start.

    The codings are read alone, from the document's covering index; colours, coder names and
    code paths come from the few codes and coders they name (joining them row by row made the
    read of 3,000 codings 2.5 times as long).
    """
    query = (
        select(Coding.id, Coding.code_id, Coding.coder_id, Coding.start, Coding.end,
               Coding.memo)
        .where(Coding.document_id == document_id, Coding.version == select(Document.version)
               .where(Document.id == document_id).scalar_subquery())  # not the unplaced ones
        .order_by(Coding.start, Coding.end, Coding.id)
    )
    if coding_ids is not None:
        if not coding_ids:
            return ()
        query = query.where(Coding.id.in_(list(coding_ids)))
    # Core, not ORM, execution: plain columns need no ORM row processing (half the time).
    rows = session.connection().execute(query).all()
    if not rows:
        return ()
    paths = code_paths(session)
    colours = dict(session.execute(
        select(Code.id, Code.colour).where(Code.id.in_({r[1] for r in rows}))).all())
    coders = dict(session.execute(
        select(Coder.id, Coder.name).where(Coder.id.in_({r[2] for r in rows}))).all())
    # Rows unpacked as tuples: reading each field by name costs six times as much (3,000
    # codings: 20 ms against 3 ms), and a document opens with all of them.
    return tuple(
        CodingInfo(cid, code_id, paths.get(code_id, ""), colours[code_id], coder_id,
                   coders[coder_id], start, end, memo)
        for cid, code_id, coder_id, start, end, memo in rows
    )

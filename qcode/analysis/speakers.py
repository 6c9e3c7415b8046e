"""Who speaks where: the speaker of a coding, and each speaker's regions of a document.

Rules (also in :mod:`qcode.analysis.rules`):

* A coding belongs to the speaker of the turn that contains its start (``turn.start <= start <
  turn.end``). Turns should not overlap; if they do, the turn that starts last wins, then the
  lower turn id. A coding whose start lies in no turn belongs to "(no speaker)".
* A speaker's region of a document is the union of that speaker's turns, cut at the end of the
  text. "(no speaker)" has the text outside every turn (all of it if the document has none).
"""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    String,
    Subquery,
    case,
    cast,
    exists,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from qcode.analysis.results import NO_SPEAKER_LABEL, ColumnLabel
from qcode.analysis.scope import Scope
from qcode.analysis.spans import islands
from qcode.models import Document, SpeakerTurn


def _turn_containing(column: ColumnElement, document_id: ColumnElement,
                     start: ColumnElement) -> ColumnElement:
    return (select(column)
            .where(SpeakerTurn.document_id == document_id, SpeakerTurn.start <= start,
                   SpeakerTurn.end > start)
            .order_by(SpeakerTurn.start.desc(), SpeakerTurn.id).limit(1).scalar_subquery())


def speaker_of_start(document_id: ColumnElement, start: ColumnElement) -> ColumnElement:
    """The speaker a coding starting at ``start`` belongs to; NULL for none."""
    return _turn_containing(SpeakerTurn.speaker, document_id, start)


def time_of_start(document_id: ColumnElement, start: ColumnElement) -> ColumnElement:
    """The time stamp (seconds) of the turn a coding starting at ``start`` belongs to; NULL
    for none, or a turn whose label has no stamp."""
    return _turn_containing(SpeakerTurn.timestamp, document_id, start)


def turn_of_start(document_id: ColumnElement, start: ColumnElement) -> ColumnElement:
    """The id of the turn a coding starting at ``start`` belongs to; NULL for none."""
    return _turn_containing(SpeakerTurn.id, document_id, start)


def _documents(scope: Scope) -> Subquery:
    return (select(Document.id, Document.position, func.length(Document.text).label("length"))
            .where(scope.documents(Document.id)).subquery("docs"))


def regions(scope: Scope) -> Subquery:
    """``(document_id, speaker, start, end)``, speaker NULL for text outside every turn."""
    docs = _documents(scope)
    turn_end = case((SpeakerTurn.end < docs.c.length, SpeakerTurn.end), else_=docs.c.length)
    turns = (select(SpeakerTurn.document_id, SpeakerTurn.speaker, SpeakerTurn.start,
                    turn_end.label("end"))
             .join(docs, docs.c.id == SpeakerTurn.document_id)
             .where(SpeakerTurn.start < turn_end).subquery("turns"))
    spoken = islands(turns, ("document_id", "speaker"))
    anyone = islands(turns, ("document_id",))
    no_one = cast(null(), String)
    after = (select(anyone.c.document_id, no_one, anyone.c.end.label("start"),
                    func.coalesce(func.lead(anyone.c.start).over(
                        partition_by=anyone.c.document_id, order_by=anyone.c.start),
                        docs.c.length).label("end"))
             .join(docs, docs.c.id == anyone.c.document_id))
    before = (select(anyone.c.document_id, no_one, literal(0),
                     func.min(anyone.c.start)).group_by(anyone.c.document_id))
    untold = (select(docs.c.id, no_one, literal(0), docs.c.length)
              .where(~exists().where(turns.c.document_id == docs.c.id)))
    every = union_all(select(spoken.c.document_id, spoken.c.speaker, spoken.c.start,
                             spoken.c.end), after, before, untold).subquery()
    cols = every.c
    return (select(cols[0].label("document_id"), cols[1].label("speaker"),
                   cols[2].label("start"), cols[3].label("end"))
            .where(cols[3] > cols[2]).subquery("regions"))


def speaker_columns(session: Session, scope: Scope) -> tuple[tuple[ColumnLabel, ...],
                                                              dict[str | None, int]]:
    """Speakers with text in the chosen documents, by first appearance, then "(no speaker)".

    First appearance: the document order (position, then id) of the speaker's first region,
    then its start, then the speaker's name. Also returns each speaker's region length (the
    coverage denominators).
    """
    reg = regions(scope)
    docs = _documents(scope)
    rank = func.row_number().over(order_by=(docs.c.position, docs.c.id, reg.c.start,
                                             reg.c.speaker))
    ranked = (select(reg.c.speaker, (reg.c.end - reg.c.start).label("length"),
                     rank.label("rank"))
              .join(docs, docs.c.id == reg.c.document_id).subquery())
    rows = session.execute(select(ranked.c.speaker, func.min(ranked.c.rank),
                                  func.sum(ranked.c.length))
                           .group_by(ranked.c.speaker)).all()
    spoken = sorted((r for r in rows if r[0] is not None), key=lambda r: r[1])
    labels = [ColumnLabel(r[0], r[0]) for r in spoken]
    lengths = {r[0]: int(r[2]) for r in rows}
    if None in lengths:
        labels.append(ColumnLabel(None, NO_SPEAKER_LABEL))
    return tuple(labels), lengths

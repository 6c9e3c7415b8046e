"""Everything a survey import leaves in a project, as plain sorted data, to compare projects."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from qcode.models import Attribute, Document, DocumentAttribute, SpeakerTurn
from qcode.project import Project


def dump(path: Path) -> dict:
    """Documents (name, text, direction, fingerprint), turns, attributes with their types and
    every value, by document name."""
    with Project.open(path, readonly=True) as project, project.reading() as s:
        docs = s.execute(select(Document.id, Document.name, Document.text, Document.direction,
                                Document.sha256).order_by(Document.position)).all()
        names = {row.id: row.name for row in docs}
        turns = s.execute(select(SpeakerTurn.document_id, SpeakerTurn.speaker,
                                 SpeakerTurn.start, SpeakerTurn.end)).all()
        attributes = s.execute(select(Attribute.id, Attribute.name, Attribute.type)
                               .order_by(Attribute.position)).all()
        attribute_names = {a.id: a.name for a in attributes}
        values = s.execute(select(DocumentAttribute.document_id, DocumentAttribute.attribute_id,
                                  DocumentAttribute.value)).all()
    return dict(
        documents=[(d.name, d.text, d.direction, d.sha256) for d in docs],
        turns=sorted((names[d], speaker, start, end) for d, speaker, start, end in turns),
        attributes=[(a.name, a.type) for a in attributes],
        values=sorted((names[d], attribute_names[a], v) for d, a, v in values),
    )

"""The documents list: each document with its attribute values and counts, counted in SQL."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.models import Attribute, Coding, Document, DocumentAttribute, ProjectInfo


@dataclass(frozen=True)
class AttributeColumn:
    id: int
    name: str
    type: str


@dataclass(frozen=True)
class DocumentEntry:
    """One row of the documents list. ``values`` line up with :attr:`DocumentTable.attributes`
    (``None`` where the document has no value)."""

    id: int
    name: str
    original_filename: str
    direction: str
    characters: int
    codings: int
    codes: int
    has_memo: bool
    values: tuple[str | None, ...]


@dataclass(frozen=True)
class DocumentTable:
    attributes: tuple[AttributeColumn, ...]
    documents: tuple[DocumentEntry, ...]


def _coding_counts(session: Session) -> dict[int, tuple[int, int]]:
    rows = session.execute(
        select(Coding.document_id, func.count(Coding.id), func.count(func.distinct(Coding.code_id)))
        .group_by(Coding.document_id)
    ).all()
    return {doc_id: (codings, codes) for doc_id, codings, codes in rows}


def document_table(session: Session) -> DocumentTable:
    """Every document in list order, with its attribute values and coding counts."""
    attributes = tuple(
        AttributeColumn(a.id, a.name, a.type)
        for a in session.execute(
            select(Attribute.id, Attribute.name, Attribute.type)
            .order_by(Attribute.position, Attribute.id)
        )
    )
    column = {a.id: i for i, a in enumerate(attributes)}
    values: dict[int, list[str | None]] = {}
    for doc_id, attr_id, value in session.execute(
        select(DocumentAttribute.document_id, DocumentAttribute.attribute_id,
               DocumentAttribute.value)
    ):
        values.setdefault(doc_id, [None] * len(attributes))[column[attr_id]] = value
    counts = _coding_counts(session)
    rows = session.execute(
        select(Document.id, Document.name, Document.original_filename, Document.direction,
               func.length(Document.text), func.length(Document.memo) > 0)
        .order_by(Document.position, Document.id)
    ).all()
    documents = tuple(
        DocumentEntry(
            id=r[0], name=r[1], original_filename=r[2], direction=r[3], characters=r[4],
            codings=counts.get(r[0], (0, 0))[0], codes=counts.get(r[0], (0, 0))[1],
            has_memo=bool(r[5]),
            values=tuple(values.get(r[0], [None] * len(attributes))),
        )
        for r in rows
    )
    return DocumentTable(attributes, documents)


def project_name(session: Session) -> str:
    return session.scalar(select(ProjectInfo.value).where(ProjectInfo.key == "name")) or ""

"""The documents list: each document with its attribute values and counts, counted in SQL.

The list is read whole once, when a project opens; a change re-reads only the documents it
names (:func:`document_entries`), each counted through the codings' per-document index.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
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


def _coding_counts(session: Session, ids: Collection[int] | None
                   ) -> dict[int, tuple[int, int]]:
    """Codings and distinct codes per document: of ``ids`` only (read through the codings'
    per-document index), or of every document."""
    stmt = (select(Coding.document_id, func.count(Coding.id),
                   func.count(func.distinct(Coding.code_id)))
            .group_by(Coding.document_id))
    if ids is not None:
        stmt = stmt.where(Coding.document_id.in_(sorted(ids)))
    return {doc_id: (codings, codes) for doc_id, codings, codes in session.execute(stmt)}


def attribute_columns(session: Session) -> tuple[AttributeColumn, ...]:
    return tuple(
        AttributeColumn(a.id, a.name, a.type)
        for a in session.execute(
            select(Attribute.id, Attribute.name, Attribute.type)
            .order_by(Attribute.position, Attribute.id)
        )
    )


def _values(session: Session, attributes: tuple[AttributeColumn, ...],
            ids: Collection[int] | None) -> dict[int, list[str | None]]:
    column = {a.id: i for i, a in enumerate(attributes)}
    stmt = select(DocumentAttribute.document_id, DocumentAttribute.attribute_id,
                  DocumentAttribute.value)
    if ids is not None:
        stmt = stmt.where(DocumentAttribute.document_id.in_(sorted(ids)))
    values: dict[int, list[str | None]] = {}
    for doc_id, attr_id, value in session.execute(stmt):
        values.setdefault(doc_id, [None] * len(attributes))[column[attr_id]] = value
    return values


def document_entries(session: Session, attributes: tuple[AttributeColumn, ...],
                     ids: Collection[int] | None = None, *,
                     known: Mapping[int, DocumentEntry] | None = None
                     ) -> tuple[DocumentEntry, ...]:
    """The documents of ``ids`` (or all) that exist, in list order, with values lining up with
    ``attributes``. Documents in ``known`` keep its counts and length (neither changes without
    the document being named by a change): only the others are counted."""
    known = known or {}
    stmt = (select(Document.id, Document.name, Document.original_filename, Document.direction,
                   func.length(Document.memo) > 0)
            .order_by(Document.position, Document.id))
    if ids is not None:
        stmt = stmt.where(Document.id.in_(sorted(ids)))
    rows = session.execute(stmt).all()
    fresh = [r[0] for r in rows if r[0] not in known]
    everything = ids is None and not known
    counts = _coding_counts(session, None if everything else fresh) if fresh else {}
    length_stmt = select(Document.id, func.length(Document.text))
    lengths = dict(session.execute(
        length_stmt if everything else length_stmt.where(Document.id.in_(fresh))).all()
        if fresh else ())
    values = _values(session, attributes, ids)
    blank = [None] * len(attributes)
    return tuple(
        DocumentEntry(
            id=r[0], name=r[1], original_filename=r[2], direction=r[3],
            characters=known[r[0]].characters if r[0] in known else lengths[r[0]],
            codings=known[r[0]].codings if r[0] in known else counts.get(r[0], (0, 0))[0],
            codes=known[r[0]].codes if r[0] in known else counts.get(r[0], (0, 0))[1],
            has_memo=bool(r[4]), values=tuple(values.get(r[0], blank)))
        for r in rows
    )


def document_table(session: Session, *, known: Mapping[int, DocumentEntry] | None = None
                   ) -> DocumentTable:
    """Every document in list order, with its attribute values and coding counts (those of
    documents in ``known`` taken from it, see :func:`document_entries`)."""
    attributes = attribute_columns(session)
    return DocumentTable(attributes, document_entries(session, attributes, known=known))


def codings_estimate(session: Session) -> int:
    """About how many codings the project holds (the highest id: read from the index end,
    without counting), to judge how long counting them would take."""
    return session.scalar(select(func.max(Coding.id))) or 0


def project_name(session: Session) -> str:
    return session.scalar(select(ProjectInfo.value).where(ProjectInfo.key == "name")) or ""

"""Document operations: add imported documents, remove them, rename, memos.

Removing a document takes its speaker turns, attribute values and codings with it; the inverse
puts every row back exactly (same ids and uuids) from a plain-data snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.errors import InputError
from qcode.importers.base import ImportedDocument
from qcode.importers.turns import Turn
from qcode.models import (
    Coding,
    Document,
    DocumentAttribute,
    DocumentVersion,
    ProjectInfo,
    SpeakerTurn,
)
from qcode.ops.codings import CodingRow

MAX_NAME = 500


@dataclass(frozen=True)
class DocumentRow:
    id: int
    uuid: str
    name: str
    text: str
    original_filename: str
    sha256: str
    imported_at: datetime
    direction: str
    position: int
    memo: str
    created_at: datetime
    version: int = 1

    @classmethod
    def of(cls, d: Document) -> DocumentRow:
        return cls(d.id, d.uuid, d.name, d.text, d.original_filename, d.sha256, d.imported_at,
                   d.direction, d.position, d.memo, d.created_at, d.version)


@dataclass(frozen=True)
class TurnRow:
    id: int
    document_id: int
    speaker: str
    start: int
    end: int
    timestamp: float | None


@dataclass(frozen=True)
class DocumentSnapshot:
    """Removed documents with everything that hung on them, as plain data."""

    documents: tuple[DocumentRow, ...]
    turns: tuple[TurnRow, ...]
    #: (document id, attribute id, value)
    values: tuple[tuple[int, int, str], ...]
    codings: tuple[CodingRow, ...]
    #: earlier texts: (document id, version, text, created_at)
    versions: tuple[tuple[int, int, str, datetime], ...] = ()


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``... the first not in ``taken``."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name} ({n})"
    return candidate


def add_documents(session: Session, *, documents: Sequence[ImportedDocument]) -> Changes:
    """Add imported documents (with their speaker turns) at the end of the document list.

    A file whose content (sha256) is already in the project, or earlier in the batch, is skipped;
    a different file with a taken name gets a numbered name. Both are said in ``messages``.
    """
    known = dict(session.execute(select(Document.sha256, Document.name)).all())
    taken = set(session.scalars(select(Document.name)))
    position = session.scalar(select(func.coalesce(func.max(Document.position) + 1, 0)))
    added: list[Document] = []
    turns: list[tuple[Turn, ...]] = []
    messages: list[str] = []
    batch: dict[str, str] = {}
    for doc in documents:
        if doc.sha256 in known or doc.sha256 in batch:
            where = ("already in the project" if doc.sha256 in known
                     else "earlier in this import")
            other = known.get(doc.sha256) or batch[doc.sha256]
            messages.append(f"{doc.original_filename}: identical to document {other!r} {where}; "
                            "skipped")
            continue
        wanted = doc.name.strip()[:MAX_NAME - 10] or "document"  # trimmed: no clash to say
        name = unique_name(wanted, taken)
        if name != wanted:
            messages.append(f"{doc.original_filename}: a different document is already named "
                            f"{wanted!r}; added as {name!r}")
        taken.add(name)
        batch[doc.sha256] = name
        added.append(Document(
            name=name, text=doc.text, original_filename=doc.original_filename,
            sha256=doc.sha256, direction=doc.direction, position=position + len(added)))
        turns.append(doc.turns)
    session.add_all(added)
    session.flush()
    _insert_turns(session, [(d.id, t) for d, t in zip(added, turns, strict=True)])
    ids = tuple(d.id for d in added)
    return Changes(
        description="Add document" if len(ids) == 1 else f"Add {len(ids)} documents",
        documents=frozenset(ids),
        messages=tuple(messages),
        inverse=partial(remove_documents, document_ids=ids),
    )


def _insert_turns(session: Session, documents: Sequence[tuple[int, Sequence[Turn]]]) -> None:
    """The documents' speaker turns in one executemany of plain rows: a long transcript has
    hundreds of thousands, which as ORM objects cost minutes and gigabytes."""
    table = SpeakerTurn.__table__
    for document_id, turns in documents:
        for first in range(0, len(turns), 50_000):
            session.execute(insert(table), [
                {"document_id": document_id, "speaker": t.speaker, "start": t.start,
                 "end": t.end, "timestamp": t.time} for t in turns[first:first + 50_000]])


def remove_documents(session: Session, *, document_ids: Iterable[int]) -> Changes:
    """Remove documents with their turns, attribute values and codings."""
    ids = tuple(dict.fromkeys(document_ids))
    session.flush()
    docs = session.scalars(select(Document).where(Document.id.in_(ids))).all()
    if len(docs) != len(ids):
        missing = sorted(set(ids) - {d.id for d in docs})
        raise InputError(f"no document with id {missing[0]}")
    snapshot = _snapshot(session, ids, docs)
    for model in (Coding, DocumentAttribute, SpeakerTurn, Document):
        column = model.id if model is Document else model.document_id
        session.execute(delete(model).where(column.in_(ids)))
    session.flush()
    return Changes(
        description=(f"Remove document {docs[0].name}" if len(ids) == 1
                     else f"Remove {len(ids)} documents"),
        documents=frozenset(ids),
        codings=frozenset(c.id for c in snapshot.codings),
        codes=frozenset(c.code_id for c in snapshot.codings),
        attributes=frozenset(a for _, a, _ in snapshot.values),
        inverse=partial(restore_documents, snapshot=snapshot),
    )


def _snapshot(session: Session, ids: tuple[int, ...], docs: Sequence[Document]
              ) -> DocumentSnapshot:
    turns = session.execute(
        select(SpeakerTurn.id, SpeakerTurn.document_id, SpeakerTurn.speaker, SpeakerTurn.start,
               SpeakerTurn.end, SpeakerTurn.timestamp)
        .where(SpeakerTurn.document_id.in_(ids)).order_by(SpeakerTurn.id))
    values = session.execute(
        select(DocumentAttribute.document_id, DocumentAttribute.attribute_id,
               DocumentAttribute.value).where(DocumentAttribute.document_id.in_(ids)))
    codings = session.scalars(select(Coding).where(Coding.document_id.in_(ids))
                              .order_by(Coding.id))
    versions = session.execute(
        select(DocumentVersion.document_id, DocumentVersion.version, DocumentVersion.text,
               DocumentVersion.created_at).where(DocumentVersion.document_id.in_(ids)))
    return DocumentSnapshot(
        documents=tuple(DocumentRow.of(d) for d in sorted(docs, key=lambda d: d.id)),
        turns=tuple(TurnRow(*t) for t in turns),
        values=tuple((d, a, v) for d, a, v in values),
        codings=tuple(CodingRow.of(c) for c in codings),
        versions=tuple(tuple(v) for v in versions),
    )


def restore_documents(session: Session, *, snapshot: DocumentSnapshot) -> Changes:
    """Put removed documents back exactly as they were (the inverse of a removal)."""
    session.execute(insert(Document), [vars(d) for d in snapshot.documents])
    if snapshot.versions:
        session.execute(insert(DocumentVersion), [
            dict(document_id=d, version=v, text=t, created_at=at)
            for d, v, t, at in snapshot.versions])
    if snapshot.turns:
        session.execute(insert(SpeakerTurn), [vars(t) for t in snapshot.turns])
    if snapshot.values:
        session.execute(insert(DocumentAttribute), [
            dict(document_id=d, attribute_id=a, value=v) for d, a, v in snapshot.values])
    if snapshot.codings:
        session.execute(insert(Coding), [vars(c) for c in snapshot.codings])
    session.flush()
    ids = tuple(d.id for d in snapshot.documents)
    return Changes(
        description="Restore document" if len(ids) == 1 else f"Restore {len(ids)} documents",
        documents=frozenset(ids),
        codings=frozenset(c.id for c in snapshot.codings),
        codes=frozenset(c.code_id for c in snapshot.codings),
        attributes=frozenset(a for _, a, _ in snapshot.values),
        inverse=partial(remove_documents, document_ids=ids),
    )


def _get_document(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise InputError(f"no document with id {document_id}")
    return doc


def rename_document(session: Session, *, document_id: int, name: str) -> Changes:
    doc = _get_document(session, document_id)
    name = name.strip()
    if not name:
        raise InputError("a document needs a name")
    if len(name) > MAX_NAME:
        raise InputError(f"document name too long ({len(name)} characters; at most {MAX_NAME})")
    other = session.scalar(select(Document.id).where(Document.name == name))
    if other is not None and other != document_id:
        raise InputError(f"another document is already named {name!r}")
    old = doc.name
    doc.name = name
    session.flush()
    return Changes(
        description=f"Rename document {old} to {name}",
        documents=frozenset({document_id}),
        inverse=partial(rename_document, document_id=document_id, name=old),
    )


def set_document_memo(session: Session, *, document_id: int, memo: str) -> Changes:
    doc = _get_document(session, document_id)
    old = doc.memo
    doc.memo = memo
    session.flush()
    return Changes(
        description=f"Edit memo of {doc.name}",
        documents=frozenset({document_id}),
        inverse=partial(set_document_memo, document_id=document_id, memo=old),
    )


def set_project_memo(session: Session, *, memo: str) -> Changes:
    info = session.get(ProjectInfo, "memo")
    if info is None:
        info = ProjectInfo(key="memo", value="")
        session.add(info)
    old = info.value
    info.value = memo
    session.flush()
    return Changes(
        description="Edit project memo",
        project=True,
        inverse=partial(set_project_memo, memo=old),
    )

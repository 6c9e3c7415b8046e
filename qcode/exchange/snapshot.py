"""What a REFI-QDA export reads from a project: plain rows, each kind in one stable order.

Small things (coders, the codebook, attributes, the documents' facts without their texts) are
read whole; codings are streamed one document at a time, so a 1,000,000-coding project never
sits in memory. Only codings made on their document's current text are read: a coding made on
an earlier version (see :mod:`qcode.covered`) has positions in a text the export does not hold.

Orders (the same project gives the same file): coders by name, codes as the codebook shows them
(siblings by position), attributes by position, documents by position then id, a document's
codings by start, end, code uuid, coding uuid.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from qcode.models import Attribute, Code, Coder, Coding, Document, DocumentAttribute, ProjectInfo
from qcode.models.types import uuid_bytes

#: Codings fetched from the database at a time.
CHUNK = 5000

_INTEGER = re.compile(r"-?\d+")


def derived_guid(owner: str, what: str) -> str:
    """A GUID for something without a uuid of its own (a memo's note, a coding's selection, a
    document's case): ``uuid5(owner, what)``, so the same project gives the same GUIDs.

    The same value as ``str(uuid.uuid5(uuid.UUID(owner), what))``, made without UUID objects
    (a million selections)."""
    raw = bytearray(hashlib.sha1(uuid_bytes(owner) + what.encode()).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass(frozen=True)
class ProjectRow:
    uuid: str
    name: str
    memo: str
    created: str  # as stored: ISO 8601, may be "" in a damaged project


@dataclass(frozen=True)
class CoderRow:
    id: int
    uuid: str
    name: str


@dataclass(frozen=True)
class CodeNode:
    """A code with its sub-codes in codebook order; ``path`` names it in memo titles."""

    id: int
    uuid: str
    name: str
    path: str
    colour: str
    description: str
    memo: str
    children: tuple[CodeNode, ...] = ()


@dataclass(frozen=True)
class AttributeRow:
    """An attribute with the REFI-QDA type its values are written as."""

    id: int
    uuid: str
    name: str
    type: str  # qcode's: text, number, date, choice
    refi_type: str  # Text, Integer, Float or Date


@dataclass(frozen=True)
class DocumentRow:
    id: int
    uuid: str
    name: str
    memo: str
    created: datetime
    version: int


def project_row(session: Session) -> ProjectRow:
    rows = session.execute(select(ProjectInfo.key, ProjectInfo.value))
    info = {key: value for key, value in rows}
    return ProjectRow(uuid=info.get("uuid", ""), name=info.get("name", "") or "qcode project",
                      memo=info.get("memo", ""), created=info.get("created_at", ""))


def coders(session: Session) -> list[CoderRow]:
    rows = session.execute(select(Coder.id, Coder.uuid, Coder.name)
                           .order_by(Coder.name, Coder.uuid))
    return [CoderRow(r.id, r.uuid.lower(), r.name) for r in rows]


def code_tree(session: Session) -> list[CodeNode]:
    """The top-level codes, each holding its sub-codes, siblings in position order."""
    rows = session.execute(select(Code.id, Code.parent_id, Code.uuid, Code.name, Code.colour,
                                  Code.description, Code.memo)
                           .order_by(Code.position, Code.id)).all()
    children: dict[int | None, list[Row]] = {}
    for r in rows:
        children.setdefault(r.parent_id, []).append(r)

    def nodes(parent: int | None, prefix: str) -> tuple[CodeNode, ...]:
        return tuple(
            CodeNode(r.id, r.uuid.lower(), r.name, prefix + r.name, r.colour, r.description,
                     r.memo, nodes(r.id, f"{prefix}{r.name}/"))
            for r in children.get(parent, []))

    return list(nodes(None, ""))


def all_codes(roots: list[CodeNode]) -> Iterator[CodeNode]:
    """Every code, parents before their sub-codes, in codebook order."""
    for node in roots:
        yield node
        yield from all_codes(list(node.children))


def attributes(session: Session) -> list[AttributeRow]:
    rows = session.execute(select(Attribute.id, Attribute.uuid, Attribute.name, Attribute.type)
                           .order_by(Attribute.position, Attribute.id)).all()
    return [AttributeRow(r.id, r.uuid.lower(), r.name, r.type, _refi_type(session, r.id, r.type))
            for r in rows]


def _refi_type(session: Session, attribute_id: int, type_: str) -> str:
    """Integer for a number attribute whose values are all stored as integers (so they come
    back as the same text), else Float; Date for dates; Text for text and choices."""
    if type_ == "date":
        return "Date"
    if type_ != "number":
        return "Text"
    values = session.scalars(select(DocumentAttribute.value)
                             .where(DocumentAttribute.attribute_id == attribute_id))
    return "Integer" if all(_INTEGER.fullmatch(v) for v in values) else "Float"


def documents(session: Session) -> list[DocumentRow]:
    rows = session.execute(select(Document.id, Document.uuid, Document.name, Document.memo,
                                  Document.created_at, Document.version)
                           .order_by(Document.position, Document.id))
    return [DocumentRow(r.id, r.uuid.lower(), r.name, r.memo, r.created_at, r.version)
            for r in rows]


def attribute_values(session: Session) -> dict[int, dict[int, str]]:
    """document id -> attribute id -> the value as stored (missing values are absent)."""
    out: dict[int, dict[int, str]] = {}
    rows = session.execute(select(DocumentAttribute.document_id, DocumentAttribute.attribute_id,
                                  DocumentAttribute.value))
    for document_id, attribute_id, value in rows:
        out.setdefault(document_id, {})[attribute_id] = value
    return out


def document_text(session: Session, document_id: int) -> str:
    return session.scalar(select(Document.text).where(Document.id == document_id)) or ""


def coding_counts(session: Session) -> tuple[int, int]:
    """(codings on their document's current text, codings on an earlier text)."""
    current = session.scalar(select(func.count()).select_from(Coding)
                             .join(Document, Document.id == Coding.document_id)
                             .where(Coding.version == Document.version)) or 0
    total = session.scalar(select(func.count()).select_from(Coding)) or 0
    return current, total - current


def document_codings(session: Session, document: DocumentRow) -> Iterator[Row]:
    """The document's current codings in order, fetched in chunks: rows of (uuid, start, end,
    code_id, coder_id, created_at, has_memo)."""
    stmt = (select(Coding.uuid, Coding.start, Coding.end, Coding.code_id, Coding.coder_id,
                   Coding.created_at, (Coding.memo != "").label("has_memo"))
            .join(Code, Code.id == Coding.code_id)
            .where(Coding.document_id == document.id, Coding.version == document.version)
            .order_by(Coding.start, Coding.end, Code.uuid, Coding.uuid)
            .execution_options(yield_per=CHUNK))
    yield from session.execute(stmt)


def coding_memos(session: Session) -> Iterator[Row]:
    """Current codings that have a memo, in the order their selections are written: rows of
    (uuid, memo, document name, start, end), fetched in chunks."""
    stmt = (select(Coding.uuid, Coding.memo, Document.name, Coding.start, Coding.end)
            .join(Document, Document.id == Coding.document_id)
            .join(Code, Code.id == Coding.code_id)
            .where(Coding.memo != "", Coding.version == Document.version)
            .order_by(Document.position, Document.id, Coding.start, Coding.end, Code.uuid,
                      Coding.uuid)
            .execution_options(yield_per=CHUNK))
    yield from session.execute(stmt)

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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, LargeBinary, Row, Select, bindparam, func, select, type_coerce
from sqlalchemy.orm import Session

from qcode.models import Attribute, Code, Coder, Coding, Document, DocumentAttribute, ProjectInfo
from qcode.models.types import epoch_seconds, uuid_bytes

#: Codings fetched from the database at a time.
CHUNK = 5000

_INTEGER = re.compile(r"-?\d+")


def derived_guid(owner: str, what: str) -> str:
    """A GUID for something without a uuid of its own (a memo's note, a coding's selection, a
    document's case): ``uuid5(owner, what)``, so the same project gives the same GUIDs."""
    return derived_guid_of(uuid_bytes(owner), what)


def derived_guid_of(owner: bytes, what: str) -> str:
    """:func:`derived_guid` of an owner given as its 16 bytes: the same value as
    ``str(uuid.uuid5(uuid.UUID(bytes=owner), what))``, made without UUID objects (a million
    selections)."""
    raw = bytearray(hashlib.sha1(owner + what.encode()).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50
    raw[8] = (raw[8] & 0x3F) | 0x80
    return guid_text(raw)


def guid_text(raw: bytes | bytearray) -> str:
    """16 bytes as a GUID in lower case."""
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
    """(codings on their document's current text, codings on an earlier text). Only documents
    whose text was replaced can hold the latter, so only their codings are looked at."""
    total = session.scalar(select(func.count()).select_from(Coding)) or 0
    earlier = session.scalar(select(func.count()).select_from(Document)
                             .join(Coding, Coding.document_id == Document.id)
                             .where(Document.version > 1, Coding.version != Document.version))
    return total - (earlier or 0), earlier or 0


class CodingReader:
    """Reads a document's current codings in order, a chunk at a time: rows of (uuid as 16
    bytes, start, end, code id, coder id, creation time in seconds since 1970 UTC, has a memo).

    On SQLite the rows come straight from the driver's cursor, the uuid and time as stored:
    a million rows through SQLAlchemy's result processing and the uuid and datetime
    conversions (and back, to write them) cost more than reading them. Elsewhere the usual
    result is converted to the same forms.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        connection = session.connection()
        self._stored = connection.dialect.name == "sqlite"
        self._statement = _codings_statement(self._stored)
        compiled = self._statement.compile(dialect=connection.dialect)
        self._sql, self._order = str(compiled), compiled.positiontup or ()
        self._fixed = compiled.params  # the statement's own values (the empty memo)

    def __call__(self, document: DocumentRow) -> Iterator[Sequence]:
        params = {"document_id": document.id, "version": document.version}
        if self._stored:
            yield from self._driver_rows(params)
            return
        rows = self._session.execute(self._statement.execution_options(yield_per=CHUNK),
                                     params)
        for guid, start, end, code_id, coder_id, created, has_memo in rows:
            yield uuid_bytes(guid), start, end, code_id, coder_id, epoch_seconds(created), \
                has_memo

    def _driver_rows(self, params: dict[str, int]) -> Iterator[Sequence]:
        cursor = self._session.connection().connection.cursor()
        try:
            values = {**self._fixed, **params}
            cursor.execute(self._sql, tuple(values[name] for name in self._order))
            while rows := cursor.fetchmany(CHUNK):
                yield from rows
        finally:
            cursor.close()


def _codings_statement(stored: bool) -> Select:
    uuid_column = type_coerce(Coding.uuid, LargeBinary) if stored else Coding.uuid
    time_column = type_coerce(Coding.created_at, Integer) if stored else Coding.created_at
    return (select(uuid_column, Coding.start, Coding.end, Coding.code_id, Coding.coder_id,
                   time_column, (Coding.memo != "").label("has_memo"))
            .join(Code, Code.id == Coding.code_id)
            .where(Coding.document_id == bindparam("document_id"),
                   Coding.version == bindparam("version"))
            .order_by(Coding.start, Coding.end, Code.uuid, Coding.uuid))


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

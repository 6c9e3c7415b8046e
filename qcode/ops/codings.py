"""Coding operations: apply a code to a span, remove a coding, set a coding's memo.

Spans are Unicode code point offsets into the document text, end exclusive. Undoing them copes
with another analyst's changes since (:mod:`qcode.ops.codings_undo`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from qcode.changes import Changes
from qcode.errors import InputError
from qcode.models import Coding, Document
from qcode.models.base import utcnow
from qcode.models.types import CompactUuid, new_uuids, uuid_bytes
from qcode.ops.coding_targets import CodingKey, Targets, read_targets
from qcode.ops.codings_bulk import is_bulk, remove_stored_codings
from qcode.ops.codings_undo import (
    coding_gone,
    memo_changed,
    placeable,
    refuse_or_tell,
    still_there,
)

#: From this many codings on, adding goes through the driver's executemany.
_BULK_ROWS = 1000


@dataclass(frozen=True)
class CodingRow:
    """A coding as plain data: enough to recreate it exactly (same id and uuid) on undo."""

    id: int
    uuid: str
    document_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    #: the version of the document's text the span is in
    version: int
    memo: str
    created_at: datetime

    @classmethod
    def of(cls, c: Coding) -> CodingRow:
        return cls(c.id, c.uuid, c.document_id, c.code_id, c.coder_id, c.start, c.end, c.version,
                   c.memo, c.created_at)


@dataclass(frozen=True)
class NewCoding:
    """A coding to add: used by bulk adds (CSV import)."""

    document_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    memo: str = ""
    #: kept as the coding's uuid (an import keeps the file's); None: a new one
    uuid: str | None = None


@dataclass
class CodingColumns:
    """Codings to add as one list per field: a bulk import's batch holds no object per coding
    (a million of them would keep Python's garbage collector busy going over them)."""

    document_id: list[int] = field(default_factory=list)
    code_id: list[int] = field(default_factory=list)
    coder_id: list[int] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    memo: list[str] = field(default_factory=list)
    #: None (or ""): a new uuid
    uuid: list[str | None] = field(default_factory=list)
    #: when each was made (naive UTC; None: now), as an import keeps them; empty: all now
    created_at: list[datetime | None] = field(default_factory=list)

    @classmethod
    def of(cls, codings: Sequence[NewCoding]) -> CodingColumns:
        return cls(*(list(values) for values in zip(*(
            (c.document_id, c.code_id, c.coder_id, c.start, c.end, c.memo, c.uuid)
            for c in codings), strict=True))) if codings else cls()

    def __len__(self) -> int:
        return len(self.document_id)


def covered_text(session: Session, document_id: int, start: int, end: int) -> str:
    """The text of [start, end) in a document; refuses empty spans and spans outside the text."""
    row = session.execute(
        select(func.length(Document.text), func.substr(Document.text, start + 1, end - start),
               Document.name)
        .where(Document.id == document_id)
    ).one_or_none()
    if row is None:
        raise InputError(f"no document with id {document_id}")
    length, text, name = row
    if start >= end:
        raise InputError(f"empty span {start}-{end} in {name!r}: the end must be after the start")
    if start < 0 or end > length:
        raise InputError(f"span {start}-{end} lies outside {name!r} (0-{length})")
    return text


def _check_refs(columns: CodingColumns, targets: Targets) -> None:
    """Refuse the first coding (in order) whose code or coder does not exist."""
    if targets.codes.issuperset(columns.code_id) and \
            targets.coders.issuperset(columns.coder_id):
        return
    for code_id, coder_id in zip(columns.code_id, columns.coder_id, strict=True):
        if code_id not in targets.codes:
            raise InputError(f"no code with id {code_id}")
        if coder_id not in targets.coders:
            raise InputError(f"no coder with id {coder_id}")


def current_versions(columns: CodingColumns, targets: Targets) -> list[int]:
    """The current version of each coding's document, in order, refusing what
    :func:`covered_text` refuses (the first bad coding first). Only lengths are read: a coding
    keeps no copy of its text (:mod:`qcode.covered`)."""
    versions = []
    for document_id, start, end in zip(columns.document_id, columns.start, columns.end,
                                       strict=True):
        found = targets.documents.get(document_id)
        if found is None:
            raise InputError(f"no document with id {document_id}")
        length, name, version = found
        if not 0 <= start < end <= length:
            _refuse_span(name, start, end, length)
        versions.append(version)
    return versions


def _refuse_span(name: str, start: int, end: int, length: int) -> None:
    if start >= end:
        raise InputError(f"empty span {start}-{end} in {name!r}: the end must be after the "
                         "start")
    raise InputError(f"span {start}-{end} lies outside {name!r} (0-{length})")


def add_coding(session: Session, *, document_id: int, code_id: int, coder_id: int, start: int,
               end: int, memo: str = "") -> Changes:
    """Apply a code to [start, end) of a document."""
    return add_codings(session, codings=[NewCoding(document_id, code_id, coder_id, start, end,
                                                   memo)])


def add_codings(session: Session, *, codings: Sequence[NewCoding],
                unique: bool = False) -> Changes:
    """Apply many codings at once: all are checked first, then inserted in one statement.

    ``unique``: the caller has already left out the codings the project holds and repeats
    (a bulk import does while it reads its rows), so they are not looked for again."""
    if not codings:
        return Changes(description="Already coded")
    targets = _targets(session, CodingColumns.of(codings), existing=not unique)
    fresh = list(codings) if unique else _without_duplicates(codings, targets.existing)
    if not fresh:
        return Changes(description="Already coded",
                       messages=("That passage already carries this code from this coder.",))
    return add_coding_columns(session, columns=CodingColumns.of(fresh), targets=targets)


def add_coding_columns(session: Session, *, columns: CodingColumns,
                       targets: Targets | None = None) -> Changes:
    """Apply the codings of ``columns`` (none already in the project, none twice), checked
    first, then inserted in one statement: :func:`add_codings` without an object per coding.
    ``targets``: what :func:`add_codings` read already of their documents, codes and coders."""
    count = len(columns)
    if not count:
        return Changes(description="Add no codings")
    targets = targets or _targets(session, columns, existing=False)
    _check_refs(columns, targets)
    versions = current_versions(columns, targets)
    uuids = columns.uuid
    if not all(uuids):
        made = iter(new_uuids(count - sum(map(bool, uuids))))
        uuids = [u or next(made) for u in uuids]
    ids = _insert(session, {
        "uuid": uuids, "document_id": columns.document_id, "code_id": columns.code_id,
        "coder_id": columns.coder_id, "start": columns.start, "end": columns.end,
        "version": versions, "memo": columns.memo, "created_at": _times(columns.created_at,
                                                                        count)})
    return Changes(
        description="Apply code" if len(ids) == 1 else f"Add {len(ids)} codings",
        codings=frozenset(ids),
        codes=frozenset(columns.code_id),
        documents=frozenset(columns.document_id),
        inverse=partial(remove_codings, coding_ids=tuple(ids), undoing=True),
    )


def _targets(session: Session, columns: CodingColumns, *, existing: bool) -> Targets:
    return read_targets(session, documents=columns.document_id, codes=columns.code_id,
                        coders=columns.coder_id, existing=existing)


def _without_duplicates(codings: Sequence[NewCoding], existing: frozenset[CodingKey]
                        ) -> list[NewCoding]:
    """The codings not already in the project (``existing``: same document, code, coder and
    span), once each.

    Applying a code twice to the same passage would count it twice in every matrix.
    """
    seen = set(existing)
    fresh: list[NewCoding] = []
    for c in codings:
        k = (c.document_id, c.code_id, c.coder_id, c.start, c.end)
        if k not in seen:
            seen.add(k)
            fresh.append(c)
    return fresh


def _times(created: list[datetime | None], count: int) -> list[datetime]:
    """Each coding's creation time: its own where given, else now."""
    now = utcnow()
    return [when or now for when in created] if created else [now] * count


def _insert(session: Session, columns: dict[str, list]) -> list[int]:
    """Insert codings given column by column; their ids in order."""
    count = len(columns["uuid"])
    if count >= _BULK_ROWS:
        return _insert_many(session, columns)
    rows = [dict(zip(columns, values, strict=True))
            for values in zip(*columns.values(), strict=True)]
    if count == 1:  # the everyday gesture: SQLAlchemy Core, without the ORM's bulk layer
        return [session.connection().execute(_INSERT_ONE, rows[0]).scalar_one()]
    result = session.execute(
        insert(Coding).returning(Coding.id, sort_by_parameter_order=True), rows)
    return [r[0] for r in result]


_INSERT_ONE = insert(Coding.__table__).returning(Coding.__table__.c.id)


def _insert_many(session: Session, columns: dict[str, list]) -> list[int]:
    """Many codings through the driver's executemany with plain tuples (SQLAlchemy's per-row
    parameters and RETURNING batches cost more than the insert itself), converted column by
    column. SQLite gives the rows the ids after the largest one, in order (checked); elsewhere
    the new ids are read back by uuid."""
    session.flush()
    connection = session.connection()
    table = Coding.__table__
    count = len(columns["uuid"])
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=list(columns))
    names = compiled.positiontup or list(columns)
    dialect = connection.dialect
    bound = [_bound(table.c[name].type, dialect, name, columns[name]) for name in names]
    params: list = list(zip(*bound, strict=True))
    if compiled.positiontup is None:
        params = [dict(zip(names, values, strict=True)) for values in params]
    before = session.scalar(select(func.max(Coding.id))) or 0
    connection.exec_driver_sql(str(compiled), params)
    if connection.dialect.name == "sqlite":
        added, last = session.execute(select(func.count(), func.max(Coding.id))
                                      .where(Coding.id > before)).one()
        if added == count and last == before + count:
            return list(range(before + 1, last + 1))
    ids = dict(session.execute(select(Coding.uuid, Coding.id).where(Coding.id > before)).all())
    return [ids[u] for u in columns["uuid"]]


def _bound(kind: TypeEngine, dialect: Dialect, name: str, values: list) -> list:
    """One column as the driver takes it (each distinct creation time converted once). A
    uuid goes to SQLite as its 16 bytes straight from :func:`uuid_bytes`: SQLAlchemy's own
    conversion (the type's, then the binary type's) costs six times as much, 2 s a million."""
    if isinstance(kind, CompactUuid) and dialect.name == "sqlite":
        return list(map(uuid_bytes, values))
    convert = kind.dialect_impl(dialect).bind_processor(dialect)
    if convert is None:
        return values
    if name == "created_at":  # a batch's codings share a few times
        converted = {when: convert(when) for when in set(values)}
        return [converted[when] for when in values]
    return [convert(v) for v in values]


def remove_coding(session: Session, *, coding_id: int) -> Changes:
    return remove_codings(session, coding_ids=(coding_id,))


def remove_codings(session: Session, *, coding_ids: Iterable[int],
                   undoing: bool = False) -> Changes:
    """Remove codings; the inverse restores them exactly. From :data:`_BULK_ROWS` codings on
    (undoing a merge or an import) in bulk (:mod:`qcode.ops.codings_bulk`).

    ``undoing`` (taking back codings a step added): those deleted meanwhile by someone else
    are left out and named in a message; none left is ChangedMeanwhile. Otherwise an unknown
    id is refused."""
    ids = tuple(coding_ids)
    messages: tuple[str, ...] = ()
    if undoing:
        ids, messages = still_there(session, ids)
    changes = _remove(session, ids)
    return replace(changes, messages=changes.messages + messages) if messages else changes


def _remove(session: Session, ids: tuple[int, ...]) -> Changes:
    if is_bulk(session, len(ids), _BULK_ROWS):
        return remove_stored_codings(session, coding_ids=ids)
    found = session.scalars(select(Coding).where(Coding.id.in_(ids))).all()
    if len(found) != len(set(ids)):
        missing = sorted(set(ids) - {c.id for c in found})
        raise InputError(f"no coding with id {missing[0]}")
    snapshot = tuple(CodingRow.of(c) for c in found)
    for c in found:
        session.delete(c)
    session.flush()
    return Changes(
        description="Remove coding" if len(ids) == 1 else f"Remove {len(ids)} codings",
        codings=frozenset(ids),
        codes=frozenset(r.code_id for r in snapshot),
        documents=frozenset(r.document_id for r in snapshot),
        inverse=partial(restore_codings, rows=snapshot),
    )


def restore_codings(session: Session, *, rows: Sequence[CodingRow]) -> Changes:
    """Put removed codings back exactly as they were (the inverse of a removal); those whose
    document, code or coder was deleted meanwhile are left out and named in a message (none
    left: ChangedMeanwhile)."""
    documents, codes, coders = placeable(session, {r.document_id for r in rows},
                                         {r.code_id for r in rows}, {r.coder_id for r in rows})
    kept = [r for r in rows
            if r.document_id in documents and r.code_id in codes and r.coder_id in coders]
    messages = refuse_or_tell(session, len(rows), len(kept))
    session.execute(insert(Coding), [vars(r) for r in kept])
    session.flush()
    ids = tuple(r.id for r in kept)
    return Changes(
        description="Restore coding" if len(ids) == 1 else f"Restore {len(ids)} codings",
        codings=frozenset(ids),
        codes=frozenset(r.code_id for r in kept),
        documents=frozenset(r.document_id for r in kept),
        messages=messages,
        inverse=partial(remove_codings, coding_ids=ids, undoing=True),
    )


def set_coding_memo(session: Session, *, coding_id: int, memo: str) -> Changes:
    coding = session.get(Coding, coding_id)
    if coding is None:
        raise InputError(f"no coding with id {coding_id}")
    old = coding.memo
    coding.memo = memo
    session.flush()
    return Changes(
        description="Edit coding memo",
        codings=frozenset({coding_id}),
        inverse=partial(restore_coding_memo, coding_id=coding_id, memo=old, left_memo=memo),
    )


def restore_coding_memo(session: Session, *, coding_id: int, memo: str,
                        left_memo: str) -> Changes:
    """Undo (or redo) a memo edit: put ``memo`` back while the coding still has the memo the
    edit left (``left_memo``); refused when the coding or that memo was changed meanwhile."""
    coding = session.get(Coding, coding_id)
    if coding is None:
        raise coding_gone(session)
    if coding.memo != left_memo:
        raise memo_changed(session)
    return set_coding_memo(session, coding_id=coding_id, memo=memo)

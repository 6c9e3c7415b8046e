"""Document attributes: typed definitions (role, city, years...) and each document's values.

One generic op, :func:`put_attribute_state`, does every change (define, set, clear, drop) and is
its own inverse; the named ops build on it. Values are stored canonical: see
:mod:`qcode.importers.attributes_csv` for what each type accepts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from qcode.changes import Changes, combine
from qcode.errors import InputError
from qcode.importers.attributes_csv import AttributeTable, CellError, parse_value
from qcode.models import ATTRIBUTE_TYPES, Attribute, Document, DocumentAttribute

#: (document id, attribute id, canonical value or None for no value)
Value = tuple[int, int, str | None]
MAX_LISTED = 10


@dataclass(frozen=True)
class AttributeRow:
    """An attribute definition as plain data, to recreate it with the same id and uuid."""

    id: int
    uuid: str
    name: str
    type: str
    position: int

    @classmethod
    def of(cls, a: Attribute) -> AttributeRow:
        return cls(a.id, a.uuid, a.name, a.type, a.position)


def _find_by_name(session: Session, name: str) -> Attribute | None:
    return session.scalar(select(Attribute).where(func.lower(Attribute.name) == name.lower()))


def define_attribute(session: Session, *, name: str, type: str) -> Changes:
    """A new attribute; names are unique regardless of case."""
    name = name.strip()
    if not name:
        raise InputError("an attribute needs a name")
    if len(name) > 200:
        raise InputError(f"attribute name too long ({len(name)} characters; at most 200)")
    if type not in ATTRIBUTE_TYPES:
        raise InputError(f"unknown attribute type {type!r} (one of {', '.join(ATTRIBUTE_TYPES)})")
    if (other := _find_by_name(session, name)) is not None:
        raise InputError(f"attribute {other.name!r} already exists")
    position = session.scalar(select(func.coalesce(func.max(Attribute.position) + 1, 0)))
    attribute = Attribute(name=name, type=type, position=position)
    session.add(attribute)
    session.flush()
    return Changes(
        description=f"Define attribute {name}",
        attributes=frozenset({attribute.id}),
        inverse=partial(put_attribute_state, drop=(attribute.id,),
                        description=f"Remove attribute {name}"),
    )


def remove_attribute(session: Session, *, attribute_id: int) -> Changes:
    """Drop an attribute with all its values (undo brings both back)."""
    attribute = _get_attribute(session, attribute_id)
    return put_attribute_state(session, drop=(attribute_id,),
                               description=f"Remove attribute {attribute.name}")


def set_attribute_value(session: Session, *, document_id: int, attribute_id: int,
                        value: str | None) -> Changes:
    """Set (or with None or blank, clear) one document's value, checked against the type."""
    attribute = _get_attribute(session, attribute_id)
    document = session.get(Document, document_id)
    if document is None:
        raise InputError(f"no document with id {document_id}")
    canonical = None
    if value is not None and value.strip():
        try:
            canonical = parse_value(value, attribute.type)
        except ValueError as exc:
            raise InputError(f"{attribute.name} ({attribute.type}): {exc}") from None
    return put_attribute_state(session, values=((document_id, attribute_id, canonical),),
                               description=f"Set {attribute.name} of {document.name}")


def _get_attribute(session: Session, attribute_id: int) -> Attribute:
    attribute = session.get(Attribute, attribute_id)
    if attribute is None:
        raise InputError(f"no attribute with id {attribute_id}")
    return attribute


def current_values(session: Session, attribute_ids: Sequence[int]) -> dict[tuple[int, int], str]:
    """(document id, attribute id) -> value, for the given attributes."""
    rows = session.execute(
        select(DocumentAttribute.document_id, DocumentAttribute.attribute_id,
               DocumentAttribute.value)
        .where(DocumentAttribute.attribute_id.in_(attribute_ids))
    ).all()
    return {(r[0], r[1]): r[2] for r in rows}


def put_attribute_state(session: Session, *, define: Sequence[AttributeRow] = (),
                        values: Sequence[Value] = (), drop: Sequence[int] = (),
                        description: str = "Change attributes") -> Changes:
    """Define attributes (exact rows), then set or clear values, then drop attributes.

    The inverse is the same op over what was there before, so undo and redo are exact.
    """
    session.flush()
    values = tuple(values)
    dropped = tuple(AttributeRow.of(a) for a in session.scalars(
        select(Attribute).where(Attribute.id.in_(drop)).order_by(Attribute.id)))
    if len(dropped) != len(set(drop)):
        raise InputError(f"no attribute with id {sorted(set(drop) - {a.id for a in dropped})[0]}")
    before = current_values(session, sorted({a for _, a, _ in values}))
    old_values = tuple((d, a, before.get((d, a))) for d, a, _ in values)
    dropped_values = tuple((d, a, v) for (d, a), v in current_values(session, drop).items())
    if define:
        session.execute(insert(Attribute), [vars(r) for r in define])
    _write_values(session, values)
    if drop:
        session.execute(delete(DocumentAttribute).where(DocumentAttribute.attribute_id.in_(drop)))
        session.execute(delete(Attribute).where(Attribute.id.in_(drop)))
    session.flush()
    return Changes(
        description=description,
        attributes=frozenset({r.id for r in define} | {a for _, a, _ in values} | set(drop)),
        documents=frozenset(d for d, _, _ in values + dropped_values),
        inverse=partial(put_attribute_state, define=dropped,
                        values=old_values + dropped_values,
                        drop=tuple(r.id for r in define), description=description),
    )


def _write_values(session: Session, values: Sequence[Value]) -> None:
    by_attribute: dict[int, list[int]] = {}
    for document_id, attribute_id, _ in values:
        by_attribute.setdefault(attribute_id, []).append(document_id)
    for attribute_id, document_ids in by_attribute.items():
        session.execute(delete(DocumentAttribute).where(
            DocumentAttribute.attribute_id == attribute_id,
            DocumentAttribute.document_id.in_(document_ids)))
    final = {(d, a): v for d, a, v in values}  # the last value given for a pair wins
    rows = [dict(document_id=d, attribute_id=a, value=v) for (d, a), v in final.items()
            if v is not None]
    if rows:
        session.execute(insert(DocumentAttribute), rows)


def apply_attribute_table(session: Session, *, table: AttributeTable) -> Changes:
    """Apply a table read from CSV: all of it, or (on any problem) nothing.

    Attributes missing from the project are defined with the inferred type. An attribute that
    exists keeps its type; the column's values are converted to it when they can be (numbers and
    dates to text or choice, text that reads as numbers to number...), else the table is refused.
    The table speaks for the documents and attributes it lists: an empty cell clears a value.
    Documents not in the table keep their values.
    """
    document_ids = _document_ids(session, table)
    planned = []
    for column in table.columns:
        existing = _find_by_name(session, column.name)
        type_ = existing.type if existing is not None else column.type
        try:
            cells = column.values_as(type_)
        except CellError as exc:
            what = "is" if existing is None else "is already"
            raise InputError(f"attribute {column.name!r} {what} of type {type_}, but line "
                             f"{table.lines[exc.row]} cannot be one: {exc.reason}",
                             path=table.source) from None
        planned.append((column.name, type_, existing, cells))
    description = f"Import attributes from {table.source.name}"
    parts: list[Changes] = []
    values: list[Value] = []
    for name, type_, existing, cells in planned:
        if existing is None:
            defined = define_attribute(session, name=name, type=type_)
            parts.append(defined)
            attribute_id = next(iter(defined.attributes))
        else:
            attribute_id = existing.id
        values.extend((d, attribute_id, v) for d, v in zip(document_ids, cells, strict=True))
    before = current_values(session, sorted({a for _, a, _ in values}))
    values = [(d, a, v) for d, a, v in values if before.get((d, a)) != v]
    parts.append(put_attribute_state(session, values=values, description=description))
    return combine(description, parts)


def _document_ids(session: Session, table: AttributeTable) -> list[int]:
    """Project document ids for the table's rows, by name (else by original file name)."""
    rows = session.execute(select(Document.id, Document.name, Document.original_filename)).all()
    by_name = {r.name: r.id for r in rows}
    by_file: dict[str, list[int]] = {}
    for r in rows:
        by_file.setdefault(r.original_filename, []).append(r.id)
    ids: list[int] = []
    unknown: list[str] = []
    for name in table.documents:
        if name in by_name:
            ids.append(by_name[name])
        elif len(by_file.get(name, ())) == 1:
            ids.append(by_file[name][0])
        else:
            unknown.append(name)
    if unknown:
        listed = ", ".join(repr(n) for n in unknown[:MAX_LISTED])
        more = f" and {len(unknown) - MAX_LISTED} more" if len(unknown) > MAX_LISTED else ""
        raise InputError(f"{len(unknown)} document{'s' * (len(unknown) != 1)} not in the project: "
                         f"{listed}{more}; nothing was imported", path=table.source)
    if len(set(ids)) != len(ids):
        raise InputError("two rows name the same document (once by name, once by file name)",
                         path=table.source)
    return ids

"""Which codings and documents an analysis counts: filters checked against the project.

Coder names become coder ids; ``ATTRIBUTE=VALUE`` filters become SQL conditions on a document id
(AND across attributes, OR among the values of one attribute). Unknown names are refused with
one clear message rather than silently giving an empty table.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, select, true
from sqlalchemy.orm import Session

from qcode.analysis.options import Filters
from qcode.errors import InputError, NotFound
from qcode.models import Attribute, Coder, Coding, DocumentAttribute

MAX_LISTED = 8


@dataclass(frozen=True)
class AttributeRef:
    id: int
    name: str
    type: str


@dataclass(frozen=True)
class Scope:
    """Resolved filters: coder ids (None = every coder) and (attribute id, values) conditions."""

    coder_ids: tuple[int, ...] | None
    document_conditions: tuple[tuple[int, tuple[str, ...]], ...]

    def documents(self, document_id: ColumnElement) -> ColumnElement[bool]:
        """True for a document that passes the attribute filters."""
        conditions = [
            document_id.in_(select(DocumentAttribute.document_id).where(
                DocumentAttribute.attribute_id == attribute_id,
                DocumentAttribute.value.in_(values)))
            for attribute_id, values in self.document_conditions
        ]
        return and_(true(), *conditions) if conditions else true()

    def codings(self, coding: type[Coding] | object = Coding) -> ColumnElement[bool]:
        """True for a coding that counts: by a chosen coder, in a chosen document."""
        conditions = []
        if self.coder_ids is not None:
            conditions.append(coding.coder_id.in_(self.coder_ids))  # type: ignore[attr-defined]
        if self.document_conditions:
            conditions.append(self.documents(coding.document_id))  # type: ignore[attr-defined]
        return and_(true(), *conditions) if conditions else true()


def find_attribute(session: Session, name: str) -> AttributeRef:
    """An attribute by name, ignoring case (names are unique regardless of case)."""
    row = session.execute(select(Attribute.id, Attribute.name, Attribute.type)
                          .where(func.lower(Attribute.name) == name.strip().lower())).first()
    if row is None:
        known = session.scalars(select(Attribute.name).order_by(Attribute.position, Attribute.id)
                                .limit(MAX_LISTED)).all()
        hint = f" (attributes: {', '.join(known)})" if known else " (the project has none)"
        raise NotFound(f"no attribute named {name!r}{hint}")
    return AttributeRef(row.id, row.name, row.type)


def _coder_ids(session: Session, names: tuple[str, ...]) -> tuple[int, ...] | None:
    if not names:
        return None
    rows = dict(session.execute(select(Coder.name, Coder.id).where(Coder.name.in_(names))).all())
    for name in names:
        if name not in rows:
            raise NotFound(f"no coder named {name!r}")
    return tuple(sorted(set(rows.values())))


def _check_values(session: Session, attribute: AttributeRef, values: tuple[str, ...]) -> None:
    found = set(session.scalars(select(DocumentAttribute.value).where(
        DocumentAttribute.attribute_id == attribute.id, DocumentAttribute.value.in_(values))))
    for value in values:
        if value not in found:
            known = session.scalars(
                select(DocumentAttribute.value).where(
                    DocumentAttribute.attribute_id == attribute.id)
                .distinct().order_by(DocumentAttribute.value).limit(MAX_LISTED)).all()
            hint = f"; values: {', '.join(known)}" if known else "; no document has a value"
            raise InputError(f"no document has {attribute.name}={value}{hint}")


def resolve(session: Session, filters: Filters) -> Scope:
    """Check the filters against the project and turn them into ids."""
    by_attribute: dict[int, tuple[AttributeRef, list[str]]] = {}
    for name, value in filters.where:
        attribute = find_attribute(session, name)
        values = by_attribute.setdefault(attribute.id, (attribute, []))[1]
        if value not in values:
            values.append(value)
    for attribute, values in by_attribute.values():
        _check_values(session, attribute, tuple(values))
    conditions = tuple((a.id, tuple(v)) for a, v in by_attribute.values())
    return Scope(_coder_ids(session, filters.coders), conditions)


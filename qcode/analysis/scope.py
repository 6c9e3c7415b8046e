"""Which codings and documents an analysis counts: filters checked against the project.

Coder names become coder ids; ``ATTRIBUTE=VALUE`` filters become SQL conditions on a document id
(AND across attributes, OR among the values of one attribute), and comparisons (``years>=10``)
further conditions that must all hold. Unknown names are refused with one clear message rather
than silently giving an empty table, as is a comparison the attribute's type cannot take.

Codings left on an earlier text of their document by a corrected transcript (unplaced,
:mod:`qcode.derived.placed`) never count: :meth:`Scope.codings` leaves them out, with no cost
to a project that has none.

Comparisons: a number attribute's values are compared as numbers (``CAST`` to a float in SQL:
``9 < 10``, ``-2.5 < 1``), a date attribute's as ISO text (``YYYY-MM-DD``, which orders
dates; a date-time ``YYYY-MM-DDTHH:MM:SS``, as a survey's timestamps are, is compared whole,
a date with the date part of each stored value: ``joined<=2022-11-02`` takes that day's),
a text or choice attribute's by ``!=`` only. A document without a value for the attribute
passes no comparison of it.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Float, and_, case, cast, func, select, true
from sqlalchemy.orm import Session

from qcode.analysis.options import ORDERING, Filters
from qcode.derived.placed import has_unplaced_codings, placed_condition
from qcode.errors import InputError, NotFound
from qcode.importers.attributes_csv import parse_number
from qcode.models import Attribute, Coder, Coding, DocumentAttribute

MAX_LISTED = 8

_OPERATIONS: dict[str, Callable[[ColumnElement, object], ColumnElement[bool]]] = {
    "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@dataclass(frozen=True)
class AttributeRef:
    id: int
    name: str
    type: str


@dataclass(frozen=True)
class Comparison:
    """One resolved comparison: ``value`` is a float for a number attribute, else text;
    ``prefix``: compare only that many first characters of the stored value (a date against
    stored date-times), 0 for all."""

    attribute_id: int
    op: str
    value: float | str
    prefix: int = 0

    def documents(self) -> ColumnElement:
        """The ids of the documents whose value passes (a subquery)."""
        stored: ColumnElement = DocumentAttribute.value
        if isinstance(self.value, float):  # CASE: PostgreSQL casts no other attribute's text
            stored = case((DocumentAttribute.attribute_id == self.attribute_id,
                           cast(DocumentAttribute.value, Float)))
        elif self.prefix:
            stored = func.substr(DocumentAttribute.value, 1, self.prefix)
        return select(DocumentAttribute.document_id).where(
            DocumentAttribute.attribute_id == self.attribute_id,
            _OPERATIONS[self.op](stored, self.value))


@dataclass(frozen=True)
class Scope:
    """Resolved filters: coder ids (None = every coder), (attribute id, values) conditions
    (``=``) and comparisons (each must hold); ``unplaced``: the project has codings left on
    an earlier text, which :meth:`codings` leaves out."""

    coder_ids: tuple[int, ...] | None
    document_conditions: tuple[tuple[int, tuple[str, ...]], ...]
    comparisons: tuple[Comparison, ...] = ()
    unplaced: bool = False

    @property
    def filters_documents(self) -> bool:
        """True if some attribute filter leaves documents out."""
        return bool(self.document_conditions or self.comparisons)

    def documents(self, document_id: ColumnElement) -> ColumnElement[bool]:
        """True for a document that passes the attribute filters."""
        conditions = [
            document_id.in_(select(DocumentAttribute.document_id).where(
                DocumentAttribute.attribute_id == attribute_id,
                DocumentAttribute.value.in_(values)))
            for attribute_id, values in self.document_conditions
        ]
        conditions += [document_id.in_(c.documents()) for c in self.comparisons]
        return and_(true(), *conditions) if conditions else true()

    def codings(self, coding: type[Coding] | object = Coding) -> ColumnElement[bool]:
        """True for a coding that counts: by a chosen coder, in a chosen document, on its
        document's current text."""
        conditions = []
        if self.coder_ids is not None:
            conditions.append(coding.coder_id.in_(self.coder_ids))  # type: ignore[attr-defined]
        if self.filters_documents:
            conditions.append(self.documents(coding.document_id))  # type: ignore[attr-defined]
        if self.unplaced:  # last: SQLite tests the terms in order, the cheap ones first
            conditions.append(placed_condition(coding))
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


def _check_values(session: Session, attribute: AttributeRef, values: tuple[str, ...],
                  op: str = "=") -> None:
    found = set(session.scalars(select(DocumentAttribute.value).where(
        DocumentAttribute.attribute_id == attribute.id, DocumentAttribute.value.in_(values))))
    for value in values:
        if value not in found:
            _doubled_equals(attribute, op, value)
            known = session.scalars(select(DocumentAttribute.value).distinct().where(
                DocumentAttribute.attribute_id == attribute.id)).all()
            raise InputError(f"no document has {attribute.name}={value}"
                             f"{_values_hint(attribute, value, known)}")


def _doubled_equals(attribute: AttributeRef, op: str, value: str) -> None:
    """``years==18`` is ``years=18`` typed with one ``=`` too many: say so, rather than that
    no document has the value ``=18``."""
    if value.startswith("=") and value.lstrip("="):
        raise InputError(f"'{attribute.name}{op}{value}': the operator is {op}, not {op}= "
                         f"(write {attribute.name}{op}{value.lstrip('=')})")


def _number_key(value: str) -> tuple[int, float, str]:
    try:
        return 0, float(parse_number(value)), value
    except ValueError:
        return 1, 0.0, value


def _values_hint(attribute: AttributeRef, typed: str, known: list[str]) -> str:
    """The attribute's values, at most MAX_LISTED: a number attribute's in numeric order, the
    ones nearest a typed number; "(and N more)" when some are left out."""
    if not known:
        return "; no document has a value"
    if attribute.type != "number":
        shown, label = sorted(known)[:MAX_LISTED], "values"
    else:
        ordered = sorted(known, key=_number_key)
        start = 0
        if _number_key(typed)[0] == 0:  # a number: the values either side of it
            at = bisect.bisect_left(ordered, _number_key(typed), key=_number_key)
            start = max(0, min(at - MAX_LISTED // 2, len(ordered) - MAX_LISTED))
        shown = ordered[start:start + MAX_LISTED]
        label = "values" if start == 0 else f"values nearest {typed}"
    more = f" (and {len(known) - len(shown)} more)" if len(known) > len(shown) else ""
    return f"; {label}: {', '.join(shown)}{more}"


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
    comparisons = tuple(_comparison(session, name, op, value)
                        for name, op, value in filters.compare)
    return Scope(_coder_ids(session, filters.coders), conditions, comparisons,
                 has_unplaced_codings(session))


def _comparison(session: Session, name: str, op: str, value: str) -> Comparison:
    """A comparison checked against the attribute's type (one line naming the filter if not)."""
    attribute = find_attribute(session, name)
    typed = f"{attribute.name}{op}{value}"
    if attribute.type in ("number", "date"):
        _doubled_equals(attribute, op, value)
    if attribute.type == "number":
        try:
            return Comparison(attribute.id, op, float(parse_number(value)))
        except ValueError:
            raise InputError(f"{typed}: {attribute.name} holds numbers and {value!r} is not "
                             "a number") from None
    if attribute.type == "date":
        if _is_iso_date(value):
            return Comparison(attribute.id, op, value, prefix=len(value))
        if not _is_iso_date_time(value):
            raise InputError(f"{typed}: {attribute.name} holds dates; write the date as "
                             "YYYY-MM-DD (or a date-time as YYYY-MM-DDTHH:MM:SS)")
        return Comparison(attribute.id, op, value)
    if op in ORDERING:
        raise InputError(f"{typed}: {attribute.name} holds {attribute.type}, which has no "
                         "order: use = or != (< <= > >= compare numbers and dates)")
    _check_values(session, attribute, (value,), op)
    return Comparison(attribute.id, op, value)


def _is_iso_date(value: str) -> bool:
    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _is_iso_date_time(value: str) -> bool:
    """``YYYY-MM-DDTHH:MM:SS`` exactly (no zone, no fraction): ordered as text like the
    date-times a survey import stores."""
    try:
        return datetime.fromisoformat(value).isoformat() == value and len(value) == 19
    except ValueError:
        return False


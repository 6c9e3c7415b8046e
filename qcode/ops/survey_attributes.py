"""A survey's closed answers as document attributes (for :func:`qcode.ops.survey.import_survey`).

A column new to the project defines an attribute of the column's type (integers and numbers
as number, dates as date, else text). A column whose attribute exists keeps that attribute's
type; its answers are converted to it, and a cell that cannot be is refused with its row, as
an attributes CSV is (:func:`qcode.ops.attributes.apply_attribute_table`). The file speaks for
its respondents and columns: a value that differs is set, an empty cell clears one.

Every cell is converted (:func:`plan_columns`) before anything is written. The values of the
respondents added now go in with their documents (:mod:`qcode.ops.survey_bulk`); those of
respondents already here through :func:`qcode.ops.attributes.put_attribute_state`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.errors import InputError
from qcode.importers.attributes_csv import AttributeColumn, CellError
from qcode.importers.survey_columns import ATTRIBUTE_TYPE
from qcode.models import Attribute
from qcode.ops.attributes import Value, current_values, define_attribute, put_attribute_state

#: the attribute that marks survey documents, and its value
SOURCE = "source"
SURVEY = "survey"
#: values per write: each names at most this many documents per attribute (SQLite's limit on
#: a statement's parameters is 32,766)
_CHUNK = 10_000


@dataclass(frozen=True)
class ColumnValues:
    """A closed column: its name, type as read (integer, number, date, text), every cell."""

    name: str
    type: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class PlannedColumn:
    """A closed column ready to write: its attribute's type and id (None: not defined yet),
    and each row's canonical value (None: no value)."""

    column: ColumnValues
    type: str
    attribute_id: int | None
    values: tuple[str | None, ...]
    defined_now: bool = False


def plan_columns(session: Session, columns: Sequence[ColumnValues], source: Path,
                 lines: Sequence[int]) -> list[PlannedColumn]:
    """Every column's values converted to its attribute's type; InputError (nothing written)
    naming the row of a cell that does not fit an attribute already there."""
    planned = []
    for column in columns:
        existing = session.execute(select(Attribute.id, Attribute.type).where(
            func.lower(Attribute.name) == column.name.lower())).first()
        type_ = existing.type if existing is not None else ATTRIBUTE_TYPE[column.type]
        try:
            values = _canonical(column, type_)
        except CellError as exc:
            raise InputError(f"attribute {column.name!r} is already of type {type_}, but row "
                             f"{lines[exc.row]} cannot be one: {exc.reason}; nothing was "
                             "imported", path=source) from None
        planned.append(PlannedColumn(column, type_, None if existing is None else existing.id,
                                     tuple(values)))
    return planned


def _canonical(column: ColumnValues, type_: str) -> list[str | None]:
    """The cells as canonical values of ``type_``: the column's own type's are read directly
    (cells are stripped, an ISO date is canonical, an integer is ``str(int())``), any other
    through :meth:`AttributeColumn.values_as`, which checks and converts each."""
    if type_ in ("text", "choice") or (type_ == "date" and column.type == "date"):
        return [cell or None for cell in column.cells]
    if type_ == "number" and column.type == "integer":
        return [str(int(cell)) if cell else None for cell in column.cells]
    return AttributeColumn(column.name, type_, column.cells).values_as(type_)


def define_columns(session: Session, planned: Sequence[PlannedColumn]
                   ) -> tuple[list[Changes], list[PlannedColumn]]:
    """Define the attributes not in the project yet; (their changes, the columns with ids)."""
    parts: list[Changes] = []
    out = []
    for column in planned:
        if column.attribute_id is None:
            defined = define_attribute(session, name=column.column.name, type=column.type)
            parts.append(defined)
            column = replace(column, attribute_id=next(iter(defined.attributes)),
                             defined_now=True)
        out.append(column)
    return parts, out


def row_values(planned: Sequence[PlannedColumn], row: int) -> list[tuple[int, str]]:
    """(attribute id, value) of one row's non-empty closed answers."""
    return [(c.attribute_id, v) for c in planned  # type: ignore[misc]
            if (v := c.values[row]) is not None]


def update_values(session: Session, planned: Sequence[PlannedColumn],
                  rows: Sequence[tuple[int, int]], description: str
                  ) -> tuple[list[Changes], int]:
    """Set the values of documents already here (``rows``: (document id, row)) where they
    differ from the file's; (the changes, how many values changed)."""
    values: list[Value] = [(doc_id, c.attribute_id, c.values[row])  # type: ignore[misc]
                           for c in planned for doc_id, row in rows]
    before = current_values(session, sorted({a for _, a, _ in values}))
    changed = [(d, a, v) for d, a, v in values if before.get((d, a)) != v]
    parts = [put_attribute_state(session, values=changed[first:first + _CHUNK],
                                 description=description)
             for first in range(0, len(changed), _CHUNK)]
    return parts, len(changed)

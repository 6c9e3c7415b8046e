"""A survey's closed answers as document attributes (for :func:`qcode.ops.survey.import_survey`).

A column new to the project defines an attribute of the column's type (integers and numbers
as number, dates as date, else text). A column whose attribute exists keeps that attribute's
type; its answers are converted to it, and a cell that cannot be is refused with its row, as
an attributes CSV is (:func:`qcode.ops.attributes.apply_attribute_table`). The file speaks for
its respondents and columns: a value that differs is set, an empty cell clears one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.changes import Changes, combine
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
class WrittenAttributes:
    changes: Changes
    #: column name -> the type of its attribute in the project
    types: dict[str, str]
    defined: tuple[str, ...]
    #: values given to respondents added now, and values of those already here that changed
    values_set: int
    values_changed: int


def write_attributes(session: Session, *, document_ids: Sequence[int],
                     columns: Sequence[ColumnValues], new: frozenset[int], source: Path,
                     lines: Sequence[int]) -> WrittenAttributes:
    """Set every column's values on the documents (``document_ids``: one per row);
    ``new`` are the documents added by this import, ``lines`` the rows' numbers in the file."""
    planned = [_converted(session, column, source, lines) for column in columns]
    parts: list[Changes] = []
    defined: list[str] = []
    values: list[Value] = []
    for column, type_, existing, cells in planned:
        if existing is None:
            defined_changes = define_attribute(session, name=column.name, type=type_)
            parts.append(defined_changes)
            defined.append(column.name)
            attribute_id = next(iter(defined_changes.attributes))
        else:
            attribute_id = existing
        values.extend((d, attribute_id, v) for d, v in zip(document_ids, cells, strict=True))
    before = current_values(session, sorted({a for _, a, _ in values}))
    changed = [(d, a, v) for d, a, v in values if before.get((d, a)) != v]
    description = f"Set the closed answers of {source.name}"
    for first in range(0, len(changed), _CHUNK):
        parts.append(put_attribute_state(session, values=changed[first:first + _CHUNK],
                                         description=description))
    values_set = sum(1 for d, _, v in changed if d in new and v is not None)
    return WrittenAttributes(
        changes=combine(description, parts),
        types={column.name: type_ for column, type_, _, _ in planned},
        defined=tuple(defined),
        values_set=values_set,
        values_changed=sum(1 for d, _, _ in changed if d not in new),
    )


def _converted(session: Session, column: ColumnValues, source: Path, lines: Sequence[int]
               ) -> tuple[ColumnValues, str, int | None, list[str | None]]:
    """(column, attribute type, existing attribute id or None, canonical values)."""
    existing = session.execute(select(Attribute.id, Attribute.type).where(
        func.lower(Attribute.name) == column.name.lower())).first()
    type_ = existing.type if existing is not None else ATTRIBUTE_TYPE[column.type]
    try:
        cells = AttributeColumn(column.name, type_, column.cells).values_as(type_)
    except CellError as exc:
        raise InputError(f"attribute {column.name!r} is already of type {type_}, but row "
                         f"{lines[exc.row]} cannot be one: {exc.reason}; nothing was imported",
                         path=source) from None
    return column, type_, None if existing is None else existing.id, cells

"""What a survey's columns are: their type, and which hold open answers.

Types (of a column's non-empty answers): ``integer`` when all are whole numbers (``12``,
``-3``; no leading zeros, which mark codes such as ``007``), ``number`` when all are decimal
numbers (``3.5``, ``1e3``), ``date`` when all are ISO dates (``2024-05-01``) or date-times
(``2022-11-02T13:45:00``, as an XLSX date-time cell such as a form's "Timestamp" reads; ISO
text, so they still order as text, mixed with dates or not), else ``text``.
Integers and numbers become number attributes (an integer shows as ``12`` in ``qcode docs
--json``), dates date attributes, text text attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from qcode.importers.survey_table import SurveyTable

Role = Literal["id", "open", "closed"]
ColumnType = Literal["integer", "number", "date", "text"]
ROLES: tuple[Role, ...] = ("id", "open", "closed")
#: the attribute type each column type becomes
ATTRIBUTE_TYPE = {"integer": "number", "number": "number", "date": "date", "text": "text"}

#: free text: answers of at least this many words on average ...
OPEN_MIN_WORDS = 3
#: ... of which at least this share are distinct (a category, however long, repeats)
OPEN_MIN_DISTINCT_SHARE = 0.5

_INTEGER = re.compile(r"[+-]?(?:0|[1-9]\d*)")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_LEADING_ZERO = re.compile(r"[+-]?0\d")
_ISO_DATE = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
                       r"(?:T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d)?")


def column_type(values: Iterable[str]) -> ColumnType:
    """The type of a column from its answers (empty ones are no answer); see the module doc."""
    filled = [v for v in values if v]
    if not filled:
        return "text"
    if all(_INTEGER.fullmatch(v) for v in filled):
        return "integer"
    if all(_NUMBER.fullmatch(v) and not _LEADING_ZERO.match(v) for v in filled) \
            and all(_finite(v) for v in filled):
        return "number"
    if all(_ISO_DATE.fullmatch(v) for v in filled) and all(_real_date(v) for v in filled):
        return "date"
    return "text"


def _finite(value: str) -> bool:
    number = float(value)
    return number == number and number not in (float("inf"), float("-inf"))


def _real_date(value: str) -> bool:
    from datetime import datetime

    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_free_text(values: Iterable[str]) -> bool:
    """Whether a column's answers read as free text, the rule that proposes a column as open:
    its non-empty answers are text (not numbers or dates), OPEN_MIN_WORDS words long or more
    on average, and at least half of them distinct (OPEN_MIN_DISTINCT_SHARE). So "Ministry of
    Local Government", given by many respondents, stays closed, and comments open."""
    filled = [v for v in values if v]
    if not filled or column_type(filled) != "text":
        return False
    words = sum(len(v.split()) for v in filled) / len(filled)
    return words >= OPEN_MIN_WORDS and len(set(filled)) >= OPEN_MIN_DISTINCT_SHARE * len(filled)


def propose_id_column(table: SurveyTable) -> str | None:
    """The first column whose answers are all there and all different (None: no such column),
    to offer as the id before the user chooses one."""
    for index, name in enumerate(table.header):
        cells = [row[index] for row in table.rows]
        if all(cells) and len(set(cells)) == len(cells):
            return name
    return None


def propose_roles(table: SurveyTable, id_column: str) -> dict[str, Role]:
    """Every column's proposed role, in the header's order: ``id`` for ``id_column``, ``open``
    for free text (:func:`is_free_text`), ``closed`` for the rest. InputError when there is no
    column ``id_column``."""
    id_index = table.column(id_column)
    roles: dict[str, Role] = {}
    for index, name in enumerate(table.header):
        if index == id_index:
            roles[name] = "id"
        else:
            roles[name] = "open" if is_free_text(row[index] for row in table.rows) else "closed"
    return roles

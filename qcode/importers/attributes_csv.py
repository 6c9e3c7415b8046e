"""Document attributes from a CSV file: one row per document, one column per attribute.

The first column names the document; every further column is an attribute whose type is
inferred from its non-empty cells (an empty cell is a missing value):

* ``number`` - every value is a plain decimal number: ``12``, ``-3``, ``3.5``, ``1e3``. Thousands
  separators are not accepted (``1,200`` is 1200 in one locale and 1.2 in another): such a column
  stays text. In a semicolon-separated file (Excel in comma-decimal locales) a decimal comma is
  accepted, so ``3,5`` there is 3.5.
* ``date`` - ISO ``YYYY-MM-DD``, or ``DD/MM/YYYY`` (also with dots) when the column settles the
  order: some value only makes sense day-first (31/12/2020). A column that only makes sense
  month-first (12/31/2020) is read month-first. When every value could be either, and the two
  readings give different dates, the column stays text rather than guessing.
* ``choice`` - at most 10 distinct values, and few for the column: no more than 6 distinct
  values per 10 filled cells (a column of names or comments, mostly unique, stays text).
* ``text`` - anything else. Values with leading zeros (``007``) keep the column as text.

Values are stored canonical (see :class:`qcode.models.Attribute`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from qcode.errors import InputError
from qcode.importers.csv_table import CsvTable, read_csv_table

MAX_CHOICES = 10
CHOICE_SHARE_IN_10 = 6
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_LEADING_ZERO = re.compile(r"[+-]?0\d")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SLASH_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def parse_number(raw: str, *, decimal_comma: bool = False) -> str:
    """Canonical number text (``repr`` of int or float); ValueError if ``raw`` is not one."""
    value = raw.strip()
    if decimal_comma and value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    if not _NUMBER.fullmatch(value):
        raise ValueError(f"{raw!r} is not a number")
    if _INTEGER.fullmatch(value):
        return repr(int(value))
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"{raw!r} is not a finite number")
    return repr(number)


def _valid_date(year: int, month: int, day: int, raw: str) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"{raw!r} is not a valid date") from None


def date_order_of(values: list[str]) -> str | None:
    """'dmy' or 'mdy' when some slash date only reads one way (31/12/2020 is day-first), None
    when none settles it; ValueError when some only read day-first and others month-first."""
    day_first = month_first = False
    for value in values:
        if m := _SLASH_DATE.fullmatch(value.strip()):
            first, second = int(m[1]), int(m[2])
            day_first = day_first or (first > 12 >= second)
            month_first = month_first or (second > 12 >= first)
    if day_first and month_first:
        raise ValueError("mixes day-first (31/12/2020) and month-first (12/31/2020) dates")
    return "dmy" if day_first else "mdy" if month_first else None


def parse_date(raw: str, *, order: str | None = None) -> str:
    """ISO ``YYYY-MM-DD`` of ``raw`` (ISO, or a slash date read in ``order``: 'dmy' or 'mdy').

    Without ``order`` a slash date must settle its own order (31/12/2020) or read the same both
    ways (05/05/2020). ValueError if ``raw`` is not a date or is ambiguous.
    """
    value = raw.strip()
    if m := _ISO_DATE.fullmatch(value):
        return _valid_date(int(m[1]), int(m[2]), int(m[3]), raw)
    m = _SLASH_DATE.fullmatch(value)
    if m is None:
        raise ValueError(f"{raw!r} is not a date (write YYYY-MM-DD)")
    first, second, year = int(m[1]), int(m[2]), int(m[3])
    order = order or date_order_of([value])
    if order is None and first != second:
        raise ValueError(f"{raw!r} is ambiguous (day/month or month/day?); "
                         "write dates as YYYY-MM-DD")
    if order == "mdy":
        first, second = second, first
    return _valid_date(year, second, first, raw)


def parse_value(raw: str, type_: str, *, decimal_comma: bool = False,
                date_order: str | None = None) -> str:
    """``raw`` as the canonical text of an attribute of ``type_``; ValueError if it cannot be."""
    if type_ == "number":
        return parse_number(raw, decimal_comma=decimal_comma)
    if type_ == "date":
        return parse_date(raw, order=date_order)
    value = raw.strip()
    if not value:
        raise ValueError("the value is empty")
    return value


def _all_parse(values: list[str], parse: Callable[[str], str]) -> bool:
    try:
        for v in values:
            parse(v)
    except ValueError:
        return False
    return True


def infer_type(values: list[str], *, decimal_comma: bool = False) -> tuple[str, str | None]:
    """(type, date order) of a column from its non-empty values; see the module docstring."""
    if not values:
        return "text", None
    if not any(_LEADING_ZERO.match(v) for v in values) and _all_parse(
            values, lambda v: parse_number(v, decimal_comma=decimal_comma)):
        return "number", None
    try:
        order = date_order_of(values)
    except ValueError:
        order = "mixed"
    if order != "mixed" and _all_parse(values, lambda v: parse_date(v, order=order)):
        return "date", order
    distinct = len(set(values))
    if distinct <= MAX_CHOICES and distinct * 10 <= len(values) * CHOICE_SHARE_IN_10:
        return "choice", None
    return "text", None


@dataclass(frozen=True)
class AttributeColumn:
    """One attribute column: its name, inferred type and raw cells (``""`` = missing)."""

    name: str
    type: str
    cells: tuple[str, ...]
    decimal_comma: bool = False
    date_order: str | None = None

    def values_as(self, type_: str) -> list[str | None]:
        """The cells as canonical values of ``type_`` (None = missing); CellError if one cannot
        be (a date column that mixes day-first and month-first dates fails at its first cell)."""
        order = self.date_order
        filled = [i for i, raw in enumerate(self.cells) if raw]
        if type_ == "date" and order is None and filled:
            try:
                order = date_order_of([self.cells[i] for i in filled])
            except ValueError as exc:
                raise CellError(filled[0], str(exc)) from None
        out: list[str | None] = [None] * len(self.cells)
        for i in filled:
            try:
                out[i] = parse_value(self.cells[i], type_, decimal_comma=self.decimal_comma,
                                     date_order=order)
            except ValueError as exc:
                raise CellError(i, str(exc)) from None
        return out


class CellError(ValueError):
    """A cell that cannot be a value of the wanted type: its row index and the reason."""

    def __init__(self, row: int, reason: str) -> None:
        super().__init__(reason)
        self.row = row
        self.reason = reason


@dataclass(frozen=True)
class AttributeTable:
    """Attribute values read from a CSV (plain data): documents by name, with their lines."""

    source: Path
    documents: tuple[str, ...]
    lines: tuple[int, ...]
    columns: tuple[AttributeColumn, ...]

    @property
    def value_count(self) -> int:
        """Non-empty cells: the values an import sets."""
        return sum(1 for c in self.columns for v in c.cells if v)


def read_attribute_csv(path: str | Path) -> AttributeTable:
    """Read an attribute table; refuse unnamed or repeated columns and repeated documents."""
    table = read_csv_table(path)
    names = _attribute_names(table)
    if not names:
        raise InputError("no attribute columns: the first column names the document, the "
                         "others are attributes", path=table.path)
    documents: list[str] = []
    lines: list[int] = []
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        _check_row(table, line, cells, seen)
        seen[cells[0]] = line
        documents.append(cells[0])
        lines.append(line)
    if not documents:
        raise InputError("the file has a header but no documents", path=table.path)
    decimal_comma = table.delimiter == ";"
    columns = []
    for index, name in names:
        cells = tuple(cells[index] if index < len(cells) else "" for _, cells in table.rows)
        type_, order = infer_type([c for c in cells if c], decimal_comma=decimal_comma)
        columns.append(AttributeColumn(name, type_, cells, decimal_comma, order))
    return AttributeTable(table.path, tuple(documents), tuple(lines), tuple(columns))


def _attribute_names(table: CsvTable) -> list[tuple[int, str]]:
    """(column index, name) of every attribute column; unnamed empty columns are passed over."""
    names: list[tuple[int, str]] = []
    seen: set[str] = set()
    for index, name in enumerate(table.header[1:], start=1):
        if not name:
            if any(index < len(cells) and cells[index] for _, cells in table.rows):
                raise InputError(f"column {index + 1} has values but no name in the header",
                                 path=table.path)
            continue
        if name.casefold() in seen:
            raise InputError(f"column {name!r} appears twice in the header", path=table.path)
        seen.add(name.casefold())
        names.append((index, name))
    return names


def _check_row(table: CsvTable, line: int, cells: tuple[str, ...], seen: dict[str, int]) -> None:
    if any(cells[len(table.header):]):
        raise InputError(f"line {line} has more cells than the header", path=table.path)
    if not cells[0]:
        raise InputError(f"line {line} has values but no document name", path=table.path)
    if cells[0] in seen:
        raise InputError(f"document {cells[0]!r} appears twice (lines {seen[cells[0]]} and "
                         f"{line})", path=table.path)

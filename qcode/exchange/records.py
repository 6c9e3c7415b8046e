"""The plain records a REFI-QDA project (.qdpx) or codebook (.qdc) is read into.

The reader (:mod:`qcode.exchange.qde_read`) streams the project XML and yields these records
in the file's order: users, codes (parents before children), variables, cases, sources (each
with its selections, already holding its text), notes, then the project's own facts last,
with a :class:`Skipped` wherever the file holds something qcode does not keep. The loader
(:mod:`qcode.exchange.load`) writes them into a project. No record holds an ORM object and
none is bigger than one source, so a 1,000,000-coding file never sits in memory whole.

GUIDs are kept as the file spells them apart from braces, and compared in lower case
(:func:`guid_key`); positions in :class:`Selection` are as the file wrote them (the loader
decides per source what they count, see :mod:`qcode.exchange.positions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

#: REFI-QDA's ``typeOfVariable`` values.
VARIABLE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")

Value = str | int | float | bool | date | datetime | None


def guid_key(guid: str) -> str:
    """A GUID as qcode compares and stores it: lower case, without braces."""
    return guid.strip().strip("{}").lower()


#: times before this are no times (.NET's DateTime.MinValue, 0001-01-01, stands for "none"):
#: qcode keeps a creation time as seconds since 1970
_EARLIEST = datetime(1970, 1, 1)


def utc_time(value: datetime | None) -> datetime | None:
    """A time the file gives, as qcode keeps times (naive UTC): one without an offset is taken
    as UTC; None for none, one before 1970, or one whose offset moves it out of the range of
    times (9999-12-31T23:30:00-01:00)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        try:
            value = value.astimezone(UTC).replace(tzinfo=None)
        except (OverflowError, ValueError):
            return None
    return value if value >= _EARLIEST else None


@dataclass(frozen=True)
class User:
    guid: str
    name: str


@dataclass(frozen=True)
class Code:
    """One node of the codebook; ``parent_guid`` is None at the top level."""

    guid: str
    name: str
    parent_guid: str | None = None
    colour: str | None = None  # "#rrggbb" in lower case, None when the file gives none
    description: str = ""
    note_guids: tuple[str, ...] = ()
    is_codable: bool = True


@dataclass(frozen=True)
class Variable:
    guid: str
    name: str
    type: str  # one of VARIABLE_TYPES
    description: str = ""


@dataclass(frozen=True)
class VariableValue:
    """A value typed by the element that held it (IntegerValue -> int, DateValue -> date ...);
    None when the element was empty or missing."""

    variable_guid: str
    value: Value


@dataclass(frozen=True)
class Case:
    guid: str
    name: str
    values: tuple[VariableValue, ...] = ()
    source_guids: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Coding:
    """One code applied to a selection (a ``Coding`` with its ``CodeRef``)."""

    guid: str
    code_guid: str
    user_guid: str | None = None
    created: datetime | None = None
    note_guids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Selection:
    """A ``PlainTextSelection``: [start, end) as the file counts them, and its codings."""

    guid: str
    start: int
    end: int
    codings: tuple[Coding, ...] = ()
    user_guid: str | None = None
    created: datetime | None = None
    note_guids: tuple[str, ...] = ()
    name: str = ""
    description: str = ""


@dataclass(frozen=True)
class Source:
    """A text source (or a PDF source's text representation) with its text as read.

    ``raw_text`` is the decoded text exactly as the file holds it: a byte-order mark and CRLF
    line ends are kept, because what the selections count may include them. ``text_from`` says
    in a few words where the text came from ("sources/ab12.txt", "PlainTextContent",
    "sources/ab12.docx (the .txt was empty)", "the PDF's text representation").
    """

    guid: str
    name: str
    raw_text: str
    text_from: str
    selections: tuple[Selection, ...] = ()
    note_guids: tuple[str, ...] = ()
    values: tuple[VariableValue, ...] = ()
    description: str = ""
    user_guid: str | None = None
    created: datetime | None = None
    kind: str = "text"  # "text" or "pdf"
    origin: str = ""  # the project's ``origin``: the tool that wrote the file


@dataclass(frozen=True)
class Note:
    """A ``Note`` (a text source used as a memo) with its text."""

    guid: str
    name: str
    text: str
    user_guid: str | None = None
    created: datetime | None = None


@dataclass(frozen=True)
class Skipped:
    """Something in the file qcode does not keep, and why: shown in the import summary."""

    what: str  # e.g. "set 'Experts'", "picture source 'map.png'", "selection 7f3a... in 'E07'"
    reason: str


@dataclass(frozen=True)
class ProjectFacts:
    """The project element's own facts; yielded last (its notes follow the sources)."""

    name: str
    origin: str = ""
    description: str = ""
    note_guids: tuple[str, ...] = ()
    created: datetime | None = None
    #: the Project element's ``creatingUserGUID``: the coder of codings that name no user
    creating_user_guid: str | None = None


Record = User | Code | Variable | Case | Source | Note | Skipped | ProjectFacts

"""What a user asks of an analysis: measure, columns, roll-up, filters. Plain frozen data.

The options are parsed from what a user types (``attribute:role``, ``role=IT director``) and
validated against the project when the analysis runs (:mod:`qcode.analysis.scope`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from qcode.errors import InputError

Measure = Literal["segments", "documents", "characters", "words", "coverage"]
MEASURES: tuple[Measure, ...] = ("segments", "documents", "characters", "words", "coverage")

ColumnKind = Literal["documents", "attribute", "speakers"]
Percent = Literal["row", "column"]

CooccurrenceMode = Literal["overlap", "turn", "near"]
CooccurrenceMeasure = Literal["segments", "documents"]


#: Comparison operators of ``--where``, two-character ones first (``years>=10`` is ``>=``).
OPERATORS: tuple[str, ...] = ("<=", ">=", "!=", "<", ">", "=")
#: The operators that order values: numbers and dates only.
ORDERING: tuple[str, ...] = ("<", "<=", ">", ">=")

#: A filter as :func:`parse_where` gives it: ``(name, value)`` for ``=``, else
#: ``(name, operator, value)``.
Condition = tuple[str, str] | tuple[str, str, str]


@dataclass(frozen=True)
class Filters:
    """Which codings count.

    ``coders``: coder names; empty means every coder. ``where``: (attribute, value) pairs a
    document must match: AND across attributes, OR among values of the same attribute. Values
    are compared with the stored canonical text; attribute names ignore case. ``compare``:
    (attribute, operator, value) triples (``!=``, ``<``, ``<=``, ``>``, ``>=``), each of which
    a document must pass as well (AND): numbers compared as numbers, dates as ISO text, text
    by ``!=`` only; a document without a value passes none.

    ``where`` also takes what :func:`parse_where` returns, triples included: a triple is moved
    to ``compare`` (an ``=`` triple becomes a pair), so ``Filters(where=tuple(parse_where(w)
    for w in specs))`` gives every operator. After construction ``where`` holds pairs only.
    """

    coders: tuple[str, ...] = ()
    where: tuple[Condition, ...] = ()
    compare: tuple[tuple[str, str, str], ...] = ()

    def __post_init__(self) -> None:
        equal: list[tuple[str, str]] = []
        ordered: list[tuple[str, str, str]] = []
        for item in (*self.where, *self.compare):
            if len(item) == 2:
                equal.append((item[0], item[1]))
                continue
            name, op, value = item  # type: ignore[misc]
            if op not in OPERATORS:
                raise InputError(f"unknown comparison {op!r} (one of {' '.join(OPERATORS)})")
            if op == "=":
                equal.append((name, value))
            else:
                ordered.append((name, op, value))
        object.__setattr__(self, "where", tuple(equal))
        object.__setattr__(self, "compare", tuple(ordered))

    @property
    def specs(self) -> tuple[str, ...]:
        """The attribute filters as typed: ``role=IT director``, ``years>=10``."""
        return (*(f"{n}={v}" for n, v in self.where),  # type: ignore[misc]
                *(f"{n}{op}{v}" for n, op, v in self.compare))


@dataclass(frozen=True)
class MatrixOptions:
    """A theme matrix: code rows by ``columns`` (documents, one attribute's values, speakers)."""

    measure: Measure = "segments"
    columns: ColumnKind = "documents"
    attribute: str | None = None  # the attribute whose values are the columns
    rollup: bool = False
    filters: Filters = Filters()
    totals: bool = True
    percent: Percent | None = None

    def __post_init__(self) -> None:
        if self.measure not in MEASURES:
            raise InputError(f"unknown measure {self.measure!r} (one of {', '.join(MEASURES)})")
        if self.columns not in ("documents", "attribute", "speakers"):
            raise InputError(f"unknown column kind {self.columns!r}")
        if self.columns == "attribute" and not self.attribute:
            raise InputError("attribute columns need an attribute name (attribute:NAME)")
        if self.percent not in (None, "row", "column"):
            raise InputError(f"unknown percentage {self.percent!r} (row or column)")
        if self.percent is not None and self.measure == "coverage":
            raise InputError("coverage is already a percentage; row or column percentages "
                             "apply to segments, documents, characters and words")

    @property
    def columns_spec(self) -> str:
        """The column kind as typed on the command line: ``attribute:role``."""
        return f"attribute:{self.attribute}" if self.columns == "attribute" else self.columns


@dataclass(frozen=True)
class CooccurrenceOptions:
    """Code x code: pairs of codings of different codes in the same document."""

    mode: CooccurrenceMode = "overlap"
    distance: int = 0  # for mode "near": at most this many characters between the spans
    measure: CooccurrenceMeasure = "segments"
    filters: Filters = Filters()

    def __post_init__(self) -> None:
        if self.mode not in ("overlap", "turn", "near"):
            raise InputError(f"unknown co-occurrence mode {self.mode!r} (overlap, turn, near:N)")
        if self.measure not in ("segments", "documents"):
            raise InputError(f"co-occurrence counts segments or documents, not {self.measure!r}")
        if self.distance < 0:
            raise InputError("the distance of near:N cannot be negative")

    @property
    def mode_spec(self) -> str:
        return f"near:{self.distance}" if self.mode == "near" else self.mode


@dataclass(frozen=True)
class SegmentOptions:
    """The coded segments table: ``codes`` are code paths (each with its subtree); empty = all."""

    codes: tuple[str, ...] = ()
    filters: Filters = Filters()


def parse_columns(spec: str) -> tuple[ColumnKind, str | None]:
    """``documents`` | ``speakers`` | ``attribute:NAME`` -> (kind, attribute name)."""
    if spec in ("documents", "speakers"):
        return spec, None  # type: ignore[return-value]
    kind, sep, name = spec.partition(":")
    if kind == "attribute" and sep and name.strip():
        return "attribute", name.strip()
    raise InputError(f"unknown columns {spec!r} (documents, speakers or attribute:NAME)")


def parse_where(spec: str) -> Condition:
    """``ATTRIBUTE=VALUE`` -> (attribute, value); ``ATTRIBUTE<=VALUE`` (also ``!=``, ``<``,
    ``>``, ``>=``) -> (attribute, operator, value). Split at the first operator, two-character
    operators first: ``years_of_service>=10`` is ``>=``, ``note=a<b`` is ``=``."""
    for at in range(len(spec)):
        op = next((o for o in OPERATORS if spec.startswith(o, at)), None)
        if op is None:
            continue
        name, value = spec[:at].strip(), spec[at + len(op):].strip()
        if not name:
            break
        _check_value(spec, op, value)
        return (name, value) if op == "=" else (name, op, value)
    raise InputError(f"not a filter {spec!r}: write ATTRIBUTE=VALUE, or ATTRIBUTE followed by "
                     "!=, <, <=, > or >= and a value")


def _check_value(spec: str, op: str, value: str) -> None:
    """Refuse a filter without a value: a typo, said as one, not as a value no document has.
    (A doubled ``=``, ``years==18``, is told apart from a value starting with ``=`` only by
    the project: :mod:`qcode.analysis.scope` says it.)"""
    if not value:
        raise InputError(f"a value is missing after {op} in {spec!r}")


def parse_mode(spec: str) -> tuple[CooccurrenceMode, int]:
    """``overlap`` | ``turn`` | ``near:N`` -> (mode, distance)."""
    if spec in ("overlap", "turn"):
        return spec, 0  # type: ignore[return-value]
    kind, sep, number = spec.partition(":")
    if kind == "near" and sep and number.strip().isdigit():
        return "near", int(number)
    raise InputError(f"unknown co-occurrence mode {spec!r} (overlap, turn or near:N, "
                     "N a whole number of characters)")

"""An attribute by code: for each code, the documents with and without it, and how a chosen
attribute (years of service, a Likert item) is spread in each group.

The mixed-method comparison a survey study reports: do the respondents whose open answers were
coded *Trust* rate the portal higher than the others? Rows are codes in codebook order (with
roll-up, a code's row takes the codings of the codes below it, as in the theme matrix).

**Which documents count.** The documents the filters keep that *have a value* for the chosen
attribute: ``with_n + without_n`` is that number on every row, and a document without a value
is counted nowhere in the table (neither in n, nor in a mean, median or value column).
"With the code" is the theme matrix's ``documents`` measure: at least one coding of the row's
code(s) by a chosen coder (any coder if none are chosen).

**Figures.** For a number attribute: the mean and the median of the group's values (the median
of an even count is the mean of the two middle values); empty for an empty group. A text,
choice or date attribute gets no mean or median, only the value columns. Value columns: one per
value among the kept documents (numbers by value, others by code point order), each the number
of documents *with the code* having that value; they add up to ``with_n``.

Counting is one GROUP BY of the counted codings by code and attribute value (the matrix's
document count by attribute columns) and one of the kept documents by value; the "without"
group is the difference, and means and medians come from the grouped value counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.analysis import counts
from qcode.analysis.codebook import codebook_order
from qcode.analysis.columns import Columns, attribute_value_order
from qcode.analysis.options import Filters
from qcode.analysis.results import CodeLabel, ColumnLabel
from qcode.analysis.rules import COMMON
from qcode.analysis.scope import AttributeRef, Scope, find_attribute, resolve
from qcode.errors import InputError
from qcode.models import Document, DocumentAttribute
from qcode.progress import Progress, report

#: The columns before the value columns, as exported.
FIXED_COLUMNS = ("code", "with_n", "without_n", "with_mean", "with_median", "without_mean",
                 "without_median")


@dataclass(frozen=True)
class AttributesByCodeOptions:
    """The attribute whose values are compared, roll-up, filters (as the matrix takes them)."""

    attribute: str
    rollup: bool = False
    filters: Filters = Filters()

    def __post_init__(self) -> None:
        if not self.attribute.strip():
            raise InputError("name the attribute to compare (--attribute NAME)")


@dataclass(frozen=True)
class AttributeRow:
    """One code: the two groups' sizes and figures, and the with-group's value counts."""

    code: CodeLabel
    with_n: int
    without_n: int
    with_mean: float | None
    with_median: float | None
    without_mean: float | None
    without_median: float | None
    distribution: tuple[int, ...]  # one count per AttributesByCode.values


@dataclass(frozen=True)
class AttributesByCode:
    options: AttributesByCodeOptions
    attribute: str  # the name as stored
    attribute_type: str
    values: tuple[str, ...]  # the value columns, in order
    documents: int  # kept documents with a value: with_n + without_n of every row
    rows: tuple[AttributeRow, ...]

    @property
    def numeric(self) -> bool:
        return self.attribute_type == "number"

    def header(self) -> tuple[str, ...]:
        return (*FIXED_COLUMNS, *self.values)

    def records(self) -> list[tuple[str | int | float | None, ...]]:
        """The table's body, one tuple per code, matching :meth:`header`."""
        return [(r.code.path, r.with_n, r.without_n, r.with_mean, r.with_median,
                 r.without_mean, r.without_median, *r.distribution) for r in self.rows]


def mean_and_median(counted: list[tuple[float, int]]) -> tuple[float | None, float | None]:
    """Mean and median of values given as (value, how many), sorted by value; None, None when
    there are none."""
    n = sum(c for _, c in counted)
    if n == 0:
        return None, None
    mean = sum(v * c for v, c in counted) / n
    low, high = (n - 1) // 2, n // 2  # 0-based positions of the middle value(s)
    middle: list[float] = []
    seen = 0
    for value, count in counted:
        seen += count
        while len(middle) < 2 and (low, high)[len(middle)] < seen:
            middle.append(value)
        if len(middle) == 2:
            break
    return mean, (middle[0] + middle[1]) / 2


def _value_totals(session: Session, scope: Scope, attribute: AttributeRef) -> dict[str, int]:
    """Kept documents per value of ``attribute`` (documents without a value left out)."""
    rows = session.execute(
        select(DocumentAttribute.value, func.count())
        .join(Document, Document.id == DocumentAttribute.document_id)
        .where(DocumentAttribute.attribute_id == attribute.id, scope.documents(Document.id))
        .group_by(DocumentAttribute.value)).all()
    return {value: int(n) for value, n in rows}


def _figures(numbers: list[float] | None,
             counts_of: list[int]) -> tuple[float | None, float | None]:
    if numbers is None:
        return None, None
    return mean_and_median([(x, c) for x, c in zip(numbers, counts_of, strict=True) if c])


def build_attributes_by_code(session: Session, options: AttributesByCodeOptions,
                             progress: Progress | None = None) -> AttributesByCode:
    """Count the table. Raises NotFound/InputError for an unknown attribute, coder or filter,
    Cancelled when ``progress`` answers False (checked between the queries)."""
    scope = resolve(session, options.filters)
    attribute = find_attribute(session, options.attribute)
    report(progress, 0, 3, "Counting documents by value")
    totals = _value_totals(session, scope, attribute)
    values = tuple(attribute_value_order(attribute, list(totals)))
    columns = Columns("attribute", attribute.name, tuple(ColumnLabel(v, v) for v in values),
                      {}, 0, attribute)
    report(progress, 1, 3, "Counting documents by code")
    found = counts.count(session, scope, "documents", "rollup" if options.rollup else "code",
                         columns)
    report(progress, 2, 3, "Figures")
    numbers = [float(v) for v in values] if attribute.type == "number" else None
    rows = []
    for code in codebook_order(session):
        with_counts = [found.get((code.code_id, v), 0) for v in values]
        without_counts = [totals[v] - n for v, n in zip(values, with_counts, strict=True)]
        rows.append(AttributeRow(code, sum(with_counts), sum(without_counts),
                                 *_figures(numbers, with_counts),
                                 *_figures(numbers, without_counts),
                                 tuple(with_counts)))
    report(progress, 3, 3, "Done")
    return AttributesByCode(options, attribute.name, attribute.type, values,
                            sum(totals.values()), tuple(rows))


def attributes_by_code_rules(options: AttributesByCodeOptions) -> list[str]:
    """The exact counting rules, for the manifest."""
    rollup = ("Roll-up: a code's row takes the codings of the code and of all codes below it."
              if options.rollup else "No roll-up: a code's row takes only that code's codings.")
    return [
        *COMMON,
        f"Documents: those the filters keep that have a value for the attribute "
        f"{options.attribute!r}; a document without a value is counted nowhere in the table, "
        "so with_n + without_n is the same on every row.",
        rollup,
        "with: the documents with at least one coding of the row's code(s) by a chosen coder "
        "(the theme matrix's documents measure); without: the other counted documents.",
        "with_n, without_n: the number of documents in each group.",
        "with_mean, without_mean: the arithmetic mean of the group's values; with_median, "
        "without_median: the middle value of the group's sorted values (the mean of the two "
        "middle values for an even count). Number attributes only; empty for an empty group "
        "and for text, choice and date attributes. Exported rounded to 2 decimal places.",
        "Value columns: one per value of the attribute among the counted documents (numbers "
        "by value, others by code point order), each the number of documents with the code "
        "having that value; they add up to with_n.",
    ]

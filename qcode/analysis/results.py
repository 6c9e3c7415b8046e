"""Analysis results as plain frozen data, ready for exporters and (later) a Qt table model.

Numbers are ``int`` (counts) or ``float`` (percentages); ``None`` marks a cell that has no value
(a percentage of nothing, the co-occurrence diagonal).
"""

from __future__ import annotations

from dataclasses import dataclass

from qcode.analysis.options import CooccurrenceOptions, MatrixOptions, SegmentOptions
from qcode.importers.timestamps import format_timestamp

Number = int | float
Cell = Number | None

MISSING_LABEL = "(missing)"
NO_SPEAKER_LABEL = "(no speaker)"


@dataclass(frozen=True)
class CodeLabel:
    """A code row: its path from the top of the codebook, depth 0 at the top."""

    code_id: int
    path: str
    name: str
    depth: int
    description: str = ""


@dataclass(frozen=True)
class ColumnLabel:
    """A column: ``key`` is the document id, attribute value or speaker (None: missing/none)."""

    key: int | str | None
    label: str


@dataclass(frozen=True)
class Matrix:
    """Codes (rows, codebook order) by columns of one kind, one measure per cell.

    With ``options.percent`` set the cells are percentages of their row's or column's total
    and the totals stay the counts they are percentages of.
    """

    options: MatrixOptions
    rows: tuple[CodeLabel, ...]
    columns: tuple[ColumnLabel, ...]
    column_heading: str  # "Document", the attribute's name, or "Speaker"
    unit: str  # what a cell is: "codings", "documents", "% of characters", ...
    values: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...] | None = None
    column_totals: tuple[Cell, ...] | None = None
    grand_total: Cell = None

    def cell(self, row: int, column: int) -> Cell:
        return self.values[row][column]


@dataclass(frozen=True)
class CooccurrenceMatrix:
    """Code x code, symmetric, in codebook order; the diagonal is ``None``."""

    options: CooccurrenceOptions
    codes: tuple[CodeLabel, ...]
    unit: str  # "coding pairs" or "documents"
    values: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class CodedSegment:
    """One coding with everything a reader needs to place it."""

    coding_id: int
    document: str
    attributes: tuple[str | None, ...]  # one per SegmentsTable.attribute_names; None = no value
    code_id: int
    code_path: str
    coder: str
    start: int
    end: int
    speaker: str | None
    text: str
    memo: str
    direction: str  # the document's direction: ltr, rtl or mixed
    time: float | None = None  # the time stamp of the speaker's turn, in seconds


@dataclass(frozen=True)
class SegmentsTable:
    """Codings, one per row, ordered by code (codebook order), document order, start, end, id."""

    options: SegmentOptions
    attribute_names: tuple[str, ...]
    codes: tuple[CodeLabel, ...]  # the selected codes in codebook order (headings of a report)
    segments: tuple[CodedSegment, ...]

    def header(self) -> tuple[str, ...]:
        return ("document", *self.attribute_names, "code", "coder", "start", "end", "speaker",
                "text", "memo", "time")

    def records(self) -> list[tuple[str | int | None, ...]]:
        """The tidy table's body, one tuple per coding, matching :meth:`header`."""
        return [(s.document, *s.attributes, s.code_path, s.coder, s.start, s.end, s.speaker,
                 s.text, s.memo, format_timestamp(s.time) or None) for s in self.segments]

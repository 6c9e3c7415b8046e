"""Coder agreement as plain data: one row per code and document, per code pooled over the
documents, and overall; ready for the command line, the exports and (later) a Qt model.

A row's ``code`` is the code's full path (None for the overall row) and its ``document`` the
document's name (None for a row pooled over documents). Counts are ints; ``percent`` (0 to
100), ``kappa`` and ``alpha`` are floats, or None where undefined (no units, or more than two
sides for percent and kappa).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from qcode.team.options import AgreementOptions


class UnitRow(NamedTuple):
    """Character, sentence or turn units. The four counts are None for more than two sides."""

    code: str | None
    document: str | None
    units: int
    both: int | None
    a_only: int | None
    b_only: int | None
    neither: int | None
    percent: float | None
    kappa: float | None
    alpha: float | None


class SegmentRow(NamedTuple):
    """Segment agreement: codings with a match and without (kappa and alpha undefined)."""

    code: str | None
    document: str | None
    agree: int
    a_only: int
    b_only: int
    percent: float | None
    kappa: float | None = None
    alpha: float | None = None


Row = UnitRow | SegmentRow


@dataclass(frozen=True)
class AgreementTable:
    options: AgreementOptions
    sides: tuple[str, ...]  # each side's label: a coder's name, or a group's names joined
    rows: tuple[Row, ...]
    rules: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return SegmentRow._fields if self.options.unit == "segment" else UnitRow._fields

    def pooled(self) -> list[Row]:
        """The rows pooled over documents (each code's, then the overall row)."""
        return [row for row in self.rows if row.document is None]

    def as_json(self) -> dict[str, Any]:
        o = self.options
        return {"unit": o.unit, "sides": list(self.sides), "coded_only": o.coded_only,
                "overlap": o.overlap if o.unit == "segment" else None, "rollup": o.rollup,
                "rows": [row._asdict() for row in self.rows], "rules": list(self.rules)}

"""What a user asks of coder agreement: who is compared, over which units, codes and documents.

Plain frozen data, checked when made: a wrong combination is one :class:`InputError` line
before any counting. Names are checked against the project later
(:mod:`qcode.team.selection`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from qcode.errors import InputError

Unit = Literal["character", "sentence", "turn", "segment"]
UNITS: tuple[Unit, ...] = ("character", "sentence", "turn", "segment")
DEFAULT_OVERLAP = 90.0
GROUP_JOIN = "+"  # a group's label: its coders' names joined


@dataclass(frozen=True)
class AgreementOptions:
    """Coders (two or more) or two groups of coders, the unit, and what is counted.

    ``codes``: code paths (each a row; with ``rollup`` the row takes the codings of the code
    and every code below it); empty means every code. ``documents``: document names; empty
    means every document. ``overlap``: for ``segment`` units, the least overlap (percent of
    the two spans' union) at which two codings match.
    """

    coders: tuple[str, ...] = ()
    group_a: tuple[str, ...] = ()
    group_b: tuple[str, ...] = ()
    unit: Unit = "character"
    overlap: float = DEFAULT_OVERLAP
    coded_only: bool = False
    codes: tuple[str, ...] = ()
    rollup: bool = False
    documents: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._check_sides()
        if self.unit not in UNITS:
            raise InputError(f"unknown unit {self.unit!r} (one of {', '.join(UNITS)})")
        if not 0 <= self.overlap <= 100:
            raise InputError(f"--overlap is a percentage from 0 to 100, not {self.overlap:g}")
        if self.unit == "segment" and len(self.sides) != 2:
            raise InputError("segment agreement compares two coders or two groups")
        if self.unit == "segment" and self.coded_only:
            raise InputError("--coded-only applies to character, sentence and turn units; "
                             "segment agreement counts codings")

    def _check_sides(self) -> None:
        grouped = bool(self.group_a or self.group_b)
        if grouped and self.coders:
            raise InputError("compare coders (--coders) or groups (--group-a, --group-b), "
                             "not both")
        if grouped and not (self.group_a and self.group_b):
            raise InputError("groups need both --group-a and --group-b")
        if not grouped and len(self.coders) < 2:
            raise InputError("agreement needs two or more coders (--coders A B)")
        named = [*self.coders, *self.group_a, *self.group_b]
        twice = sorted({name for name in named if named.count(name) > 1})
        if twice:
            raise InputError(f"coder {twice[0]!r} is named twice: each coder is on one side")

    @property
    def sides(self) -> tuple[tuple[str, ...], ...]:
        """The coders of each side: one coder a side, or the two groups."""
        if self.coders:
            return tuple((name,) for name in self.coders)
        return (self.group_a, self.group_b)

    @property
    def side_labels(self) -> tuple[str, ...]:
        return tuple(GROUP_JOIN.join(side) for side in self.sides)


def parse_group(spec: str) -> tuple[str, ...]:
    """``A1,A2`` -> ("A1", "A2"): coder names separated by commas."""
    names = tuple(name.strip() for name in spec.split(","))
    if not spec.strip() or any(not name for name in names):
        raise InputError(f"not a group of coders {spec!r}: write names separated by commas")
    return names

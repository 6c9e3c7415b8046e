"""The columns of the whole coding-stripes margin: one set for every coder, or a group per coder.

Together (the default), every code has one column (:class:`CodeColumns`) whoever coded it. By
coder, each coder has a :class:`CodeColumns` of their own, laid side by side in coder-name
order with an empty column between groups, so two coders' codings of one code stand in two
groups next to each other. A bar looks its column up when drawn (:meth:`StripeLanes.column`),
so a group that widens or narrows moves the groups after it without any paragraph being
measured again. Plain Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from qcode.ui.viewer.stripe_columns import CodeColumns

#: empty columns between two coders' groups
GROUP_GAP = 1
_ALL = 0  # the one group when stripes are not by coder


class Group(NamedTuple):
    """One coder's columns: the first and how many (stripes by coder)."""

    coder_id: int
    first: int
    width: int


class StripeLanes:
    """Where each coding's bar stands: (code, coder) -> column of the margin."""

    def __init__(self, by_coder: bool = False, names: dict[int, str] | None = None) -> None:
        self.by_coder = by_coder
        #: coder id -> name (orders the groups)
        self.names = names if names is not None else {}
        self._groups: dict[int, CodeColumns] = {}
        self._all = self._group(_ALL)
        self._layout: list[Group] | None = None  # by coder: the groups, when known

    def _group(self, coder_id: int) -> CodeColumns:
        key = coder_id if self.by_coder else _ALL
        columns = self._groups.get(key)
        if columns is None:
            columns = self._groups[key] = CodeColumns()
        return columns

    # -- reading -------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        if not self.by_coder:
            return self._all.count
        groups = self.groups()
        return groups[-1].first + groups[-1].width if groups else 0

    def groups(self) -> list[Group]:
        """The coders' groups left to right (stripes by coder; empty otherwise)."""
        if not self.by_coder:
            return []
        if self._layout is None:
            order = sorted((c for c, columns in self._groups.items() if columns.count),
                           key=lambda c: (self.names.get(c, ""), c))
            layout, first = [], 0
            for coder_id in order:
                width = self._groups[coder_id].count
                layout.append(Group(coder_id, first, width))
                first += width + GROUP_GAP
            self._layout = layout
        return self._layout

    def column(self, code_id: int, coder_id: int) -> int:
        """The column of the bars of ``code_id`` (coded by ``coder_id``)."""
        if not self.by_coder:
            return self._all.column_of.get(code_id, 0)
        columns = self._groups.get(coder_id)
        if columns is None:
            return 0
        first = next((g.first for g in self.groups() if g.coder_id == coder_id), 0)
        return first + columns.column_of.get(code_id, 0)

    def group_at(self, column: float) -> Group | None:
        """The coder's group a column (fractional: a position) falls in, by coder."""
        return next((g for g in self.groups() if g.first <= column < g.first + g.width), None)

    def entries(self, block: int) -> list[tuple[int, int]]:
        """(column in its group, coding id) of every coding touching paragraph ``block``."""
        if not self.by_coder:
            return self._all.entries(block)
        return [entry for columns in self._groups.values() for entry in columns.entries(block)]

    # -- changing ------------------------------------------------------------------------------

    def add(self, coding_id: int, code_id: int, coder_id: int, first: int, last: int) -> None:
        self._group(coder_id).add(coding_id, code_id, first, last)

    def add_many(self, rows: Iterable[tuple[int, int, int, int, int]]) -> None:
        """:meth:`add` for each (coding id, code id, coder id, first, last) (then settle)."""
        if not self.by_coder:
            self._all.add_many((coding, code, first, last)
                               for coding, code, _coder, first, last in rows)
            return
        by_coder: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
        for coding, code, coder, first, last in rows:
            by_coder[coder].append((coding, code, first, last))
        for coder, coder_rows in by_coder.items():
            self._group(coder).add_many(coder_rows)

    def remove(self, coding_id: int, code_id: int, coder_id: int, first: int, last: int
               ) -> None:
        self._group(coder_id).remove(coding_id, code_id, first, last)

    def settle(self) -> None:
        for columns in self._groups.values():
            columns.settle()
        self._layout = None

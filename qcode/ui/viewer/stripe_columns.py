"""Which column of the coding-stripes margin each code's bars stand in (plain Python).

One column per code, not per coding: all bars of a code line up in the same column, and a
column is shared by codes that never touch the same paragraph, so the margin is as wide as
the most codes any one paragraph has, not as the most codings. Columns are decided per
paragraph (block), not per wrapped line, so resizing the window never moves a bar.

Columns are first fit: codes in order of their first paragraph take the leftmost column free
along all their paragraphs. A code keeps its column while it stays free; when a new coding
takes a code into a paragraph where its column is used by another code, only that code moves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


class CodeColumns:
    def __init__(self) -> None:
        self.column_of: dict[int, int] = {}  # code id -> column
        self._blocks: dict[int, dict[int, int]] = {}  # code id -> paragraph -> codings there
        self._occupied: list[dict[int, int]] = []  # column -> paragraph -> code id
        self._entries: dict[int, list[tuple[int, int]]] = defaultdict(list)  # (coding, code)
        self._unsettled: set[int] = set()

    @property
    def count(self) -> int:
        return max(self.column_of.values(), default=-1) + 1

    def entries(self, block: int) -> list[tuple[int, int]]:
        """(column, coding id) of every coding touching paragraph ``block``."""
        return [(self.column_of[code], coding) for coding, code in self._entries.get(block, ())]

    def add(self, coding_id: int, code_id: int, first: int, last: int) -> None:
        """A coding of ``code_id`` over paragraphs first..last (call :meth:`settle` after)."""
        self.add_many(((coding_id, code_id, first, last),))

    def add_many(self, codings: Iterable[tuple[int, int, int, int]]) -> None:
        """:meth:`add` for each (coding id, code id, first, last), in one loop."""
        blocks_of, entries, unsettled = self._blocks, self._entries, self._unsettled
        for coding_id, code_id, first, last in codings:
            counter = blocks_of.get(code_id)
            if counter is None:
                counter = blocks_of[code_id] = {}
                unsettled.add(code_id)
            elif code_id not in unsettled:
                unsettled.add(code_id)
            entry = (coding_id, code_id)
            for block in range(first, last + 1):
                counter[block] = counter.get(block, 0) + 1
                entries[block].append(entry)

    def remove(self, coding_id: int, code_id: int, first: int, last: int) -> None:
        counter = self._blocks[code_id]
        column = self.column_of.get(code_id)
        for block in range(first, last + 1):
            self._entries[block].remove((coding_id, code_id))
            counter[block] -= 1
            if not counter[block]:
                del counter[block]
                if column is not None and self._occupied[column].get(block) == code_id:
                    del self._occupied[column][block]
        if not counter:
            del self._blocks[code_id]
            self.column_of.pop(code_id, None)
            self._unsettled.discard(code_id)

    def settle(self) -> None:
        """Give each code whose paragraphs changed a column (its own, if still free)."""
        order = sorted(self._unsettled, key=lambda code: (min(self._blocks[code]), code))
        self._unsettled.clear()
        for code in order:
            column = self.column_of.get(code)
            blocks = self._blocks[code]
            if column is not None:
                occupied = self._occupied[column]
                if all(occupied.get(b, code) == code for b in blocks):
                    occupied.update(dict.fromkeys(blocks, code))
                    continue
                for b in [b for b, c in occupied.items() if c == code]:
                    del occupied[b]
            self._place(code, blocks)

    def _place(self, code: int, blocks: dict[int, int]) -> None:
        column = next((i for i, occupied in enumerate(self._occupied)
                       if not any(b in occupied for b in blocks)), len(self._occupied))
        if column == len(self._occupied):
            self._occupied.append({})
        self._occupied[column].update(dict.fromkeys(blocks, code))
        self.column_of[code] = column

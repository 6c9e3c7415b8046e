"""Placing a passage of one text in another text: a corrected transcript, another copy's text.

A span of the old text is placed in the new text only where the new text holds exactly the
same characters, so a coding is never put on text that was not coded. Where it goes, in order:

1. the same offsets, when nothing before the span changed;
2. where the alignment of the two texts takes it: the texts are aligned once (Levenshtein edit
   operations over code points, by rapidfuzz) and the span's start (or, when the start lies in
   changed text, its end) is carried through the blocks both texts share;
3. the passage's only occurrence in the new text, when it was the only one in the old text too
   (else a deleted second "we trust the donors" would land on the first).

Otherwise the span has no place (the passage was edited, or occurs several times and the
alignment does not say which). Texts too long to align in a moment (see
:data:`MAX_ALIGNED_CELLS`) take the same offsets where the text there is unchanged instead of
step 2: without an alignment nothing tells a shifted passage from a repeated one.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cached_property

from rapidfuzz.distance import Levenshtein

#: the largest len(old) x len(new) aligned (about a second's work): two texts of ~140,000
#: characters. Longer texts are placed by steps 1 and 3 only.
MAX_ALIGNED_CELLS = 20_000_000_000


class TextAlignment:
    """Where spans of ``old`` are in ``new``; the alignment is computed on first need."""

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new

    def place(self, start: int, end: int) -> tuple[int, int] | None:
        """[start, end) of the old text in the new text, or None (see the module docstring)."""
        covered = self.old[start:end]
        if not covered or end > len(self.old):
            return None
        unmoved = self.new[start:end] == covered
        if unmoved and start <= self._same_up_to:
            return start, end
        for candidate in self._aligned_starts(start, end):
            if self.new[candidate:candidate + len(covered)] == covered:
                return candidate, candidate + len(covered)
        if unmoved and not self._blocks:
            return start, end
        first = self.new.find(covered)
        if first < 0 or self.new.find(covered, first + 1) >= 0 or _repeats(self.old, covered):
            return None
        return first, first + len(covered)

    @cached_property
    def _same_up_to(self) -> int:
        """How many characters the two texts share from their beginnings."""
        low, high = 0, min(len(self.old), len(self.new))
        while low < high:  # the longest common prefix, by halving (string compares run in C)
            middle = (low + high + 1) // 2
            if self.old[:middle] == self.new[:middle]:
                low = middle
            else:
                high = middle - 1
        return low

    def _aligned_starts(self, start: int, end: int) -> list[int]:
        """Where the alignment puts the span's start: carried from its start, and from its
        last character when that lies in a shared block."""
        if self.old == self.new or not self._blocks:
            return []
        out = []
        if (at := self._carried(start)) is not None:
            out.append(at)
        if (at := self._carried(end - 1)) is not None:
            out.append(at + 1 - (end - start))
        return [at for at in out if at >= 0]

    def _carried(self, position: int) -> int | None:
        """``position`` of the old text in the new one, when it lies in a shared block."""
        index = bisect_right(self._starts, position) - 1
        if index < 0:
            return None
        old_start, new_start, length = self._blocks[index]
        if position >= old_start + length:
            return None
        return new_start + position - old_start

    @cached_property
    def _blocks(self) -> list[tuple[int, int, int]]:
        """(old start, new start, length) of the blocks the two texts share, in order."""
        if len(self.old) * len(self.new) > MAX_ALIGNED_CELLS:
            return []
        return [(op.src_start, op.dest_start, op.src_end - op.src_start)
                for op in Levenshtein.opcodes(self.old, self.new) if op.tag == "equal"]

    @cached_property
    def _starts(self) -> list[int]:
        return [block[0] for block in self._blocks]


def _repeats(text: str, passage: str) -> bool:
    first = text.find(passage)
    return first >= 0 and text.find(passage, first + 1) >= 0

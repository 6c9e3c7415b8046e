"""The coding bars beside one paragraph, measured once per layout.

A paragraph's lines are read from its QTextLayout once; each coding touching the paragraph then
finds its first and last line by bisection over the line starts, so measuring costs lines +
codings x log(lines), not codings x lines (an 18,000-character paragraph wraps to hundreds of
lines). The bars are kept in document coordinates, with an interval index over their heights
when a paragraph has many, so painting a strip of the margin or finding the bar under the mouse
reads only the bars there.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable
from dataclasses import dataclass

from PySide6.QtGui import QTextBlock

from qcode.ui.viewer.intervals import IntervalIndex
from qcode.ui.viewer.model import DocumentModel

#: pixels per bucket of the height index (about two lines)
_BUCKET = 40.0
#: up to this many bars a paragraph's bars are simply scanned
_SCAN = 16


@dataclass(frozen=True)
class Bar:
    """One coding's bar beside one paragraph: document y from top to bottom, in its code's
    column (of its coder's group when the stripes are by coder; looked up when drawn: a code
    may move to another column without any line changing)."""

    top: float
    bottom: float
    code_id: int
    coding_id: int
    coder_id: int = 0


class BlockBars:
    """The bars of one paragraph whose bounding rectangle runs from ``top`` to ``bottom``
    (document coordinates). ``key`` says which layout and codings they were measured on."""

    def __init__(self, key: Hashable, block: QTextBlock, model: DocumentModel, top: float,
                 bottom: float) -> None:
        self.key = key
        self.top = top
        self.bottom = bottom
        self.bars: list[Bar] = []
        self._index: IntervalIndex[int] | None = None  # for paragraphs with many bars
        starts, ends, tops, bottoms = _lines(block)
        if not starts:
            return
        base = block.position()
        end_of_block = base + block.length() - 1
        to_utf16 = model.offsets.to_utf16
        for _, coding_id in model.block_entries(block.blockNumber()):
            coding = model.codings[coding_id]
            start16, end16 = to_utf16(coding.start), to_utf16(coding.end)
            first = bisect_right(ends, start16 - base)  # first line ending after the start
            last = bisect_left(starts, end16 - base) - 1  # last line starting before the end
            if first > last:
                continue
            y0 = top if start16 < base else tops[first]
            y1 = bottom if end16 > end_of_block else bottoms[last]
            self.bars.append(Bar(y0, y1, coding.code_id, coding_id, coding.coder_id))
        if len(self.bars) > _SCAN:
            self._index = IntervalIndex(_BUCKET)
            self._index.add_many((i, bar.top, bar.bottom) for i, bar in enumerate(self.bars))

    def between(self, top: float, bottom: float) -> list[Bar]:
        """Bars reaching into [top, bottom] (edges included), in the paragraph's entry order."""
        bars = self.bars
        if self._index is None:
            return [bar for bar in bars if bar.top <= bottom and bar.bottom >= top]
        found = self._index.overlapping(top - 0.5, bottom + 0.5)
        return [bars[i] for i in sorted(found) if bars[i].top <= bottom and bars[i].bottom >= top]


def _lines(block: QTextBlock) -> tuple[list[int], list[int], list[float], list[float]]:
    """Start, end (at least start + 1), top and bottom (document y) of each line of a block."""
    layout = block.layout()
    origin = layout.position().y()
    starts, ends, tops, bottoms = [], [], [], []
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        start = line.textStart()
        starts.append(start)
        ends.append(start + max(line.textLength(), 1))
        y = origin + line.y()
        tops.append(y)
        bottoms.append(y + line.height())
    return starts, ends, tops, bottoms

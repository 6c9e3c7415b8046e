"""The viewer's plain-Python picture of an open document (no Qt: cheap to test and to time).

* **Runs**: the text cut at every coding and speaker-label boundary, each run with the set of
  codes covering it, found by one sweep over the sorted boundaries. Overlapping codings become
  runs with several codes, so the viewer can paint them distinctly.
* **Stripe columns**: each code's column in the coding-stripes margin
  (:mod:`qcode.ui.viewer.stripe_columns`; a group of columns per coder when the stripes are
  by coder, :mod:`qcode.ui.viewer.stripe_lanes`), and which codings touch each paragraph, kept up to
  date incrementally; the margin asks only for the paragraphs on screen and works out line
  geometry for those alone.
* **Where codings are**: an interval index (:mod:`qcode.ui.viewer.intervals`) answers "which
  codings cover this character / this paragraph" in time proportional to the answer, so a
  tooltip or the styling of one paragraph never walks every coding of a long document.

All offsets are code points; conversion to Qt positions happens in the widgets via
:class:`qcode.offsets.OffsetMap` (``self.offsets``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter

from qcode.browse.codings import CodingInfo, DocumentText
from qcode.importers.normalise import paragraph_directions
from qcode.importers.turns import label_spans
from qcode.offsets import OffsetMap
from qcode.ui.viewer.intervals import IntervalIndex
from qcode.ui.viewer.stripe_lanes import StripeLanes

_BOLD = -1  # sweep key of speaker labels (code ids are positive)
#: code points per bucket of the coding index (a few lines of text)
_BUCKET = 256
#: before the index is built, a range is answered by a scan of the codings starting before its
#: end when there are no more than this many (the first page of a document just opened)
_SCAN = 256


@dataclass(frozen=True)
class Run:
    """Text [start, end) that looks the same throughout: these codes, bold or not."""

    start: int
    end: int
    codes: tuple[int, ...]
    bold: bool


#: the order of codings: (start, end, id)
_key = attrgetter("start", "end", "id")


class DocumentModel:
    """An open document's text, codings, runs and stripe columns. ``doc.codings`` are the
    codings shown (the viewer leaves out those a coder filter hides); ``stripes_by_coder``
    gives each coder a group of stripe columns."""

    def __init__(self, doc: DocumentText, *, stripes_by_coder: bool = False) -> None:
        self.doc = doc
        self.text = doc.text
        self.offsets = OffsetMap(doc.text)
        self.block_starts = [0, *(m.end() for m in re.finditer("\n", doc.text))]
        self.labels = label_spans(doc.text, doc.turns)
        self._label_starts = [s for s, _ in self.labels]
        self.codings: dict[int, CodingInfo] = {}
        self._coder_names: dict[int, str] = {}
        self.stripes = StripeLanes(stripes_by_coder, self._coder_names)
        self._block_revisions: Counter[int] = Counter()  # paragraph -> changes of its codings
        self._index: IntervalIndex[int] | None = None  # built when first needed
        self._ordered: list[CodingInfo] = []  # by _key, until the index is built
        self._starts: list[int] = []
        self._colours: dict[int, str] = {}
        self._code_counts: Counter[int] = Counter()
        self._coder_counts: Counter[int] = Counter()
        self._assign_all(doc.codings)

    # -- reading ---------------------------------------------------------------------------------

    @property
    def column_count(self) -> int:
        return self.stripes.count

    def coder_name(self, coder_id: int) -> str:
        return self._coder_names.get(coder_id) or next(
            (c.coder for c in self.codings.values() if c.coder_id == coder_id), "")

    def colour_of(self, code_id: int) -> str:
        return self._colours.get(code_id, "#9e9e9e")

    def paragraph_directions(self) -> list[str]:
        """'rtl' or 'ltr' for each paragraph, by its first strong character after any speaker
        label and outside [square-bracketed] transcriber notes: an Arabic answer opening with
        ``[00:02:13] E07: [laughs]`` reads right to left. A paragraph with no strong character
        reads left to right."""
        return [d or "ltr" for d in paragraph_directions(self.text, self.labels)]

    def code_ids(self) -> set[int]:
        """Codes with a coding in this document."""
        return set(self._code_counts)

    def coder_ids(self) -> set[int]:
        return set(self._coder_counts)

    def block_of(self, cp: int) -> int:
        return bisect_right(self.block_starts, cp) - 1

    def block_span(self, block: int) -> tuple[int, int]:
        """Code points [start, end) of paragraph ``block``, its line break left out."""
        starts = self.block_starts
        end = starts[block + 1] - 1 if block + 1 < len(starts) else len(self.text)
        return starts[block], end

    def block_range(self, coding: CodingInfo) -> tuple[int, int]:
        return self.block_of(coding.start), self.block_of(max(coding.start, coding.end - 1))

    def block_revision(self, block: int) -> int:
        """Grows whenever a coding touching paragraph ``block`` changes (what the stripes
        margin keeps of a paragraph is valid while this stays the same)."""
        return self._block_revisions[block]

    def block_entries(self, block: int) -> list[tuple[int, int]]:
        """(column, coding id) of every coding touching paragraph ``block``."""
        return self.stripes.entries(block)

    def overlapping(self, lo: int, hi: int) -> list[CodingInfo]:
        """Codings that cover some of [lo, hi), in start order."""
        if self._index is None:
            stop = bisect_left(self._starts, hi)
            if stop <= _SCAN:
                return [c for c in self._ordered[:stop] if c.end > lo]
        codings = self.codings
        return sorted((codings[cid] for cid in self._built_index().overlapping(lo, hi)),
                      key=_key)

    def codings_at(self, cp: int) -> list[CodingInfo]:
        return self.overlapping(cp, cp + 1)

    def runs(self, lo: int, hi: int) -> list[Run]:
        """[lo, hi) cut into runs of one look, uncoded plain runs included, in order."""
        starts: dict[int, list[int]] = defaultdict(list)
        ends: dict[int, list[int]] = defaultdict(list)
        for c in self.overlapping(lo, hi):
            starts[max(c.start, lo)].append(c.code_id)
            ends[min(c.end, hi)].append(c.code_id)
        first = max(bisect_right(self._label_starts, lo) - 1, 0)
        for s, e in self.labels[first:bisect_left(self._label_starts, hi)]:
            if e > lo:
                starts[max(s, lo)].append(_BOLD)
                ends[min(e, hi)].append(_BOLD)
        points = sorted({lo, hi, *starts, *ends})
        active: Counter[int] = Counter()
        out: list[Run] = []
        for a, b in zip(points, points[1:], strict=False):
            for key in ends.get(a, ()):
                active[key] -= 1
                if not active[key]:
                    del active[key]
            for key in starts.get(a, ()):
                active[key] += 1
            codes = tuple(sorted(k for k in active if k != _BOLD))
            bold = _BOLD in active
            if out and out[-1].codes == codes and out[-1].bold == bold:
                out[-1] = Run(out[-1].start, b, codes, bold)
            else:
                out.append(Run(a, b, codes, bold))
        return out

    # -- changing --------------------------------------------------------------------------------

    def update(self, changed_ids: Iterable[int], fresh: Iterable[CodingInfo]
               ) -> tuple[int, int] | None:
        """Replace the codings ``changed_ids`` by ``fresh`` (those of them still in this document,
        as read now). Returns the code-point range whose look may have changed, or None."""
        fresh = list(fresh)
        spans = []
        for cid in set(changed_ids) | {c.id for c in fresh}:
            old = self.codings.pop(cid, None)
            if old is not None:
                spans.append((old.start, old.end))
                self.stripes.remove(old.id, old.code_id, old.coder_id, *self.block_range(old))
                self._forget(old)
        for c in fresh:
            self.codings[c.id] = c
            spans.append((c.start, c.end))
            self._colours[c.code_id] = c.colour
            self._file(c)
        self.stripes.settle()
        for start, end in spans:
            first, last = self.block_of(start), self.block_of(max(start, end - 1))
            self._block_revisions.update(range(first, last + 1))
        if not spans:
            return None
        return min(s for s, _ in spans), max(e for _, e in spans)

    def replace_all(self, codings: Iterable[CodingInfo]) -> tuple[int, int] | None:
        """Take a fresh reading of every coding; only those that differ count as changed."""
        new = {c.id: c for c in codings}
        changed = [cid for cid in self.codings.keys() | new.keys()
                   if self.codings.get(cid) != new.get(cid)]
        return self.update(changed, [new[cid] for cid in changed if cid in new])

    def group_stripes(self, by_coder: bool) -> None:
        """Stripes in one set of columns, or in a group of columns per coder."""
        if by_coder == self.stripes.by_coder:
            return
        self.stripes = StripeLanes(by_coder, self._coder_names)
        self._coder_names.update((c.coder_id, c.coder) for c in self.codings.values())
        self.stripes.add_many(self._stripe_rows(sorted(self.codings.values(), key=_key)))
        self.stripes.settle()

    # -- internals -------------------------------------------------------------------------------

    def _assign_all(self, codings: Iterable[CodingInfo]) -> None:
        """What :meth:`_file` does for each coding, in bulk (a document opens with thousands)."""
        self.codings = {c.id: c for c in codings}
        ordered = sorted(self.codings.values(), key=_key)
        self._colours = {c.code_id: c.colour for c in ordered}
        self._ordered = ordered
        self._starts = [c.start for c in ordered]
        if self.stripes.by_coder:  # names order the coders' groups
            self._coder_names.update((c.coder_id, c.coder) for c in ordered)
        self.stripes.add_many(self._stripe_rows(ordered))
        self.stripes.settle()
        self._code_counts = Counter(c.code_id for c in ordered)
        self._coder_counts = Counter(c.coder_id for c in ordered)

    def _stripe_rows(self, ordered: Iterable[CodingInfo]
                     ) -> Iterator[tuple[int, int, int, int, int]]:
        """(coding, code, coder, first paragraph, last paragraph) of each coding."""
        starts = self.block_starts
        for c in ordered:
            yield (c.id, c.code_id, c.coder_id, bisect_right(starts, c.start) - 1,
                   bisect_right(starts, max(c.start, c.end - 1)) - 1)

    def _file(self, coding: CodingInfo) -> None:
        """Enter a coding in the index, the stripe columns and the counts."""
        self._built_index().add(coding.id, coding.start, coding.end)
        if self.stripes.by_coder:
            self._coder_names[coding.coder_id] = coding.coder
        self.stripes.add(coding.id, coding.code_id, coding.coder_id, *self.block_range(coding))
        self._code_counts[coding.code_id] += 1
        self._coder_counts[coding.coder_id] += 1

    def _built_index(self) -> IntervalIndex[int]:
        """The interval index, built on first need: opening a document paints its first page
        without it; scrolling further, a tooltip there or a change builds it."""
        if self._index is None:
            self._index = IntervalIndex(_BUCKET)
            self._index.add_many((c.id, c.start, c.end) for c in self._ordered)
            self._ordered, self._starts = [], []
        return self._index

    def _forget(self, coding: CodingInfo) -> None:
        self._built_index().remove(coding.id)
        for counts, key in ((self._code_counts, coding.code_id),
                            (self._coder_counts, coding.coder_id)):
            counts[key] -= 1
            if not counts[key]:
                del counts[key]

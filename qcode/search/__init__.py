"""Finding text in documents, without Qt: exact (case-insensitive) and typo-tolerant.

The engine of the viewer's find bar and of the corpus search. Offsets are code points, end
exclusive. :func:`fuzzy_hits` runs in near-linear time over the text (a bit-parallel filter
over the whole text, then exact scoring of the few candidate windows, see
:mod:`qcode.search.bitscan`), with memory bounded by the chunk size, not by the text.
How text is compared (case folding, which marks are ignored, what a word is) lives in one
place, :mod:`qcode.search.normalise`, so Arabic-aware normalisation can be added there.
"""

from __future__ import annotations

from qcode.search.find import FUZZY_CUTOFF, FUZZY_MIN_LENGTH, exact_hits, fuzzy_hits

__all__ = ["FUZZY_CUTOFF", "FUZZY_MIN_LENGTH", "exact_hits", "fuzzy_hits"]

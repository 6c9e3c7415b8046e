"""Tables derived from the codings and kept fresh on every commit (coverage islands, roll-ups,
per-code totals), with the word index and bulk helpers their upkeep needs.

The measures that read them live in :mod:`qcode.analysis`; this package only keeps them true.
"""

from __future__ import annotations

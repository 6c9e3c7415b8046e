"""The codebook panel: the code tree with counts, its actions, drag and drop, and quick keys."""

from __future__ import annotations

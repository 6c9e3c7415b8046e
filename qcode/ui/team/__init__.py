"""The desktop entries of team work: File → Merge project… and Analysis → Coder agreement…."""

from __future__ import annotations

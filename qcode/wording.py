"""Counts in words, the same everywhere: "1 coding", "2 codings", "1,204 codings"."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an "s" unless ``n`` is 1 (thousands grouped)."""
    return f"{n:,} {word}{'s' * (n != 1)}"

"""Counts and lists in words, the same everywhere: "1 coding", "2 codings", "1,204 codings";
"a, b, c, …"."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an "s" unless ``n`` is 1 (thousands grouped)."""
    return f"{n:,} {word}{'s' * (n != 1)}"


def first_few(items: list[str], shown: int = 3) -> str:
    """The first ``shown`` of ``items`` joined by commas, "…" after them if there are more."""
    return ", ".join(items[:shown]) + (", …" if len(items) > shown else "")

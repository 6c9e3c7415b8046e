"""The counts of one table row, and NVivo's percent agreement and Cohen's kappa from them.

A :class:`Tally` holds sums only, so a pooled row is the element-wise sum of its rows
(counts summed, never figures averaged). For two sides A and B over ``N`` units:

    both    = |A ∩ B|,   a_only = |A| − both,   b_only = |B| − both,
    neither = N − |A ∪ B|
    percent = 100 · (both + neither) / N
    kappa   = (P_o − P_e) / (1 − P_e),  P_o = (both + neither) / N,
              P_e = (|A|·|B| + (N − |A|)·(N − |B|)) / N²,   kappa = 1 when P_e = 1

computed in integers until the one division. With ``--coded-only`` ``N`` is ``|A ∪ B|`` (for
more sides, the units any side coded), so ``neither`` is 0.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from qcode.team.alpha import alpha
from qcode.team.character import Lengths


class Tally(NamedTuple):
    """Sums over a row's units: ``units`` (N), ``covered`` (units any side coded), ``coded``
    (Σ of each side's coded units), ``pairs`` (Σ over pairs of sides of the units both coded),
    ``first`` and ``second`` (units sides 0 and 1 coded)."""

    units: int
    covered: int
    coded: int
    pairs: int
    first: int
    second: int

    def __add__(self, other: object) -> Tally:  # type: ignore[override]
        assert isinstance(other, Tally)
        return Tally(*(a + b for a, b in zip(self, other, strict=True)))


EMPTY = Tally(0, 0, 0, 0, 0, 0)


def tally(lengths: Lengths | None, sides: int, units: int, coded_only: bool) -> Tally:
    """A (code, document) tally from its union lengths (:func:`qcode.team.character.side_sets`
    order); ``None`` for a document no side coded in."""
    if lengths is None:
        return Tally(0 if coded_only else units, 0, 0, 0, 0, 0)
    singles = lengths[:sides]
    pairs = 0
    j = sides
    for i in range(sides):
        for k in range(i + 1, sides):
            pairs += singles[i] + singles[k] - lengths[j]
            j += 1
    covered = lengths[-1]
    return Tally(covered if coded_only else units, covered, sum(singles), pairs, singles[0],
                 singles[1])


def two_sided(t: Tally) -> tuple[int, int, int, int]:
    """(both, a_only, b_only, neither) of two sides."""
    return t.pairs, t.first - t.pairs, t.second - t.pairs, t.units - t.covered


def percent(t: Tally) -> float | None:
    both, _, _, neither = two_sided(t)
    return 100.0 * (both + neither) / t.units if t.units else None


def kappa(t: Tally) -> float | None:
    n = t.units
    if n == 0:
        return None
    both, _, _, neither = two_sided(t)
    expected = t.first * t.second + (n - t.first) * (n - t.second)  # P_e · N²
    if expected == n * n:
        return 1.0
    return (n * (both + neither) - expected) / (n * n - expected)


def figures(t: Tally, sides: int) -> tuple[float | None, float | None, float | None]:
    """(percent, kappa, alpha); percent and kappa only for two sides."""
    a = alpha(sides, t.units, t.coded, t.pairs)
    if sides != 2:
        return None, None, a
    return percent(t), kappa(t), a


def two_side_values(n: int, either: int, a: int, b: int) -> tuple[Any, ...]:
    """(units, both, a_only, b_only, neither, percent, kappa, alpha) of two sides from the
    units ``n``, the units either side coded and those A and B coded, in one step: the
    formulas of :func:`percent`, :func:`kappa` and :func:`qcode.team.alpha.alpha` written out
    for two sides, for the row of every code and document (600,000 at 300 x 2,000)."""
    both = a + b - either
    a_only, b_only, neither = a - both, b - both, n - either
    if n == 0:
        return n, both, a_only, b_only, neither, None, None, None
    agree = both + neither
    square = n * n
    expected = a * b + (n - a) * (n - b)
    kappa_ = 1.0 if expected == square else (n * agree - expected) / (square - expected)
    ones, zeros = a + b, 2 * n - a - b
    alpha_ = 1.0 if ones == 0 or zeros == 0 else \
        1.0 - (2 * n - 1) * (a_only + b_only) / (zeros * ones)
    return n, both, a_only, b_only, neither, 100.0 * agree / n, kappa_, alpha_

"""Agreement figures rounded as they are shown and written: the same in the command line, the
app and the files.

Two roundings would mislead a reader: 99.996 % shown as 100.00 (complete agreement, where one
side coded ten passages the other did not), and -0.0000 for a figure a hair below zero.
"""

from __future__ import annotations

DECIMALS = {"percent": 2, "kappa": 4, "alpha": 4}


def shown(column: str, value: float) -> float:
    """``value`` of a figure column rounded to its decimals: never complete agreement (100 %,
    a kappa or alpha of 1) unless exactly so, never a negative zero."""
    decimals = DECIMALS.get(column, 2)
    rounded = round(value, decimals)
    top = 100 if column == "percent" else 1  # complete agreement
    if rounded >= top > value:
        rounded = round(top - 10 ** -decimals, decimals)
    return rounded + 0.0 if rounded else 0.0


def shown_text(column: str, value: float) -> str:
    """:func:`shown` as text with its decimals ("99.99", "0.0000")."""
    return f"{shown(column, value):.{DECIMALS.get(column, 2)}f}"

"""Heatmap shading for analysis tables, readable in light and dark palettes.

A cell's background blends the view's base colour towards a warm red by its value relative to
the table's largest value (zero stays unshaded; the smallest non-zero value is already visibly
tinted). The text colour is whichever of near-black or near-white contrasts more with the
background (WCAG relative luminance), so dark cells in a light theme and light text in a dark
theme both stay readable.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

HOT_LIGHT = QColor("#e35d5a")  # the high end in a light palette (close to the XLSX export's)
HOT_DARK = QColor("#b8403c")  # deeper: white text on it still has a 4.5:1 contrast
FLOOR = 0.12  # share of the hot colour in the smallest non-zero cell
DARK_TEXT = QColor("#161616")
LIGHT_TEXT = QColor("#f7f7f7")


def is_dark_palette(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def blend(low: QColor, high: QColor, share: float) -> QColor:
    share = min(max(share, 0.0), 1.0)
    return QColor.fromRgbF(
        low.redF() + (high.redF() - low.redF()) * share,
        low.greenF() + (high.greenF() - low.greenF()) * share,
        low.blueF() + (high.blueF() - low.blueF()) * share,
    )


def heat_colour(fraction: float, palette: QPalette) -> QColor | None:
    """Background for a value that is ``fraction`` (0..1) of the largest; None for zero."""
    if fraction <= 0:
        return None
    hot = HOT_DARK if is_dark_palette(palette) else HOT_LIGHT
    base = palette.color(QPalette.ColorRole.Base)
    return blend(base, hot, FLOOR + (1 - FLOOR) * min(fraction, 1.0))


def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast_ratio(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour(background: QColor) -> QColor:
    """Near-black or near-white, whichever reads better on ``background``."""
    if contrast_ratio(background, DARK_TEXT) >= contrast_ratio(background, LIGHT_TEXT):
        return DARK_TEXT
    return LIGHT_TEXT

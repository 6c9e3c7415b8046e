"""How coded text looks: the code colour blended into the page colour behind the text.

The tint is ``base + strength * (colour - base)`` where ``base`` is the palette's Base colour
(the page), so it works on light and dark themes and the text colour never changes. The
strength starts low (a light tint) and grows with the number of overlapping codes; it is
raised for colours close to the page (pastels on white, navy on a dark page) so every code
stays visible, and lowered if the tint would come too close to the text's brightness, so the
text stays readable. Where codes overlap, the tint is the mean of their colours and the run has
a dotted underline, so an overlap is never mistaken for one code even when colours are alike.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QTextCharFormat

#: strength of the tint for 1, 2 and 3 or more codes
STRENGTH = (0.28, 0.42, 0.55)
#: brightness difference from the page below which a colour is made stronger
CLOSE_TO_PAGE = 0.45
MAX_STRENGTH = 0.85
#: brightest tint on a dark page, darkest tint on a light page (0-1)
DARK_PAGE_LIMIT = 0.38
LIGHT_PAGE_LIMIT = 0.62

#: background of find hits, and of the current hit
FIND_HIT = QColor(255, 196, 0, 150)
FIND_CURRENT = QColor(255, 120, 0, 210)


def brightness(colour: QColor) -> float:
    """Perceived brightness 0-1 (Rec. 709 weights on the sRGB channels)."""
    return 0.2126 * colour.redF() + 0.7152 * colour.greenF() + 0.0722 * colour.blueF()


def mean_colour(colours: tuple[str, ...]) -> QColor:
    parsed = [QColor(c) for c in colours]
    n = len(parsed)
    return QColor(round(sum(c.red() for c in parsed) / n),
                  round(sum(c.green() for c in parsed) / n),
                  round(sum(c.blue() for c in parsed) / n))


def tint_strength(colour: QColor, base: QColor, codes: int) -> float:
    strength = STRENGTH[min(codes, len(STRENGTH)) - 1]
    page, ink = brightness(base), brightness(colour)
    gap = abs(ink - page)
    if gap < CLOSE_TO_PAGE:
        strength = min(MAX_STRENGTH, strength * CLOSE_TO_PAGE / max(gap, 0.05))
    result = page + strength * (ink - page)
    if page < 0.5 and result > DARK_PAGE_LIMIT:
        strength = (DARK_PAGE_LIMIT - page) / (ink - page)
    elif page >= 0.5 and result < LIGHT_PAGE_LIMIT:
        strength = (page - LIGHT_PAGE_LIMIT) / (page - ink)
    return max(0.0, strength)


def tint(colours: tuple[str, ...], base: QColor) -> QColor:
    """The background for text covered by codes of these colours (one per code)."""
    colour = mean_colour(colours)
    s = tint_strength(colour, base, len(colours))
    return QColor(round(base.red() + s * (colour.red() - base.red())),
                  round(base.green() + s * (colour.green() - base.green())),
                  round(base.blue() + s * (colour.blue() - base.blue())))


class FormatCache:
    """One QTextCharFormat per look (code colours, bold label or not) on one page colour."""

    def __init__(self, base: QColor) -> None:
        self.base = QColor(base)
        self._cache: dict[tuple[tuple[str, ...], bool], QTextCharFormat] = {}

    def get(self, colours: tuple[str, ...], bold: bool) -> QTextCharFormat:
        key = (colours, bold)
        fmt = self._cache.get(key)
        if fmt is None:
            fmt = self._cache[key] = self._make(colours, bold)
        return fmt

    def _make(self, colours: tuple[str, ...], bold: bool) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if colours:
            fmt.setBackground(tint(colours, self.base))
        if len(colours) > 1:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(mean_colour(colours))
        return fmt

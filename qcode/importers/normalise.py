"""Text normalisation done once at import, and the text's writing direction."""

from __future__ import annotations

import unicodedata

_RTL_CLASSES = frozenset({"R", "AL"})


def normalise_text(raw: str) -> str:
    """NFC, LF line ends (CRLF and lone CR become LF), no BOM, no NUL characters.

    Trailing white space at the end of the text is dropped; everything else is kept as is,
    so offsets stay meaningful against what the user sees.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\x00", "")
    return unicodedata.normalize("NFC", text).rstrip()


def paragraph_direction(paragraph: str) -> str | None:
    """'rtl' or 'ltr' by the first strong character (Unicode bidi rule P2), None if none."""
    for ch in paragraph:
        cls = unicodedata.bidirectional(ch)
        if cls == "L":
            return "ltr"
        if cls in _RTL_CLASSES:
            return "rtl"
    return None


def text_direction(text: str) -> str:
    """'ltr', 'rtl', or 'mixed' when paragraphs of both directions occur."""
    seen = {d for p in text.split("\n") if (d := paragraph_direction(p)) is not None}
    if seen == {"rtl"}:
        return "rtl"
    if "rtl" in seen:
        return "mixed"
    return "ltr"

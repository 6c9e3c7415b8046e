"""Text normalisation done once at import, and the text's writing direction."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_RTL_CLASSES = frozenset({"R", "AL"})
_NOTES = re.compile(r"\[[^\]\n]*\]")


# Line breaks other than LF become LF (vertical tab: Word's manual line break; form feed: a page
# break; NEL, LINE and PARAGRAPH SEPARATOR); other control characters but TAB are dropped, as
# are BOMs: none of them is visible, and Qt shows some as boxes.
_LINE_BREAKS = dict.fromkeys(map(ord, "\v\f\x1c\x1d\x1e\x85\u2028\u2029"), "\n")
_DROPPED = dict.fromkeys([*range(0x00, 0x09), *range(0x0e, 0x1c), 0x1f, 0x7f,
                          *range(0x80, 0x85), *range(0x86, 0xa0), 0xfeff])
_TRANSLATION = {**_DROPPED, **_LINE_BREAKS}
_NEEDS_TRANSLATION = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATION) + "]")


def normalise_text(raw: str) -> str:
    """NFC, LF line ends (CRLF and lone CR become LF), no BOM, no control characters but TAB.

    Trailing white space at the end of the text is dropped; everything else is kept as is,
    so offsets stay meaningful against what the user sees.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if _NEEDS_TRANSLATION.search(text):  # translate() is slow on non-ASCII text; seldom needed
        text = text.translate(_TRANSLATION)
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


def paragraph_directions(text: str, labels: Sequence[tuple[int, int]] = ()) -> list[str | None]:
    """'rtl', 'ltr' or None for each paragraph (line), by its first strong character after any
    speaker label (``labels``: (start, end) spans) and outside [square-bracketed] transcriber
    notes, so an Arabic answer opening with ``[00:02:13] E07: [laughs]`` reads right to left.
    A paragraph with nothing strong but its label takes the label's direction."""
    label_ends = dict(labels)
    out: list[str | None] = []
    pos = 0
    for paragraph in text.split("\n"):
        body = paragraph[label_ends[pos] - pos:] if pos in label_ends else paragraph
        out.append(paragraph_direction(_NOTES.sub(" ", body)) or paragraph_direction(paragraph))
        pos += len(paragraph) + 1
    return out


def text_direction(text: str, labels: Sequence[tuple[int, int]] = ()) -> str:
    """'ltr', 'rtl', or 'mixed' when paragraphs of both directions occur."""
    seen = {d for d in paragraph_directions(text, labels) if d is not None}
    if seen == {"rtl"}:
        return "rtl"
    if "rtl" in seen:
        return "mixed"
    return "ltr"

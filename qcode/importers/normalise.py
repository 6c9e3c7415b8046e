"""Text normalisation done once at import, and the text's writing direction."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

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


# Every ASCII character but the letters is weak or neutral (digits, punctuation, spaces): the
# first strong character of a paragraph is searched among the others ("[" opens a note).
_CANDIDATE = re.compile("[A-Z\\[a-z\x80-\U0010ffff]")
_DIRECTIONS = {"L": "ltr", "R": "rtl", "AL": "rtl"}


def paragraph_direction(paragraph: str) -> str | None:
    """'rtl' or 'ltr' by the first strong character (Unicode bidi rule P2), None if none."""
    return _first_strong(paragraph, 0, len(paragraph), notes=False)


def _first_strong(text: str, pos: int, end: int, *, notes: bool) -> str | None:
    """The direction of the first strong character in text[pos:end], passing over
    [square-bracketed] notes when ``notes``; None if there is none."""
    search, bidirectional = _CANDIDATE.search, unicodedata.bidirectional
    while (m := search(text, pos, end)) is not None:
        ch, pos = m.group(), m.end()
        if ch == "[":
            if notes:
                note = _NOTES.match(text, m.start(), end)
                if note is None:
                    notes = False  # no "]" up to the line end: no later "[" closes either
                else:
                    pos = note.end()
            continue
        direction = _DIRECTIONS.get(bidirectional(ch))
        if direction is not None:
            return direction
    return None


def _directions(text: str, labels: Sequence[tuple[int, int]]) -> Iterator[str | None]:
    label_ends = dict(labels)
    pos, size = 0, len(text)
    while pos <= size:
        end = text.find("\n", pos)
        end = size if end < 0 else end
        body = min(label_ends.get(pos, pos), end)
        yield (_first_strong(text, body, end, notes=True)
               or _first_strong(text, pos, end, notes=False))
        pos = end + 1


def paragraph_directions(text: str, labels: Sequence[tuple[int, int]] = ()) -> list[str | None]:
    """'rtl', 'ltr' or None for each paragraph (line), by its first strong character after any
    speaker label (``labels``: (start, end) spans) and outside [square-bracketed] transcriber
    notes, so an Arabic answer opening with ``[00:02:13] E07: [laughs]`` reads right to left.
    A paragraph with nothing strong but its label takes the label's direction."""
    return list(_directions(text, labels))


def text_direction(text: str, labels: Sequence[tuple[int, int]] = ()) -> str:
    """'ltr', 'rtl', or 'mixed' when paragraphs of both directions occur."""
    seen: set[str] = set()
    for direction in _directions(text, labels):
        if direction is not None and direction not in seen:
            seen.add(direction)
            if len(seen) == 2:
                return "mixed"
    return "rtl" if seen == {"rtl"} else "ltr"

"""Text normalisation done once at import, and the text's writing direction."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence

from qcode.importers.turns import Span, label_end

_RTL_CLASSES = frozenset({"R", "AL"})
_NOTES = re.compile(r"\[[^\]\n]*\]")


# Line breaks other than LF become LF (vertical tab: Word's manual line break; form feed: a page
# break; NEL, LINE and PARAGRAPH SEPARATOR); other control characters but TAB are dropped, as
# are BOMs: none of them is visible, and Qt shows some as boxes.
_LINE_BREAKS = dict.fromkeys(map(ord, "\v\f\x1c\x1d\x1e\x85\u2028\u2029"), "\n")
_DROPPED = dict.fromkeys([*range(0x00, 0x09), *range(0x0e, 0x1c), 0x1f, 0x7f,
                          *range(0x80, 0x85), *range(0x86, 0xa0), 0xfeff])
_TRANSLATION = {**_DROPPED, **_LINE_BREAKS}
_WIDE_TRANSLATED = tuple(chr(c) for c in _TRANSLATION if c > 0xff)
_NOT_TRANSLATED_BYTES = bytes(b for b in range(256) if b not in _TRANSLATION)


def normalise_text(raw: str) -> str:
    """NFC, LF line ends (CRLF and lone CR become LF), no BOM, no control characters but TAB.

    Trailing white space at the end of the text is dropped; everything else is kept as is,
    so offsets stay meaningful against what the user sees.
    """
    text = raw
    if "\r" in text:  # each replace() reads the whole text, even when nothing is replaced
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    latin1 = text.encode("latin-1", "ignore")  # the characters below U+0100, fast
    wide = len(latin1) != len(text)  # text of Latin-1 characters only is in NFC already
    if _needs_translation(text, latin1):  # translate() is slow on non-ASCII text; seldom needed
        text = text.translate(_TRANSLATION)
    if wide:
        text = unicodedata.normalize("NFC", text)
    return text.rstrip()


def _needs_translation(text: str, latin1: bytes) -> bool:
    """Whether ``text`` (of which ``latin1`` is the characters below U+0100) holds a
    character normalisation drops or turns into a line break: searched for on the bytes (a
    regular expression over every character of a long text took longer)."""
    return (bool(latin1.translate(None, _NOT_TRANSLATED_BYTES))
            or any(ch in text for ch in _WIDE_TRANSLATED))


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


def _directions(text: str, label_end: Callable[[int], int]) -> Iterator[str | None]:
    """The direction of each paragraph; ``label_end(pos)``: where the body of the paragraph
    that starts at ``pos`` begins (after its speaker label; ``pos`` if it has none)."""
    pos, size = 0, len(text)
    while pos <= size:
        end = text.find("\n", pos)
        end = size if end < 0 else end
        body = min(label_end(pos), end)
        yield (_first_strong(text, body, end, notes=True)
               or _first_strong(text, pos, end, notes=False))
        pos = end + 1


def _span_ends(labels: Sequence[tuple[int, int]]) -> Callable[[int], int]:
    ends = dict(labels)
    return lambda pos: ends.get(pos, pos)


def paragraph_directions(text: str, labels: Sequence[tuple[int, int]] = ()) -> list[str | None]:
    """'rtl', 'ltr' or None for each paragraph (line), by its first strong character after any
    speaker label (``labels``: (start, end) spans) and outside [square-bracketed] transcriber
    notes, so an Arabic answer opening with ``[00:02:13] E07: [laughs]`` reads right to left.
    A paragraph with nothing strong but its label takes the label's direction."""
    return list(_directions(text, _span_ends(labels)))


def text_direction(text: str, labels: Sequence[tuple[int, int]] = ()) -> str:
    """'ltr', 'rtl', or 'mixed' when paragraphs of both directions occur."""
    return _overall(_directions(text, _span_ends(labels)))


def document_direction(text: str, turns: Sequence[Span]) -> str:
    """:func:`text_direction` of a text with its speaker ``turns`` (in text order), each
    turn's label found only when its paragraph is looked at: most documents show both
    directions within their first paragraphs, and a 190 MB transcript has 340,000 labels."""
    if _latin1_only(text):
        return "ltr"  # no right-to-left letter lies below U+0100: no paragraph to look at
    return _overall(_directions(text, _TurnLabels(text, turns).end_at))


def _overall(directions: Iterable[str | None]) -> str:
    seen: set[str] = set()
    for direction in directions:
        if direction is not None and direction not in seen:
            seen.add(direction)
            if len(seen) == 2:
                return "mixed"
    return "rtl" if seen == {"rtl"} else "ltr"


def _latin1_only(text: str) -> bool:
    try:
        text.encode("latin-1")  # stops at the first other character
    except UnicodeEncodeError:
        return False
    return True


class _TurnLabels:
    """Where the body of a paragraph begins, for paragraphs asked for in text order."""

    def __init__(self, text: str, turns: Sequence[Span]) -> None:
        self.text, self.turns, self.next = text, turns, 0

    def end_at(self, pos: int) -> int:
        turns, i = self.turns, self.next
        while i < len(turns) and turns[i].start < pos:
            i += 1
        self.next = i
        if i < len(turns) and turns[i].start == pos:
            end = label_end(self.text, pos, turns[i].end)
            return pos if end is None else end
        return pos

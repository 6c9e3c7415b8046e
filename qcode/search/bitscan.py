"""Candidate ends for typo-tolerant search: a bit-parallel filter over the whole text.

Scoring every run of words against the query (what the find bar did first) costs Python work
for each of millions of windows. Here the text is read a chunk at a time as big integers with
one bit per character (one per pattern character, built in C by ``bytes.translate`` and
``int(..., 2)``), and an indel automaton runs over all positions at once, one pattern
character and error count at a time (Wu-Manber's shift-and with errors, turned around: the bit
vector runs along the text): ``B[j][e]`` holds every text position where some text ending
there is within ``e`` insertions and deletions of the first ``j`` pattern characters.
Separators and combining marks are free to skip, so "e-government" and "e  government" both
meet "e government" and a vowel sign never costs anything; folding is per character
(:mod:`qcode.search.normalise`).

The filter never loses a match: skipping separators and marks for nothing only lowers the
cost of an alignment, so every window within ``max_indel`` of the pattern ends at a word end
the automaton keeps. It may keep a few ends that fail the exact score; the caller scores those.
Work is (pattern length x max_indel) big-integer operations per chunk, memory a few
chunk-sized integers however long the text.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from functools import lru_cache

from qcode.search.normalise import EXPANDING, LETTER, MARK, SEP, WORD, char_class, char_fold

CHUNK = 1 << 18  # characters a chunk: integers of 32 KB, cache-sized
CODE_PAGES = ("cp1256", "cp1252", "cp1251", "cp1250", "cp1253", "cp1255", "cp1254")
_SPACE = re.compile(r"\s")


def candidate_ends(text: str, pattern: str, max_indel: int, words_back: int,
                   chunk: int = CHUNK) -> Iterator[int]:
    """Word ends (offsets into ``text``, increasing) where text within ``max_indel``
    insertions and deletions of ``pattern`` may end. A window ending in a chunk starts at most
    ``words_back`` words back, so each chunk is read from that far back."""
    lo = 0
    while lo < len(text):
        hi = _cut(text, lo + chunk)
        start = _back_words(text, lo, words_back) if lo else 0
        # a word running on past the chunk does not end with it
        cut_word = hi < len(text) and char_class(text[hi]) != SEP
        for end in _scan(text[start:hi], pattern, max_indel):
            if lo < start + end < hi or (start + end == hi and not cut_word):
                yield start + end
        lo = hi


def _cut(text: str, at: int) -> int:
    """A chunk boundary at or after ``at``: the next white space, if one is near."""
    if at >= len(text):
        return len(text)
    space = _SPACE.search(text, at, at + 4096)
    return space.start() if space else at


def _back_words(text: str, pos: int, count: int) -> int:
    """The start of the ``count``-th word back from ``pos`` (the word running through ``pos``
    counts), or 0."""
    reach = 256
    while True:
        lo = max(0, pos - reach)
        starts = [m.start() for m in WORD.finditer(text, lo, pos)]
        if lo == 0:
            return starts[-count] if len(starts) >= count else 0
        if len(starts) > count:  # the first may be cut by ``lo``; it is not used
            return starts[-count]
        reach *= 4


def _scan(piece: str, pattern: str, max_indel: int) -> list[int]:
    """Word ends in ``piece`` where an alignment with ``pattern`` costs at most
    ``max_indel``, as offsets into ``piece``."""
    quick = _in_first_code_page(piece)
    if quick is not None:
        (data, codec), back = quick, _same
    else:
        expanded, back = _expand(piece)
        data, codec = _one_byte_each(expanded, pattern)
    reverse = data[::-1]  # int(..., 2) puts the first character highest: bit i is character i
    n = len(data)
    tables = _tables(codec, pattern)
    sep = int(reverse.translate(tables[" "]), 2)
    free = sep | (int(reverse.translate(tables[MARK]), 2) if tables["has_marks"](data) else 0)
    ends = _Masks(reverse, tables)  # built as the automaton first needs each
    ends[" "] = sep << 1
    found = _automaton(pattern, max_indel, ends, free << 1, (1 << (n + 1)) - 1)
    word_end = ((((1 << n) - 1) & ~sep) << 1) & (sep | (1 << n))
    return [back(t) for t in _bits(found & word_end)]


class _Masks(dict):
    """End positions (bit t: character t - 1) of each pattern character, made on first use:
    the automaton stops at the first pattern character no text gets within reach of."""

    def __init__(self, reverse: bytes, tables: dict) -> None:
        super().__init__()
        self.reverse, self.tables = reverse, tables

    def __missing__(self, ch: str) -> int:
        self[ch] = int(self.reverse.translate(self.tables[ch]), 2) << 1
        return self[ch]


def _automaton(pattern: str, max_indel: int, ends: dict[str, int], free: int,
               every: int) -> int:
    """End positions (bits) of text within ``max_indel`` indels of ``pattern``."""
    rows = [every] * (max_indel + 1)  # the empty prefix ends anywhere
    for ch in pattern:
        hit, row = ends[ch], []
        for e in range(max_indel + 1):
            x = (rows[e] << 1) & hit  # the character matches
            if e:  # the pattern character dropped, or a text character inserted
                x |= rows[e - 1] | ((row[e - 1] << 1) & every)
            step = (x << 1) & free  # then any run of separators and marks, for nothing
            if step:
                x |= (((free + step) ^ free) & free) | step
            row.append(x)
        rows = row
        if not rows[max_indel]:
            return 0
    return rows[max_indel]


def _bits(x: int) -> list[int]:
    """The set bits of ``x``, lowest first."""
    digits = format(x, "b")
    top, found = len(digits) - 1, []
    at = digits.rfind("1") if x else -1
    while at != -1:
        found.append(top - at)
        at = digits.rfind("1", 0, at)
    return found


def _expand(piece: str) -> tuple[str, object]:
    """``piece`` with characters whose fold is longer (ß) replaced by that fold, and a
    function taking offsets in the result back to ``piece``."""
    found = [] if piece.isascii() else [
        (m.start(), len(char_fold(m.group()))) for m in EXPANDING.finditer(piece)]
    if not found:
        return piece, lambda t: t
    shifts: list[tuple[int, int]] = []  # (first offset after, characters added so far)
    added = 0
    for at, width in found:
        added += width - 1
        shifts.append((at + added + 1, added))
    expanded = EXPANDING.sub(lambda m: char_fold(m.group()), piece)

    def back(t: int) -> int:
        shift = 0
        for after, total in shifts:
            if t < after:
                break
            shift = total
        return t - shift

    return expanded, back


def _one_byte_each(text: str, pattern: str) -> tuple[bytes, str]:
    """``text`` as one byte a character: ASCII or a Windows code page when one holds it all,
    else codes of our own (slower: a dictionary look-up a character)."""
    if text.isascii():
        return text.encode("ascii"), "ascii"
    for codec in CODE_PAGES:
        try:
            return text.encode(codec), codec
        except UnicodeEncodeError:
            continue
    return text.translate(_own_codes(pattern)).encode("latin-1"), "own:" + pattern


class _Expands(ValueError):
    """A character whose fold is longer: the quick reading does not do."""


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    """Encoding error handler: one character of the first code page for each it lacks,
    compared as that character is, or one the filter may take for a letter of the pattern
    (never one that makes it miss: it only keeps more ends)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(_stand_in_for(ch) for ch in error.object[error.start:error.end]), error.end


@lru_cache(maxsize=4096)
def _stand_in_for(ch: str) -> str:
    kind = char_class(ch)
    if kind == LETTER:
        folded = char_fold(ch)
        if len(folded) != 1:
            raise _Expands(ch)
        if _encodes(folded):
            return folded
    return _STAND_INS[kind]


def _encodes(ch: str) -> bool:
    try:
        ch.encode(CODE_PAGES[0])
    except UnicodeEncodeError:
        return False
    return True


STAND_IN = "qcode.search.stand_in"
codecs.register_error(STAND_IN, _stand_in)
#: a text lacking more than one character in this many is not read the quick way
FOREIGN_SHARE = 20
#: stand-ins of the first code page: separator, mark, a letter hardly ever searched for
_STAND_INS = {SEP: " ", MARK: "\u064e", LETTER: "\u06ba"}


def _in_first_code_page(piece: str) -> tuple[bytes, str] | None:
    """``piece`` in the first code page (Arabic and English), the few characters it lacks (an
    emoji, an alef wasla) given stand-ins; None when it lacks many, or one whose fold is
    longer (none of those is in that code page, so positions never move here)."""
    if piece.isascii():
        return piece.encode("ascii"), "ascii"
    lacking = len(piece) - len(piece.encode(CODE_PAGES[0], "ignore"))
    if lacking * FOREIGN_SHARE > len(piece):
        return None
    try:
        return piece.encode(CODE_PAGES[0], STAND_IN), CODE_PAGES[0]
    except _Expands:
        return None


def _same(t: int) -> int:
    return t


@lru_cache(maxsize=16)
def _own_codes(pattern: str) -> _OwnCodes:
    """One table a pattern, filled as characters are met (a search reads many texts)."""
    return _OwnCodes(pattern)


class _OwnCodes(dict):
    """str.translate table to byte codes: 0 separator, 1 mark, 3 + k the k-th distinct
    pattern character (a mark too, if the pattern has it), 255 any other letter."""

    def __init__(self, pattern: str) -> None:
        super().__init__()
        self.index = {c: i for i, c in enumerate(sorted(set(pattern) - {" "}))}

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        kind = char_class(ch)
        compared = char_fold(ch) if kind == LETTER else ch
        value = kind if kind == SEP else 3 + self.index[compared] \
            if compared in self.index else kind if kind == MARK else 255
        self[code] = chr(min(value, 255))
        return self[code]


@lru_cache(maxsize=64)
def _tables(codec: str, pattern: str) -> dict:
    """``bytes.translate`` tables giving b"1" where a byte is: a separator (key " "), a mark
    (key MARK), or a character compared as a pattern character (that character). A mark
    matches a pattern character that is the same mark (a case fold can make one: "İ" folds to
    "i" and a combining dot, which the query keeps), besides being free to skip."""
    decoded = [_decode(codec, pattern, b) for b in range(256)]

    def table(wanted) -> bytes:  # noqa: ANN001
        return bytes(49 if wanted(kind, ch) else 48 for kind, ch in decoded)

    tables: dict = {c: table(lambda kind, ch, c=c: kind != SEP and ch == c)
                    for c in set(pattern) - {" "}}
    tables[" "] = table(lambda kind, ch: kind == SEP)
    tables[MARK] = table(lambda kind, ch: kind == MARK)
    marks = bytes(b for b in range(256) if decoded[b][0] == MARK)
    tables["has_marks"] = (lambda data: any(m in data for m in marks)) if marks else \
        (lambda data: False)
    return tables


def _decode(codec: str, pattern: str, byte: int) -> tuple[int, str]:
    """(class, character compared) of the character ``byte`` stands for under ``codec``."""
    if codec.startswith("own:"):
        order = sorted(set(pattern) - {" "})
        if byte < 3:
            return byte, ""
        ch = order[byte - 3] if byte - 3 < len(order) else ""
        return (MARK if ch and char_class(ch) == MARK else LETTER), ch
    try:
        ch = bytes([byte]).decode(codec)
    except UnicodeDecodeError:
        return SEP, ""
    kind = char_class(ch)
    return kind, char_fold(ch) if kind == LETTER else ch if kind == MARK else ""

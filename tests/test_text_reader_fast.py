"""The text reader, made fast, reads every file as it did before (up to normalisation).

The reference below is the reader as it was first written: the code page heuristics counting
decoded characters, every line end left to normalisation. Both are followed by normalisation,
which is what an import keeps.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from qcode.errors import InputError
from qcode.importers import text_reader as R
from qcode.importers.normalise import normalise_text
from qcode.importers.text_reader import decode_text

_NON_ASCII = re.compile("[^\x00-\x7f]")
_GLUED = re.compile(f"[^\\W\\d_][{R._GLUED_SIGNS}][^\\W\\d_]")
PATH = Path("t.txt")


def reference_arabic(data: bytes) -> str | None:
    best = None
    for encoding in ("cp1256", "iso8859_6"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        counts = Counter(_NON_ASCII.findall(text))
        high_letters = sum(n for ch, n in counts.items() if ch.isalpha())
        arabic = sum(n for ch, n in counts.items() if R._ARABIC_RE.match(ch))
        if not high_letters or arabic < 0.9 * high_letters:
            continue
        if len(R._UN_ARABIC.findall(text)) > 0.05 * arabic:
            continue
        score = text.count("\u0627") + text.count("\u0644") + (3 if encoding == "cp1256" else 0)
        if best is None or score > best[0]:
            best = (score, encoding)
    return best[1] if best else None


def reference_western(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = 0
    for ch, n in Counter(_NON_ASCII.findall(text)).items():
        if ch in R._WESTERN_SYMBOLS:
            continue
        if not (ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")):
            return None
        letters += n
    if _GLUED.search(text):
        return None
    ascii_letters = len(data.translate(None, R._NOT_ASCII_LETTERS))
    return "cp1252" if letters <= 0.3 * (ascii_letters + letters) else None


def reference_decode(data: bytes) -> str:
    """decode_text as it was first written (the unchanged steps taken from the module)."""
    if not data:
        return ""
    for bom, encoding in R._BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                name = encoding.upper().removesuffix("-SIG")
                raise InputError(f"damaged {name} text", path=PATH) from None
            break
    else:
        text, encoding = _reference_bomless(data)
    if R._bad_controls(text, data, encoding) > max(2, len(text) // 50):
        raise InputError(R.BINARY, path=PATH)
    return text


def _reference_bomless(data: bytes) -> tuple[str, str]:
    if b"\x00" in data:
        found = R._bomless_utf16(data)
        if found is None:
            raise InputError(R.BINARY, path=PATH)
        return found
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = R._damaged_utf8(data)
    if text is not None:
        return text, "utf-8"
    encoding = reference_arabic(data) or reference_western(data)
    if encoding is None:
        for match in R.from_bytes(data[:R._DETECTOR_BYTES].rsplit(b"\n", 1)[0] or data):
            if not match.encoding.startswith(("utf_16", "utf_32")):
                encoding = match.encoding
                break
    try:
        return data.decode(encoding or "?"), encoding
    except (LookupError, UnicodeDecodeError):
        raise InputError(R.BINARY, path=PATH) from None


def outcome(decode, data: bytes) -> str:
    try:
        return normalise_text(decode(data))
    except InputError as exc:
        return "refused: " + exc.reason.split(" (")[0]


PIECES = [
    "Interviewer: What changed? ", "E07: The portal, the café, the élève. ", "Straße über ",
    "“quoted” — dash… 5 € 20° ", "Za¿ó³æ ", "الحكومة الإلكترونية الخدمات ", "государство портал ",
    "x×y ", "\r\n", "\r", "\n", "\t", "  ", "\x00", "\x01", "\x1a", "\x7f",
]
ENCODINGS = ["utf-8", "cp1252", "cp1256", "iso8859_6", "cp1251", "latin-1"]


@st.composite
def files(draw) -> bytes:
    encoding = draw(st.sampled_from(ENCODINGS))
    parts = draw(st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=3)),
                          max_size=30))
    chunks = [p.encode(encoding, errors="ignore") if isinstance(p, str) else p for p in parts]
    bom = draw(st.sampled_from([b"", b"", b"", b"\xef\xbb\xbf"]))
    return bom + b"".join(chunks)


@settings(max_examples=500, deadline=None)
@given(files())
@example(b"ab\r\ncd\r\n  \r\n")
@example(b"\xe2\r\n\x80 mixed \r lone")
@example("Za¿ó³æ café\r\n".encode("cp1252"))
@example(b"ab\r\n" * 50 + b"\x01" * 4)  # as many stray controls as 204 characters allow
@example("الخدمات التسجيل الخدمات لا".encode("iso8859_6"))  # both Arabic code pages read it
def test_the_reader_reads_as_the_reference(data: bytes) -> None:
    assert outcome(lambda d: decode_text(d, PATH), data) == outcome(reference_decode, data)


@pytest.mark.parametrize("encoding, text", [
    ("cp1252", "Le café de l'élève, déjà “fermé” — 5 €.\r\n" * 400),
    ("cp1256", "الحكومة الإلكترونية والخدمات للمواطنين\r\n" * 400),
    ("cp1251", "Государство и портал услуг для граждан\r\n" * 400),
])
def test_a_legacy_file_with_windows_line_ends_reads_as_before(encoding: str, text: str) -> None:
    data = text.encode(encoding)
    assert outcome(lambda d: decode_text(d, PATH), data) == normalise_text(text)
    assert outcome(reference_decode, data) == normalise_text(text)


@pytest.mark.parametrize("cut", range(65533, 65537))
def test_a_character_cut_by_the_utf8_probe_is_still_utf8(cut: int) -> None:
    data = b"a" * cut + "é€ Interviewer: bien\r\n".encode() * 3
    assert outcome(lambda d: decode_text(d, PATH), data) == outcome(reference_decode, data)
    assert outcome(lambda d: decode_text(d, PATH), data).startswith("a" * cut + "é€")

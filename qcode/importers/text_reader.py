"""Plain text files: find the encoding, refuse binary data.

Order of decisions, most certain first:

1. a byte order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. UTF-16 without a BOM, recognised by NUL bytes that all fall on one side of each byte pair;
3. any other NUL byte: binary data;
4. strict UTF-8 (plain ASCII included), or UTF-8 with a few damaged bytes, which become U+FFFD;
5. Arabic in Windows-1256 or ISO-8859-6, when the non-ASCII letters it gives are Arabic letters
   that stand next to other Arabic letters rather than inside Latin words (detectors guess wildly
   on short Arabic texts: a one-word answer comes out as EBCDIC);
6. Windows-1252 (a superset of Latin-1's printable characters), when every non-ASCII character
   is a Latin letter or common Western punctuation and such letters are a minority, as in
   English, French, Italian, Spanish or German text;
7. otherwise charset-normalizer's best guess (Cyrillic, Greek, Central European, CJK...).

Steps 5 and 6 come before the detector because it misreads short texts in exactly the
encodings this project's users write (French in Latin-1 came out as Windows-1250).
Whatever the encoding, text with many control characters is refused as binary data.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

from qcode.errors import InputError

BINARY = "not a text file (binary data)"

_BOMS = (  # UTF-32 before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than \t \n \v \f \r and \x1a (the DOS end-of-file mark).
_BAD_CONTROL = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_ASCII_BYTES = bytes(range(0x80))
_NOT_BAD_ASCII = bytes(b for b in range(256) if not _BAD_CONTROL.match(chr(b)) or b >= 0x80)
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")  # U+0080-U+009F in UTF-8
_LONE_CR = re.compile(b"\r(?!\n)")
_TRAILING_SPACE = frozenset(b" \t\n")
_SAMPLE_PIECE = 1 << 20
_DETECTOR_BYTES = 1 << 18
_UTF8_PROBE = 1 << 16
_NOT_ASCII_LETTERS = bytes(b for b in range(256) if not chr(b).isascii() or not chr(b).isalpha())
_ARABIC_LETTER = "\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f"
_ARABIC_RE = re.compile(f"[{_ARABIC_LETTER}]")
_ARABIC_MARK = "\u064b-\u0652"
_LATIN_OR_SIGN = "A-Za-z\xc0-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
# What real Arabic text never has: Arabic letters glued to Latin letters or to the signs
# x and ÷ (accented Latin or Cyrillic text read in an Arabic code page), and a vowel mark
# that follows no letter.
_UN_ARABIC = re.compile(
    f"[{_LATIN_OR_SIGN}][{_ARABIC_LETTER}]|[{_ARABIC_LETTER}][{_LATIN_OR_SIGN}]"
    f"|(?<![{_ARABIC_LETTER}{_ARABIC_MARK}])[{_ARABIC_MARK}]"
)
_WESTERN_SYMBOLS = frozenset("\xa0“”‘’‚„–—…•€£¢¥§°«»·×÷©®™¡¿ªº±½¼¾²³µ¶†‡‰")
# A sign between two letters ("Za¿ó³æ") is another code page misread; apostrophes, dashes and
# the Catalan middle dot do stand inside words.
_GLUED_SIGNS = "‚„…•€£¢¥§°«»×÷©®™¡¿±½¼¾²³¶†‡‰"
# (The sign first: the search then skips quickly to the signs, the few places to look at.)
_GLUED_SIGN = re.compile(f"[{_GLUED_SIGNS}](?<=[^\\W\\d_].)(?=[^\\W\\d_])")


def read_txt(data: bytes, path: Path) -> str:
    """The text of a plain text file (BOM removed; see :func:`decode_text` for line ends)."""
    return decode_text(data, path)


def decode_text(data: bytes, path: Path) -> str:
    """Decode the bytes of a text file; raise InputError for binary data or a damaged BOM text.

    Line ends may already be LF, and white space at the end dropped, as normalisation does
    (on the bytes, when the codec reads line breaks and spaces byte for byte: far faster than
    on a long text)."""
    if not data:
        return ""
    text, encoding, source, dropped = _decode(data, path)
    if _bad_controls(text, source, encoding) > max(2, (len(text) + dropped) // 50):
        raise InputError(BINARY, path=path)
    return text


def _decode(data: bytes, path: Path) -> tuple[str, str, bytes, int]:
    """The text, the codec that gave it, the bytes it decoded (``data``, or ``data`` with
    plain line ends, see :class:`_Plain`) and how many characters of the file that left out."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            plain = _Plain(data) if encoding == "utf-8-sig" else _Plain(data, plain=False)
            try:
                return plain.decode(encoding), encoding, plain.data, plain.dropped
            except UnicodeDecodeError:
                raise InputError(f"damaged {encoding.upper().removesuffix('-SIG')} text "
                                 "(invalid bytes after the byte order mark)", path=path) from None
    if b"\x00" in data:
        found = _bomless_utf16(data)
        if found is None:
            raise InputError(BINARY, path=path)
        return (*found, data, 0)
    plain = _Plain(data)  # UTF-8 reads it as it reads data, up to those line ends
    if not _surely_not_utf8(data):
        try:
            return plain.decode("utf-8"), "utf-8", plain.data, plain.dropped
        except UnicodeDecodeError:
            pass
    sample = _sample(data)
    if sample is data or _damaged_utf8(sample):
        text = _damaged_utf8(plain.data)
        if text is not None:
            return text, "utf-8", plain.data, plain.dropped - plain.trailing
    for chosen_on in (sample, data) if sample is not data else (data,):
        encoding = _legacy_encoding(chosen_on)
        if encoding is not None:
            source = plain if _reads_bytes_as_ascii(encoding) else _Plain(data, plain=False)
            try:
                return source.decode(encoding), encoding, source.data, source.dropped
            except UnicodeDecodeError:
                continue  # a byte outside the sample: decide again on the whole file
    raise InputError(BINARY, path=path)


class _Plain:
    """A file's bytes with CRLF and lone CR made LF and the white space at the end left out:
    what normalisation would make of its text, for a codec that reads these bytes as ASCII."""

    def __init__(self, original: bytes, *, plain: bool = True) -> None:
        data = original
        if plain and b"\r" in data:
            if _LONE_CR.search(data):
                data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            else:  # CRLF only, the usual case: deleting every CR is far faster
                data = data.replace(b"\r", b"")
        end = len(data)
        while plain and end and data[end - 1] in _TRAILING_SPACE:
            end -= 1
        self.data, self.end, self.trailing = data, end, len(data) - end
        #: characters of the file left out of the text (each byte removed was one)
        self.dropped = len(original) - end

    def decode(self, encoding: str) -> str:
        # (A view of the bytes: slicing them would copy the whole file.)
        return str(memoryview(self.data)[:self.end], encoding)


def _surely_not_utf8(data: bytes) -> bool:
    """Whether the start of ``data`` already is not UTF-8 (a failed decoding copies all the
    bytes it was given into its error: 50 MB for a 50 MB file in another code page)."""
    head = data[:_UTF8_PROBE]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 3  # not a character cut by the end of the probe
    return False


@lru_cache(maxsize=16)
def _reads_bytes_as_ascii(encoding: str) -> bool:
    """Whether ``encoding`` has one byte a character and reads CR, LF, tab and space as
    themselves (so line ends may be made plain on the bytes)."""
    try:
        one_byte = len(bytes(range(256)).decode(encoding, errors="replace")) == 256
        return one_byte and "\r\n\t ".encode(encoding) == b"\r\n\t "
    except (LookupError, UnicodeError):
        return False


def legacy_encoding(data: bytes) -> str | None:
    """The code page of bytes that are not UTF-8 (steps 5 to 7 above, decided on a sample of
    a long file), or None; for readers that must decode without normalising the text."""
    return _legacy_encoding(_sample(data))


def _legacy_encoding(data: bytes) -> str | None:
    """Steps 5 to 7 of the module docstring, on ``data`` (the whole file or a sample)."""
    encoding = _arabic_legacy(data) or _western_legacy(data)
    if encoding is not None:
        return encoding
    # UTF-16 and UTF-32 without BOM or NUL bytes are the detector's desperate guesses.
    # The detector decodes all it is given with every candidate: a shorter sample for it.
    for match in from_bytes(data[:_DETECTOR_BYTES].rsplit(b"\n", 1)[0] or data):
        if not match.encoding.startswith(("utf_16", "utf_32")):
            return match.encoding
    return None


def _sample(data: bytes) -> bytes:
    """``data`` when small; else its start, middle and end, cut at line ends (so no multi-byte
    character is cut), which is what the encoding is decided on: the heuristics count ratios,
    and charset-normalizer on 50 MB takes minutes and gigabytes where a sample takes a second."""
    if len(data) <= 2 * _SAMPLE_PIECE:
        return data
    middle = len(data) // 2
    pieces = (data[:_SAMPLE_PIECE], data[middle:middle + _SAMPLE_PIECE // 2],
              data[-_SAMPLE_PIECE // 2:])
    head = pieces[0][:pieces[0].rfind(b"\n") + 1] or pieces[0]
    rest = [_whole_lines(piece) for piece in pieces[1:]]
    return b"".join([head, *rest])


def _whole_lines(piece: bytes) -> bytes:
    start, end = piece.find(b"\n") + 1, piece.rfind(b"\n") + 1
    return piece[start:end] if end > start else b""


def _bad_controls(text: str, data: bytes, encoding: str) -> int:
    """How many control characters (other than line breaks and tabs) ``text`` holds, counted
    on the bytes where the codec maps them one to one (a regular expression over 50 MB of
    text costs more than reading it)."""
    if encoding in ("utf-8", "utf-8-sig"):
        return len(data.translate(None, _NOT_BAD_ASCII)) + len(_C1_UTF8.findall(data))
    if _reads_bytes_as_ascii(encoding):  # one byte a character
        return len(data.translate(None, _not_bad_bytes(encoding)))
    return len(_BAD_CONTROL.findall(text))


@lru_cache(maxsize=16)
def _not_bad_bytes(encoding: str) -> bytes:
    """The bytes a one-byte-per-character codec does not read as a bad control character."""
    def bad(byte: int) -> bool:
        return bool(_BAD_CONTROL.match(bytes([byte]).decode(encoding, errors="ignore")))

    return bytes(b for b in range(256) if not bad(b))


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: NUL bytes (high bytes of ASCII characters) mostly on one side.

    A few on the other side are low bytes of characters such as U+4E00 or U+3000.
    """
    if len(data) % 2:
        return None
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    pairs = len(data) // 2
    if odd_nuls >= pairs * 0.05 and even_nuls <= odd_nuls * 0.1:
        encoding = "utf-16-le"
    elif even_nuls >= pairs * 0.05 and odd_nuls <= even_nuls * 0.1:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    odd = sum(n for ch, n in Counter(text).items() if not (ch.isprintable() or ch in "\t\n\r"))
    return (text, encoding) if odd <= len(text) * 0.05 else None


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes (a cut last character, a stray byte), read with U+FFFD for them.

    Legacy code pages seldom form valid multi-byte UTF-8 sequences, so many valid ones next to
    few invalid ones mean UTF-8; reading it as Windows-1252 would garble every accented letter.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    # Each ASCII byte reads as itself (no bad sequence swallows one): the rest is non-ASCII.
    good = len(text) - len(data.translate(None, _HIGH_BYTES)) - bad
    return text if good >= 10 * bad else None


class _CodePage:
    """What the high bytes (0x80-0xFF) of a one-byte code page stand for, as sets of bytes:
    the heuristics below count characters by counting bytes (``bytes.translate`` runs through
    megabytes in a millisecond, where a Counter of the decoded characters took a tenth of a
    second)."""

    def __init__(self, encoding: str) -> None:
        chars = {b: bytes([b]).decode(encoding, errors="replace") for b in _HIGH_BYTES}

        def having(test: Callable[[str], bool]) -> bytes:
            return bytes(b for b, ch in chars.items() if ch != "\ufffd" and test(ch))

        self.undefined = bytes(b for b, ch in chars.items() if ch == "\ufffd")
        self.letters = having(str.isalpha)
        self.arabic = having(lambda ch: _ARABIC_RE.match(ch) is not None)
        self.symbols = having(lambda ch: ch in _WESTERN_SYMBOLS)
        self.latin = having(lambda ch: ch.isalpha()
                            and unicodedata.name(ch, "").startswith("LATIN"))
        self.glued_signs = having(lambda ch: ch in _GLUED_SIGNS)
        self.not_western = bytes(set(_HIGH_BYTES) - set(self.symbols) - set(self.latin)
                                 - set(self.undefined))
        self.alef_lam = having(lambda ch: ch in "\u0627\u0644")


@lru_cache(maxsize=4)
def _code_page(encoding: str) -> _CodePage:
    return _CodePage(encoding)


def _count(high: bytes, which: bytes) -> int:
    """How many of the bytes ``high`` are among ``which``."""
    return len(high) - len(high.translate(None, which))


def _arabic_legacy(data: bytes) -> str | None:
    """Windows-1256 or ISO-8859-6 Arabic, or None when the bytes do not read as Arabic."""
    high = data.translate(None, _ASCII_BYTES)
    best: tuple[int, str] | None = None
    for encoding in ("cp1256", "iso8859_6"):
        page = _code_page(encoding)
        if _count(high, page.undefined):
            continue  # a byte the code page does not define
        high_letters, arabic = _count(high, page.letters), _count(high, page.arabic)
        if not high_letters or arabic < 0.9 * high_letters:
            continue
        if len(_UN_ARABIC.findall(data.decode(encoding))) > 0.05 * arabic:
            continue
        # Tie-break on alef and lam, the two most frequent Arabic letters: the two code pages
        # put lam on different bytes, so the wrong one gives fewer. Windows-1256 is far more
        # common, so ISO-8859-6 must win clearly (a three-letter word can go either way).
        score = _count(high, page.alef_lam) + (3 if encoding == "cp1256" else 0)
        if best is None or score > best[0]:
            best = (score, encoding)
    return best[1] if best else None


def _western_legacy(data: bytes) -> str | None:
    """Windows-1252 (Latin-1) text in a Western European language, or None."""
    high = data.translate(None, _ASCII_BYTES)
    page = _code_page("cp1252")
    if _count(high, page.undefined) or _count(high, page.not_western):
        return None  # a byte Windows-1252 lacks, or one that is neither Latin nor a sign
    if _count(high, page.glued_signs) and _GLUED_SIGN.search(data.decode("cp1252")):
        return None
    non_ascii_letters = len(high) - _count(high, page.symbols)
    ascii_letters = len(data.translate(None, _NOT_ASCII_LETTERS))
    # Cyrillic or Greek read as Windows-1252 is accented letters only.
    return "cp1252" if non_ascii_letters <= 0.3 * (ascii_letters + non_ascii_letters) else None

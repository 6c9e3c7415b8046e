"""RTF files, through striprtf.

striprtf decodes ``\\uN`` escapes and ``\\'hh`` bytes in the code page named by ``\\ansicpg`` or
by the font's ``\\fcharset`` (1256 / 178 for Arabic). What this module adds:

- the file's own bytes are read in the ``\\ansicpg`` code page, so that writers that put raw
  8-bit characters in the file (instead of ``\\'hh``) are read right;
- bytes the code page does not define become U+FFFD instead of failing the whole file;
- characters outside the Basic Multilingual Plane, written as two ``\\uN`` surrogate halves,
  are joined into one character;
- a file that does not start with ``{\\rtf`` is refused.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from qcode.errors import InputError

_ANSICPG = re.compile(rb"\\ansicpg(\d{3,5})")
_HEADER_BYTES = 4096
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_rtf(data: bytes, path: Path) -> str:
    """The text of an RTF document, as a word processor shows it (paragraphs become lines)."""
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise InputError("not an RTF file (it does not start with {\\rtf)", path=path)
    encoding = _code_page(data)
    text = rtf_to_text(data.decode(encoding, errors="replace"), encoding=encoding,
                       errors="replace")
    return _join_surrogates(text)


def _code_page(data: bytes) -> str:
    """The Python codec of the document's ``\\ansicpg``, Windows-1252 if absent or unknown."""
    found = _ANSICPG.search(data, 0, _HEADER_BYTES)
    if found:
        name = f"cp{int(found.group(1))}"
        try:
            codecs.lookup(name)
        except LookupError:
            return "cp1252"
        return name
    return "cp1252"


def _join_surrogates(text: str) -> str:
    """Pairs of surrogate halves become the character they encode; lone halves become U+FFFD."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")

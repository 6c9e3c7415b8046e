"""PDF files: the text layer, through pypdf.

Pages are joined with a blank line. Scanned PDFs (no text layer) and password-protected ones
are refused with what to do about it. Against hostile files pypdf bounds stream sizes and
array/dictionary lengths itself; this module also bounds the number of pages and the time spent
extracting, so that a pathological file ends with a message rather than a frozen import.
"""

from __future__ import annotations

import io
import logging
import re
import time
import unicodedata
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from qcode.errors import InputError

# pypdf logs repairs ("EOF marker not found") as warnings; the user gets one clear line instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)

MAX_PAGES = 5000
MAX_SECONDS = 120.0
# What pypdf raises on a damaged file besides its own errors.
_DAMAGE = (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError,
           RecursionError, OverflowError)
# Arabic presentation forms (isolated/initial/medial/final shapes) that PDF text layers often
# hold instead of the letters themselves; NFKC turns them back into letters.
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]+")


def read_pdf(data: bytes, path: Path) -> str:
    """The text of every page, pages separated by a blank line."""
    if b"%PDF-" not in data[:1024]:
        raise InputError("not a PDF file (no %PDF header)", path=path)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("password-protected PDF", path=path)
        texts = _page_texts(reader, path)
    except FileNotDecryptedError:
        raise InputError("password-protected PDF", path=path) from None
    except DependencyError:
        raise InputError("encrypted PDF that needs the 'cryptography' package to open",
                         path=path) from None
    except _DAMAGE as exc:
        raise InputError(f"damaged PDF ({_first_line(exc)})", path=path) from None
    if not texts:
        raise InputError("no text layer (scanned PDF?); run OCR first", path=path)
    return "\n\n".join(texts)


def _page_texts(reader: PdfReader, path: Path) -> list[str]:
    """The stripped text of each page that has any."""
    count = len(reader.pages)
    if count > MAX_PAGES:
        raise InputError(f"the PDF has too many pages ({count}; at most {MAX_PAGES})", path=path)
    deadline = time.monotonic() + MAX_SECONDS
    texts = []
    for page in reader.pages:
        if time.monotonic() > deadline:
            raise InputError(f"reading the text took more than {MAX_SECONDS:.0f} s; "
                             "the PDF may be damaged", path=path)
        text = (page.extract_text() or "").strip()
        if text:
            texts.append(_PRESENTATION_FORMS.sub(_letters, text))
    return texts


def _letters(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:120] if text else type(exc).__name__

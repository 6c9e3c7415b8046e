"""The text of a REFI-QDA text source (or note, or a PDF's text representation), as the file
holds it.

Where the text is, in the order the standard and the tools in the wild put it: the file named
by ``plainTextPath``; else the element's ``PlainTextContent``; else ``sources/<guid>.txt``; a
source with only a ``richTextPath`` .docx, or whose .txt is empty while its .docx is not (as
some tools write), is read through qcode's .docx reader. The text is decoded without changing a
character: a byte-order mark and CRLF line ends stay, because the selections' positions may
count them (:mod:`qcode.exchange.positions` decides what they count).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, replace
from pathlib import Path

from charset_normalizer import from_bytes

from qcode.errors import InputError
from qcode.exchange.archive import Qdpx
from qcode.exchange.records import guid_key
from qcode.importers.docx_reader import read_docx
from qcode.importers.signatures import not_text_reason
from qcode.importers.text_reader import legacy_encoding

# UTF-32 before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one. The mark is decoded
# as U+FEFF and kept, as UTF-8's is.
_BOM_CODECS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
               (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


class SkipSource(Exception):
    """The source has no text qcode can read; it is skipped (with this reason), not refused."""


@dataclass(frozen=True)
class TextRefs:
    """Where an element says its text is."""

    name: str
    guid: str
    plain_path: str | None
    rich_path: str | None
    content: str | None  # PlainTextContent, None when the element has none
    kind: str = "source"  # or "note": what messages call the element

    @property
    def label(self) -> str:
        """The element as messages name it: ``source 'E07'``, ``note 'Memo 1'``."""
        return f"{self.kind} '{self.name}'"

    def as_note(self) -> TextRefs:
        """The same references, of a note (a memo's text), as messages will name it."""
        return replace(self, kind="note")


def source_text(archive: Qdpx, refs: TextRefs, *, base_path: str) -> tuple[str, str]:
    """(raw text, where it came from) of the source ``refs`` describes.

    Raises InputError naming the source for a path outside the archive, a missing file, a
    binary or damaged file; SkipSource when its only text is in a format read nowhere here.
    """
    text, text_from = _plain_text(archive, refs, base_path)
    if text is None or (not text.strip() and refs.rich_path):
        rich = _rich_text(archive, refs, base_path, fallback=text is not None)
        if rich is not None:
            member, rich_text = rich
            how = f"{member} (the .txt was empty)" if text is not None else member
            return rich_text, how
    if text is None:
        raise SkipSource(f"its text is only in {refs.rich_path}, which qcode does not read "
                         "here (a .docx is)")
    return text, text_from


def _plain_text(archive: Qdpx, refs: TextRefs, base_path: str) -> tuple[str | None, str]:
    """The plain text and where it came from; (None, "") when only rich text is given."""
    if refs.plain_path:
        member = archive.source_member(refs.plain_path, base_path=base_path, owner=refs.label)
        return decode_source(archive.read_source(member), archive.path, refs.label, member), \
            member
    if refs.content is not None:
        return refs.content, "PlainTextContent"
    default = f"{guid_key(refs.guid)}.txt"
    if refs.rich_path and not archive.has_source(default):
        return None, ""
    member = archive.source_member(f"internal://{default}", base_path="", owner=refs.label)
    return decode_source(archive.read_source(member), archive.path, refs.label, member), member


def _rich_text(archive: Qdpx, refs: TextRefs, base_path: str, *, fallback: bool
               ) -> tuple[str, str] | None:
    """(member, text) of the source's .docx; None when it has none worth reading.

    With a plain text to ``fallback`` on (an empty .txt), a .docx that is empty or damaged
    leaves that text; without one its refusal names the source.
    """
    if not refs.rich_path:
        return None
    member = archive.source_member(refs.rich_path, base_path=base_path, owner=refs.label)
    data = archive.read_source(member)
    if not data.startswith(b"PK"):
        if fallback:
            return None
        raise SkipSource(f"its text is only in {member}, which is not a .docx")
    try:
        return member, read_docx(data, Path(member))
    except InputError as exc:
        if fallback:
            return None
        raise InputError(f"{refs.label} ({member}): {exc.reason}",
                         path=archive.path) from exc


def decode_source(data: bytes, path: Path, label: str, member: str) -> str:
    """``data`` decoded without changing a character: UTF-8 (a BOM kept as U+FEFF), UTF-16 or
    UTF-32 by their BOM (kept too), else the older code page it is in. Binary data is
    refused naming the source or note (``label``: ``source 'E07'``) and its file."""
    for bom, codec in _BOM_CODECS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"{label} ({member}) is damaged: invalid "
                                 f"{codec[:6].upper()} text", path=path) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    reason = not_text_reason(data)
    if reason is None:
        text = _legacy_text(data)
        if text is not None:
            return text
    raise InputError(f"{label} ({member}) is not text: "
                     f"{reason or 'no text encoding reads it'}", path=path)


def _legacy_text(data: bytes) -> str | None:
    """Bytes in an older code page: qcode's importers' choice (they tell French in Latin-1 and
    Arabic in Windows-1256 where a detector guesses wrong), else charset-normalizer's."""
    encoding = legacy_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass  # a byte outside the sample the code page was chosen on
    guess = from_bytes(data).best()
    return None if guess is None else str(guess)

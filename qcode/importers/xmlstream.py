"""Streaming one XML part of a zip package, safely, without holding it whole.

The streaming twin of :func:`qcode.importers.zipsafe.read_member` followed by
:func:`qcode.importers.safexml.parse_xml`: the member is inflated chunk by chunk (with the same
hard cap and the same refusals) and fed to ``iterparse`` with the same safe settings, so a
190 MB ``word/document.xml`` never sits in memory as bytes nor as a whole tree. The caller frees
what it has read (see :func:`qcode.importers.docx_reader.read_docx`).

A DOCTYPE is refused as :func:`parse_xml` refuses it; it can only stand before the root element,
so the parser never gets past it, but the rest of the part is still scanned (not parsed) for an
``<!ENTITY`` to give the same reason.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TypeVar

from lxml import etree

from qcode.errors import InputError
from qcode.importers.safexml import ENTITY_REASON, parser_refusal
from qcode.importers.zipsafe import MAX_UNCOMPRESSED_TOTAL, member_errors, member_info

# The parser's feed size: lxml's own default. Larger feeds are slower (a 1 MiB feed made a
# 190 MB document.xml 20% slower to stream: the events of a whole feed pile up at once).
_CHUNK = 1 << 15
_DOCTYPE = tuple("<!DOCTYPE".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_ENTITY = tuple("<!ENTITY".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_OVERLAP = max(map(len, _DOCTYPE + _ENTITY))  # a marker may straddle two chunks

#: The parser settings every streamed part is read with (no DTD, no entities, no network).
SAFE_ITERPARSE = dict(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                      dtd_validation=False, remove_comments=True, remove_pis=True,
                      chunk_size=_CHUNK)

T = TypeVar("T")
Events = Iterator[tuple[str, etree._Element]]


def stream_xml(archive: zipfile.ZipFile, name: str, path: Path, tags: tuple[str, ...],
               consume: Callable[[Events], T]) -> T:
    """``consume`` the ("start" | "end", element) events of the elements of member ``name``
    whose tag is in ``tags``; what it returns.

    Raises InputError naming ``path`` for an encrypted, corrupt, oversized or malformed part.
    """
    info = member_info(archive, name, path)
    with member_errors(name, path):
        try:
            with archive.open(info) as member:
                events = etree.iterparse(
                    GuardedMember(member, name, path), events=("start", "end"), tag=tags,
                    **SAFE_ITERPARSE)
                return consume(events)
        except etree.XMLSyntaxError as exc:
            reason = parser_refusal(exc, name) or f"damaged file: {name} is not well-formed XML"
            raise InputError(reason, path=path) from exc


class GuardedMember:
    """The member as the parser reads it: capped in size (``limit`` bytes), refused if it holds
    a DOCTYPE. ``size`` is how many inflated bytes the parser has read so far."""

    def __init__(self, member: BinaryIO, name: str, path: Path, *,
                 limit: int = MAX_UNCOMPRESSED_TOTAL) -> None:
        self.member, self.name, self.path, self.limit = member, name, path, limit
        self.size, self.tail = 0, b""

    def read(self, size: int = -1) -> bytes:
        chunk = self.member.read(size if size > 0 else _CHUNK)
        self.size += len(chunk)
        if self.size > self.limit:
            raise InputError(f"refused: part {self.name!r} inflates past "
                             f"{self.limit // 2**20} MiB (possible zip bomb)", path=self.path)
        window = self.tail + chunk
        if any(form in window for form in _DOCTYPE):
            _refuse_doctype(self.member, window, self.name, self.path)
        self.tail = window[-_OVERLAP:]
        return chunk


def _refuse_doctype(member: BinaryIO, seen: bytes, name: str, path: Path) -> None:
    window = seen
    while True:
        if any(form in window for form in _ENTITY):
            raise InputError(ENTITY_REASON.format(part=name), path=path)
        chunk = member.read(_CHUNK)
        if not chunk:
            break
        window = window[-_OVERLAP:] + chunk
    raise InputError(f"refused: {name} has a DOCTYPE declaration, which documents of this "
                     "kind never have", path=path)

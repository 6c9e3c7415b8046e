"""The sources and notes of a REFI-QDA project XML, one element at a time.

A ``TextSource`` becomes a :class:`~qcode.exchange.records.Source` holding its text and its
``PlainTextSelection``s; a ``PDFSource`` too, through its text ``Representation`` (its regions
of a page are skipped: the representation's selections carry the coding of its text). Picture,
audio and video sources are skipped with the reason. A ``Note`` becomes a
:class:`~qcode.exchange.records.Note`. Positions are kept as the file wrote them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from lxml import etree

from qcode.exchange.archive import Qdpx
from qcode.exchange.qde_codes import GuidRegister
from qcode.exchange.qde_selections import SelectionReader
from qcode.exchange.qde_values import (
    Tags,
    date_time,
    local_name,
    optional_guid,
    required,
    variable_value,
)
from qcode.exchange.records import Note, Record, Skipped, Source, VariableValue
from qcode.exchange.source_text import SkipSource, TextRefs, source_text

_MEDIA = {"PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video"}
_OWN_PARTS = ("Description", "PlainTextContent", "PlainTextSelection", "NoteRef",
              "VariableValue")


class SourceReader:
    """Turns source and note elements into records; what is not kept goes to ``skipped``."""

    def __init__(self, archive: Qdpx, tags: Tags, register: GuidRegister,
                 skipped: list[Skipped], *, base_path: str, origin: str = "") -> None:
        self.archive, self.tags, self.register = archive, tags, register
        self.skipped, self.base_path, self.origin = skipped, base_path, origin
        self.selections = SelectionReader(tags, register, skipped, archive.path)

    def text_source(self, el: etree._Element) -> Iterator[Record]:
        guid, name = self._identity(el, "sources")
        yield from self._source(el, el, guid, name, kind="text")

    def pdf_source(self, el: etree._Element) -> Iterator[Record]:
        guid, name = self._identity(el, "sources")
        text_el = None
        for child in el:
            tag = self.tags.of(child)
            if tag == "Representation":
                text_el = child
            elif tag == "PDFSelection":
                self.skipped.append(Skipped(
                    f"PDF region {child.get('guid', '')} in '{name}'",
                    "qcode codes a PDF's text; a region of a page is not kept (its text "
                    "selection in the representation is)"))
            elif tag == "Coding":
                self._whole_source_coding(name)
        if text_el is None:
            self.skipped.append(Skipped(f"PDF source '{name}'",
                                        "it has no text representation to read"))
            return
        yield from self._source(el, text_el, guid, name, kind="pdf")

    def media_source(self, el: etree._Element) -> Iterator[Record]:
        kind = _MEDIA[self.tags.of(el) or ""]
        name = el.get("name") or el.get("path") or el.get("guid") or ""
        self.skipped.append(Skipped(f"{kind} source '{name}'",
                                    "qcode holds text documents only"))
        yield from ()

    def note(self, el: etree._Element) -> Iterator[Record]:
        guid, name = self._identity(el, "notes")
        try:
            text, _ = source_text(self.archive, self._refs(el, guid, name).as_note(),
                                  base_path=self.base_path)
        except SkipSource as skip:
            self.skipped.append(Skipped(f"note '{name}'", str(skip)))
            return
        for child in el:
            tag = self.tags.of(child)
            if tag == "PlainTextSelection":
                self.skipped.append(Skipped(f"selection {child.get('guid', '')} in note "
                                            f"'{name}'", "qcode keeps a memo's text, not "
                                            "codings inside it"))
            elif tag not in ("Description", "PlainTextContent"):
                self._unknown(child, f"note '{name}'")
        yield Note(guid=guid, name=name, text=text, user_guid=optional_guid(el, "creatingUser"),
                   created=date_time(el.get("creationDateTime")))

    def _identity(self, el: etree._Element, kind: str) -> tuple[str, str]:
        """(guid, name) of a source or note, its GUID registered; the name falls back on the
        file name of its text, then on the GUID."""
        what = "a note" if kind == "notes" else "a source"
        guid = required(el, "guid", f"{what} ('{el.get('name', '')}')", self.archive.path)
        self.register.add(kind, guid)
        name = (el.get("name") or "").strip()
        if not name:
            path = el.get("plainTextPath") or el.get("richTextPath") or el.get("path") or ""
            name = PurePosixPath(path.replace("\\", "/")).stem or guid
        return guid, name

    def _refs(self, el: etree._Element, guid: str, name: str) -> TextRefs:
        content = next((c.text or "" for c in el.iterchildren(*self.tags.clark(
            "PlainTextContent"))), None)  # lxml passes over the selections, not Python
        return TextRefs(name=name, guid=guid, plain_path=el.get("plainTextPath"),
                        rich_path=el.get("richTextPath"), content=content)

    def _source(self, el: etree._Element, text_el: etree._Element, guid: str, name: str, *,
                kind: str) -> Iterator[Record]:
        """The Source of ``el`` whose text and selections are in ``text_el`` (``el`` itself,
        or a PDF's representation)."""
        text_guid = text_el.get("guid") or guid
        try:
            text, text_from = source_text(self.archive, self._refs(text_el, text_guid, name),
                                          base_path=self.base_path)
        except SkipSource as skip:
            self.skipped.append(Skipped(f"source '{name}'", str(skip)))
            return
        if kind == "pdf":
            text_from = f"the PDF's text representation ({text_from})"
        selections = self.selections.read(text_el, name)
        description, notes, values = self._own_parts(el, name, kind)
        yield Source(guid=guid, name=name, raw_text=text, text_from=text_from,
                     selections=selections, note_guids=notes, values=values,
                     description=description, user_guid=optional_guid(el, "creatingUser"),
                     created=date_time(el.get("creationDateTime")), kind=kind,
                     origin=self.origin)

    def _own_parts(self, el: etree._Element, name: str, kind: str
                   ) -> tuple[str, tuple[str, ...], tuple[VariableValue, ...]]:
        """(description, note GUIDs, attribute values) of a source element."""
        description, notes, values = "", [], []
        for child in el:
            if child.tag in self.selections.selection_tags:
                continue  # a million of them: read by the SelectionReader
            tag = self.tags.of(child)
            if tag == "Description":
                description = child.text or ""
            elif tag == "NoteRef" and (target := optional_guid(child, "targetGUID")):
                notes.append(target)
            elif tag == "VariableValue":
                value, why = variable_value(child, self.tags)
                if value is None:
                    self.skipped.append(Skipped(f"a value of source '{name}'", why))
                else:
                    values.append(value)
            elif tag == "Coding" and kind == "text":
                self._whole_source_coding(name)
            elif tag not in _OWN_PARTS and not (
                    kind == "pdf" and tag in ("Representation", "PDFSelection", "Coding")):
                self._unknown(child, f"source '{name}'")
        return description, tuple(notes), tuple(values)

    def _whole_source_coding(self, name: str) -> None:
        self.skipped.append(Skipped(f"coding of the whole source '{name}'",
                                    "qcode codes passages, not whole documents"))

    def _unknown(self, el: etree._Element, where: str) -> None:
        self.skipped.append(Skipped(f"<{local_name(el)}> in {where}",
                                    "not part of REFI-QDA 1.0; qcode does not keep it"))

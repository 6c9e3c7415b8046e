"""Streaming a REFI-QDA project XML into the records of :mod:`qcode.exchange.records`.

The XML of a 1,000,000-coding project is ~400 MB: it is parsed with ``iterparse`` (the safe
settings of :mod:`qcode.importers.xmlstream`: no DTD, no entities, no network), and each item
(a user, a case, a source with its selections, a note ...) is turned into a record and freed as
soon as its end tag is read, so memory holds one source at a time, not the file.

Records come in the file's order: users, codes (parents first), variables, cases, sources,
notes, then :class:`~qcode.exchange.records.ProjectFacts` last. Whatever qcode does not keep
(sets, links, graphs, pictures, audio, video, PDF regions, unknown elements) becomes a
:class:`~qcode.exchange.records.Skipped` with its reason, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from qcode.errors import InputError
from qcode.exchange.archive import Qdpx
from qcode.exchange.qde_codes import GuidRegister, read_codebook, read_codes
from qcode.exchange.qde_sources import SourceReader
from qcode.exchange.qde_values import (
    PROJECT_NS,
    Tags,
    date_time,
    local_name,
    optional_guid,
    required,
    variable_value,
)
from qcode.exchange.records import (
    VARIABLE_TYPES,
    Case,
    ProjectFacts,
    Record,
    Skipped,
    User,
    Variable,
)
from qcode.importers.safexml import parser_refusal
from qcode.importers.xmlstream import SAFE_ITERPARSE
from qcode.progress import Progress, report

__all__ = ["read_codebook", "read_project"]

_SECTION_ITEMS = {
    "Users": ("User",), "Variables": ("Variable",), "Cases": ("Case",),
    "Sources": ("TextSource", "PDFSource", "PictureSource", "AudioSource", "VideoSource"),
    "Notes": ("Note",), "Links": ("Link",), "Sets": ("Set",), "Graphs": ("Graph",),
}
_PROJECT_CHILDREN = ("CodeBook", *_SECTION_ITEMS, "Description", "NoteRef")
_OTHER_TAGS = (
    "Project", "Codes", "Code", "NoteRef", "CodeRef", "SourceRef", "SelectionRef", "VariableRef",
    "VariableValue", "TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue",
    "DateTimeValue", "PlainTextContent", "PlainTextSelection", "Coding", "PDFSelection",
    "Representation", "Description", "MemberCode", "MemberSource", "MemberNote",
)
TAGS = Tags(PROJECT_NS, tuple(dict.fromkeys(
    (*_PROJECT_CHILDREN, *(i for items in _SECTION_ITEMS.values() for i in items),
     *_OTHER_TAGS))))
#: What iterparse reports: the end of each item and each section.
_WATCHED = TAGS.clark("CodeBook", *_SECTION_ITEMS,
                      *(i for items in _SECTION_ITEMS.values() for i in items))
_PROGRESS_STEP = 1 << 20
_SKIP_REASONS = {
    "Link": ("link", "qcode has no links between items"),
    "Set": ("set", "qcode has no sets (groups of codes or documents)"),
    "Graph": ("graph", "qcode has no graphs"),
}


def read_project(archive: Qdpx, *, progress: Progress | None = None) -> Iterator[Record]:
    """The records of the project XML in ``archive``, in the file's order, ProjectFacts last.

    Progress is reported in bytes of the XML read. Raises InputError naming the archive and
    the cause (damaged XML, a DOCTYPE, duplicate GUIDs, a source missing or outside the
    archive ...); the caller's transaction then leaves the project unchanged.
    """
    attributes = _root_attributes(archive)
    yield from _ProjectReader(archive, attributes, progress).records()


def _root_attributes(archive: Qdpx) -> dict[str, str]:
    """The root element's attributes, checked to be a REFI-QDA ``Project`` (read from the
    first bytes only)."""
    name = archive.project_xml
    with xml_errors(name, archive.path), archive.open_xml() as stream:
        for _, root in etree.iterparse(stream, events=("start",), **SAFE_ITERPARSE):
            namespace = etree.QName(root).namespace or ""
            if local_name(root) != "Project":
                raise InputError(f"not a REFI-QDA project (.qdpx): {name} holds "
                                 f"<{local_name(root)}>, not a <Project>", path=archive.path)
            if namespace not in ("", PROJECT_NS):
                raise InputError(f"not a REFI-QDA project (.qdpx): the <Project> of {name} is "
                                 f"in the namespace '{namespace}', not {PROJECT_NS}",
                                 path=archive.path)
            return dict(root.attrib)
    raise InputError(f"damaged project XML: {name} is empty", path=archive.path)


@contextmanager
def xml_errors(name: str, path: Path) -> Iterator[None]:
    """Turn the parser's complaint about member ``name`` into one line naming ``path``."""
    try:
        yield
    except etree.XMLSyntaxError as exc:
        refusal = parser_refusal(exc, name)
        if refusal is not None:
            raise InputError(refusal, path=path) from exc
        if exc.lineno == 0:  # nothing at all to parse
            raise InputError(f"damaged project XML: {name} is empty", path=path) from exc
        raise InputError(f"damaged project XML: {name} is not well-formed XML "
                         f"(line {exc.lineno})", path=path) from exc


class _ProjectReader:
    """One pass over the project XML, an item at a time."""

    def __init__(self, archive: Qdpx, attributes: dict[str, str],
                 progress: Progress | None) -> None:
        self.archive, self.path, self.progress = archive, archive.path, progress
        self.attributes = attributes
        self.register = GuidRegister(archive.path)
        self.skipped: list[Skipped] = []
        self.sources = SourceReader(archive, TAGS, self.register, self.skipped,
                                    base_path=attributes.get("basePath", ""),
                                    origin=attributes.get("origin", ""))
        self.handlers: dict[str, Callable[[etree._Element], Iterator[Record]]] = {
            "User": self._user, "CodeBook": self._codebook, "Variable": self._variable,
            "Case": self._case, "TextSource": self.sources.text_source,
            "PDFSource": self.sources.pdf_source, "PictureSource": self.sources.media_source,
            "AudioSource": self.sources.media_source, "VideoSource": self.sources.media_source,
            "Note": self.sources.note, "Link": self._skip, "Set": self._skip,
            "Graph": self._skip,
        }

    def records(self) -> Iterator[Record]:
        name, total, reported = self.archive.project_xml, self.archive.xml_size(), 0
        with xml_errors(name, self.path), self.archive.open_xml() as stream:
            events = etree.iterparse(stream, events=("end",), tag=_WATCHED, **SAFE_ITERPARSE)
            for _, el in events:
                yield from self._element(el)
                if stream.size - reported >= _PROGRESS_STEP:
                    reported = stream.size
                    report(self.progress, reported, total, "Reading the project")
            root = events.root
        report(self.progress, total, total, "Reading the project")
        yield from self._project_facts(root)

    def _element(self, el: etree._Element) -> Iterator[Record]:
        """The records of an item or a section that has just ended; the element freed."""
        tag = TAGS.of(el)
        parent = el.getparent()
        at_top = parent is not None and parent.getparent() is None
        if tag == "CodeBook" and at_top:
            yield from self._codebook(el)
        elif tag in _SECTION_ITEMS and at_top:
            self._leftovers(el, tag)
        elif (parent is not None and parent.getparent() is not None
              and parent.getparent().getparent() is None
              and tag in _SECTION_ITEMS.get(TAGS.of(parent) or "", ())):
            yield from self.handlers[tag](el)
            self._release(el, TAGS.of(parent) or "")
        else:
            return  # inside something else: that item reports it as not understood
        yield from self._flush_skipped()

    def _flush_skipped(self) -> Iterator[Skipped]:
        if self.skipped:
            yield from self.skipped
            self.skipped.clear()

    def _release(self, el: etree._Element, section: str) -> None:
        """Free a finished item and what stands before it in its section (reporting any
        element there that is not one of the section's items)."""
        el.clear(keep_tail=False)
        parent = el.getparent()
        while (previous := el.getprevious()) is not None:
            if TAGS.of(previous) not in _SECTION_ITEMS[section]:
                self._unknown(previous, f"the {section.lower()}")
            del parent[0]

    def _leftovers(self, section: etree._Element, name: str) -> None:
        """At a section's end: report what is in it besides its items, and free it."""
        for child in section:
            if TAGS.of(child) not in _SECTION_ITEMS[name]:
                self._unknown(child, f"the {name.lower()}")
        section.clear(keep_tail=False)

    def _unknown(self, el: etree._Element, where: str) -> None:
        self.skipped.append(Skipped(f"<{local_name(el)}> in {where}",
                                    "not part of REFI-QDA 1.0; qcode does not keep it"))

    def _user(self, el: etree._Element) -> Iterator[Record]:
        guid = required(el, "guid", f"user '{el.get('name', '')}'", self.path)
        self.register.add("users", guid)
        yield User(guid=guid, name=(el.get("name") or el.get("id") or "").strip())

    def _codebook(self, el: etree._Element) -> Iterator[Record]:
        for child in el:
            if TAGS.of(child) == "Codes":
                yield from read_codes(child, TAGS, self.register, self.skipped)
            else:
                self._unknown(child, "the codebook")
        el.clear(keep_tail=False)

    def _variable(self, el: etree._Element) -> Iterator[Record]:
        guid = required(el, "guid", f"variable '{el.get('name', '')}'", self.path)
        self.register.add("variables", guid)
        name = (el.get("name") or "").strip() or guid
        given = (el.get("typeOfVariable") or "").strip()
        kind = next((t for t in VARIABLE_TYPES if t.lower() == given.lower()), None)
        if kind is None:
            kind = "Text"
            self.skipped.append(Skipped(f"type {given!r} of variable '{name}'",
                                        "not a REFI-QDA variable type; read as Text"))
        description = next((c.text or "" for c in el if TAGS.of(c) == "Description"), "")
        yield Variable(guid=guid, name=name, type=kind, description=description)

    def _case(self, el: etree._Element) -> Iterator[Record]:
        guid = required(el, "guid", f"case '{el.get('name', '')}'", self.path)
        self.register.add("cases", guid)
        name = (el.get("name") or "").strip()
        what = f"case '{name or guid}'"
        values, sources, description = [], [], ""
        for child in el:
            tag = TAGS.of(child)
            if tag == "VariableValue":
                value, why = variable_value(child, TAGS)
                if value is None:
                    self.skipped.append(Skipped(f"a value of {what}", why))
                else:
                    values.append(value)
            elif tag == "SourceRef" and (target := optional_guid(child, "targetGUID")):
                sources.append(target)
            elif tag == "Description":
                description = child.text or ""
            elif tag in ("CodeRef", "SelectionRef"):
                self.skipped.append(Skipped(f"<{tag}> of {what}", "qcode keeps a case's "
                                            "attributes for its documents, not codes or "
                                            "passages of a case"))
            else:
                self._unknown(child, what)
        yield Case(guid=guid, name=name, values=tuple(values), source_guids=tuple(sources),
                   description=description)

    def _skip(self, el: etree._Element) -> Iterator[Record]:
        word, reason = _SKIP_REASONS[TAGS.of(el) or ""]
        self.skipped.append(Skipped(f"{word} '{el.get('name') or el.get('guid') or ''}'",
                                    reason))
        yield from ()

    def _project_facts(self, root: etree._Element) -> Iterator[Record]:
        description, notes = "", []
        for child in root:
            tag = TAGS.of(child)
            if tag == "Description":
                description = child.text or ""
            elif tag == "NoteRef" and (target := optional_guid(child, "targetGUID")):
                notes.append(target)
            elif tag not in _PROJECT_CHILDREN:
                self._unknown(child, "the project")
        yield from self._flush_skipped()
        attributes = self.attributes
        yield ProjectFacts(name=attributes.get("name", ""), origin=attributes.get("origin", ""),
                           description=description, note_guids=tuple(notes),
                           created=date_time(attributes.get("creationDateTime")),
                           creating_user_guid=(attributes.get("creatingUserGUID") or "").strip()
                           or None)

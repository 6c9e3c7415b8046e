"""The elements of a REFI-QDA project XML (and of a codebook), written to an lxml ``xmlfile``.

Each function writes one part of the document in the order Project.xsd wants it, from the plain
rows of :mod:`qcode.exchange.snapshot`; none builds a tree of more than one element, so the
writer streams. Text from the project goes through :func:`~qcode.export.files.xml_safe` (XML
cannot hold some control characters that a pasted memo may).

Choices made here, so that another tool reads what qcode means and qcode reads its own files
back unchanged:

- every code is codable (``isCodable="true"``): qcode codes parents too;
- a qcode attribute becomes a Variable whose Description says qcode's own type
  (:func:`variable_description`, read back by :func:`qcode_attribute_type`): REFI-QDA has no
  "choice", and a number attribute is Integer only while every value is a whole number;
- each coding is one ``PlainTextSelection`` holding one ``Coding``; the coding's memo is a Note
  referenced from the selection;
- a memo (project, document, code, coding) is a ``Note`` whose text is ``PlainTextContent``.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape

from lxml import etree

from qcode.exchange.snapshot import (
    AttributeRow,
    CodeNode,
    CoderRow,
    DocumentRow,
    derived_guid,
    derived_guid_of,
    guid_text,
)
from qcode.export.files import xml_safe

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

_RGB = re.compile(r"#[0-9A-Fa-f]{6}")
_TYPE_NOTE = "qcode attribute type: "


def variable_description(qcode_type: str) -> str:
    """The Variable's Description that keeps qcode's attribute type (text, number, date,
    choice) through a file whose types cannot say it."""
    return _TYPE_NOTE + qcode_type


def qcode_attribute_type(description: str) -> str | None:
    """The qcode attribute type a Variable's Description names, or None when it names none
    (a file from another tool)."""
    text = description.strip()
    if not text.startswith(_TYPE_NOTE):
        return None
    kind = text.removeprefix(_TYPE_NOTE).strip()
    return kind if kind in ("text", "number", "date", "choice") else None


def xml_time(value: datetime) -> str:
    """An ``xsd:dateTime`` in UTC (qcode stores naive UTC times)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    # not strftime("%Y"): the C library may write the year 1 as "1", which no reader takes
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:"
            f"{value.minute:02d}:{value.second:02d}Z")


def epoch_time(seconds: int) -> str:
    """An ``xsd:dateTime`` in UTC of a time in seconds since 1970 UTC (a million codings made
    at different times: the C library formats the years from 1970 on, four digits each)."""
    if seconds >= 0:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))
    return xml_time(_EPOCH + timedelta(seconds=seconds))


_EPOCH = datetime(1970, 1, 1)


def iso_time(text: str) -> str | None:
    """A stored ISO 8601 time as an ``xsd:dateTime`` in UTC; None if it does not read as one."""
    try:
        return xml_time(datetime.fromisoformat(text))
    except ValueError:
        return None


@dataclass(frozen=True)
class NoteRow:
    """A memo written as a Note: its GUID (referenced from its owner), title and text."""

    guid: str
    name: str
    text: str


def tag(name: str, ns: str = PROJECT_NS) -> str:
    return f"{{{ns}}}{name}"


def _empty(xf: etree.xmlfile, name: str, attrib: Mapping[str, str],
           ns: str = PROJECT_NS) -> None:
    with xf.element(tag(name, ns), attrib):
        pass


def _text(xf: etree.xmlfile, name: str, text: str, ns: str = PROJECT_NS) -> None:
    with xf.element(tag(name, ns)):
        xf.write(xml_safe(text))


def write_users(xf: etree.xmlfile, coders: Sequence[CoderRow]) -> None:
    if not coders:
        return
    with xf.element(tag("Users")):
        for coder in coders:
            _empty(xf, "User", {"guid": coder.uuid, "name": xml_safe(coder.name)})


def write_codes(xf: etree.xmlfile, roots: Sequence[CodeNode], *, ns: str = PROJECT_NS) -> None:
    """``<Codes>`` with the tree nested; memos as NoteRefs only in a project (a codebook file
    has no notes). Callers leave out ``<Codes>`` when there are no codes: the XSDs want one."""
    with xf.element(tag("Codes", ns)):
        for node in roots:
            _write_code(xf, node, ns)


def _write_code(xf: etree.xmlfile, node: CodeNode, ns: str) -> None:
    attrib = {"guid": node.uuid, "name": xml_safe(node.name), "isCodable": "true"}
    if _RGB.fullmatch(node.colour):
        attrib["color"] = node.colour
    with xf.element(tag("Code", ns), attrib):
        if node.description:
            _text(xf, "Description", node.description, ns)
        if node.memo and ns == PROJECT_NS:
            _empty(xf, "NoteRef", {"targetGUID": derived_guid(node.uuid, "note")})
        for child in node.children:
            _write_code(xf, child, ns)


def write_variables(xf: etree.xmlfile, attributes: Sequence[AttributeRow]) -> None:
    if not attributes:
        return
    with xf.element(tag("Variables")):
        for a in attributes:
            with xf.element(tag("Variable"), {"guid": a.uuid, "name": xml_safe(a.name),
                                              "typeOfVariable": a.refi_type}):
                _text(xf, "Description", variable_description(a.type))


def write_cases(xf: etree.xmlfile, documents: Sequence[DocumentRow],
                attributes: Sequence[AttributeRow],
                values: Mapping[int, Mapping[int, str]]) -> int:
    """One Case per document with attribute values, referencing its source; returns the
    number of values written. Missing values are left out."""
    with_values = [d for d in documents if values.get(d.id)]
    if not with_values:
        return 0
    written = 0
    with xf.element(tag("Cases")):
        for doc in with_values:
            own = values[doc.id]
            with xf.element(tag("Case"), {"guid": derived_guid(doc.uuid, "case"),
                                          "name": xml_safe(doc.name)}):
                for a in attributes:
                    if a.id in own:
                        _write_value(xf, a, own[a.id])
                        written += 1
                _empty(xf, "SourceRef", {"targetGUID": doc.uuid})
    return written


def _write_value(xf: etree.xmlfile, attribute: AttributeRow, value: str) -> None:
    with xf.element(tag("VariableValue")):
        _empty(xf, "VariableRef", {"targetGUID": attribute.uuid})
        if attribute.refi_type == "Float":  # xsd:decimal has no exponent: 1e-05 -> 0.00001
            value = format(Decimal(value), "f")
        _text(xf, f"{attribute.refi_type}Value", value)


def write_source(xf: etree.xmlfile, raw: Callable[[bytes], object], doc: DocumentRow,
                 codings: Iterable[Sequence], code_guids: Mapping[int, str],
                 coder_guids: Mapping[int, str]) -> int:
    """A ``TextSource`` whose text is ``sources/<uuid>.txt``, with a selection per coding
    and the document's memo as a NoteRef; returns the number of codings written. ``raw``
    writes bytes to the stream ``xf`` writes to (the selections, see :func:`_selections`);
    the GUIDs of codes and coders come as :func:`attribute_guids` gives them."""
    attrib = {"guid": doc.uuid, "name": xml_safe(doc.name),
              "plainTextPath": f"internal://{doc.uuid}.txt",
              "creationDateTime": xml_time(doc.created)}
    with xf.element(tag("TextSource"), attrib):
        xf.flush()  # lxml has written the start tag whole: the selections follow it
        written = 0
        for chunk, count in _selections(codings, code_guids, coder_guids):
            raw(chunk)
            written += count
        if doc.memo:
            _empty(xf, "NoteRef", {"targetGUID": derived_guid(doc.uuid, "note")})
    return written


_SELECTION = ('<PlainTextSelection guid="%s" startPosition="%d" endPosition="%d" '
              'creatingUser="%s" creationDateTime="%s"><Coding guid="%s" creatingUser="%s" '
              'creationDateTime="%s"><CodeRef targetGUID="%s"></CodeRef></Coding>')
_NOTE_REF = '<NoteRef targetGUID="%s"></NoteRef>'
_SELECTIONS_AT_ONCE = 2000


def _selections(codings: Iterable[Sequence], code_guids: Mapping[int, str],
                coder_guids: Mapping[int, str]) -> Iterator[tuple[bytes, int]]:
    """The hot loop of a large export (a million codings pass here): each coding's selection
    as markup, in chunks of UTF-8 (with how many selections each holds), the elements and
    attributes in the order lxml would write them. Made as text rather than by three
    ``xmlfile.element`` calls a coding, which cost as much as the rest of the export: every
    value is a GUID, a number or a time (the codebook's and coders' GUIDs escaped once, by
    :func:`attribute_guids`), so nothing in them needs escaping."""
    last_created: int | None = None
    when = ""
    out: list[str] = []
    count = 0
    for raw, start, end, code_id, coder_id, created, has_memo in codings:
        if created != last_created:  # codings made together share a time: format it once
            last_created, when = created, epoch_time(created)
        user = coder_guids[coder_id]
        out.append(_SELECTION % (derived_guid_of(raw, "selection"), start, end, user, when,
                                 guid_text(raw), user, when, code_guids[code_id]))
        if has_memo:
            out.append(_NOTE_REF % derived_guid_of(raw, "note"))
        out.append("</PlainTextSelection>")
        count += 1
        if count == _SELECTIONS_AT_ONCE:
            yield "".join(out).encode(), count
            out.clear()
            count = 0
    if out:
        yield "".join(out).encode(), count


def attribute_guids(guids: Mapping[int, str]) -> dict[int, str]:
    """GUIDs as attribute values, for :func:`write_source` (a stored GUID is hexadecimal;
    escaped all the same)."""
    return {key: escape(xml_safe(guid), {'"': "&quot;"}) for key, guid in guids.items()}


def write_notes(xf: etree.xmlfile, notes: Iterable[NoteRow]) -> int:
    """``<Notes>`` (left out when there are none); returns how many were written."""
    notes = iter(notes)
    first = next(notes, None)
    if first is None:
        return 0
    written = 0
    with xf.element(tag("Notes")):
        for note in itertools.chain((first,), notes):
            with xf.element(tag("Note"), {"guid": note.guid, "name": xml_safe(note.name)}):
                _text(xf, "PlainTextContent", note.text)
            written += 1
    return written

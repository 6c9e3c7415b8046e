"""Parsing XML from files users import, safely.

Office and OpenDocument XML never carries a DOCTYPE, so one is refused outright: that stops
entity expansion ("billion laughs") and external entities (XXE, e.g. reading /etc/passwd) before
the parser sees them. The parser is also set to never resolve entities, never touch the network
and keep libxml2's limits on huge trees, as a second line of defence.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from qcode.errors import InputError

_DOCTYPE_FORMS = tuple("<!DOCTYPE".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_ENTITY_FORMS = tuple("<!ENTITY".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be"))

ENTITY_REASON = ("refused: {part} declares XML entities (a DOCTYPE with <!ENTITY>), which can "
                 "expand without end or read other files")
_DEPTH = re.compile(r"excessive depth in document: (\d+)")


def parser_refusal(exc: etree.XMLSyntaxError, part: str) -> str | None:
    """The reason, in words, when the parser refused ``part`` for one of its safety limits
    (entities, nesting, a huge text); None when it is a plain syntax error. libxml2 names the
    nesting limit and the text one alike ("use XML_PARSE_HUGE"): the depth is told first."""
    message = str(exc).lower()
    if "entit" in message:
        return ENTITY_REASON.format(part=part)
    depth = _DEPTH.search(message)
    if depth is not None:
        return (f"refused: {part} nests elements more than {depth.group(1)} deep (the XML "
                "parser's limit)")
    if "huge" in message:
        return (f"refused: {part} holds a text longer than the XML parser's limit (10 MB in "
                "one element)")
    return None


def _parser() -> etree.XMLParser:
    # A parser per call: lxml parsers must not be shared between threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def _has_any(data: bytes, forms: tuple[bytes, ...]) -> bool:
    return any(form in data for form in forms)


def parse_xml(data: bytes, path: Path, part: str) -> etree._Element:
    """The root element of XML ``data`` (member ``part`` of the file at ``path``).

    Raises InputError naming the file and the cause if the XML is malformed or declares a DTD.
    """
    if _has_any(data, _DOCTYPE_FORMS):
        if _has_any(data, _ENTITY_FORMS):
            raise InputError(ENTITY_REASON.format(part=part), path=path)
        raise InputError(f"refused: {part} has a DOCTYPE declaration, which documents of this "
                         "kind never have", path=path)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        reason = parser_refusal(exc, part) or f"damaged file: {part} is not well-formed XML"
        raise InputError(reason, path=path) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise InputError(ENTITY_REASON.format(part=part), path=path)
    return root

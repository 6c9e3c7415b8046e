"""Reading the values of REFI-QDA XML: tags in either form, colours, dates, typed values.

The project XML is in the namespace ``urn:QDA-XML:project:1.0`` (a .qdc in
``urn:QDA-XML:codebook:1.0``); files without a namespace are read too. :class:`Tags` maps each
tag qcode knows, in both forms, to its local name with one dictionary look-up (the reader asks
millions of times on a large project).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from qcode.errors import InputError
from qcode.exchange.records import VariableValue, guid_key

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

_COLOUR = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
_TRUE, _FALSE = frozenset({"true", "1"}), frozenset({"false", "0"})


class Tags:
    """Local names of the tags of one REFI-QDA namespace, and the same tags without one."""

    def __init__(self, namespace: str, names: tuple[str, ...]) -> None:
        self.namespace = namespace
        self.local: dict[str, str] = {}
        for name in names:
            self.local[name] = name
            self.local[f"{{{namespace}}}{name}"] = name

    def clark(self, *names: str) -> tuple[str, ...]:
        """Each name in both forms, for ``iterparse``'s tag filter."""
        return tuple(tag for name in names for tag in (f"{{{self.namespace}}}{name}", name))

    def of(self, el: etree._Element) -> str | None:
        """The element's local name, None for a tag of another namespace or unknown."""
        return self.local.get(el.tag)


def local_name(el: etree._Element) -> str:
    """An element's tag without its namespace, for messages."""
    return etree.QName(el).localname if isinstance(el.tag, str) else "?"


def required(el: etree._Element, attribute: str, what: str, path: Path, *,
             document: str = "project") -> str:
    """An attribute the standard requires and qcode needs (a guid); refused when missing.
    ``document`` names what the XML is of: a "project" (.qdpx) or a "codebook" (.qdc)."""
    value = el.get(attribute)
    if value is None or not value.strip():
        raise InputError(f"damaged {document} XML: {what} has no {attribute} "
                         f"(line {el.sourceline})", path=path)
    return value.strip()


def optional_guid(el: etree._Element, attribute: str) -> str | None:
    value = el.get(attribute)
    return value.strip() if value and value.strip() else None


def colour(value: str | None) -> str | None:
    """``#rrggbb`` in lower case (``#abc`` widened); None for none or one that is not RGB."""
    if value is None:
        return None
    match = _COLOUR.fullmatch(value.strip())
    if match is None:
        return None
    digits = match.group(1).lower()
    return "#" + (digits if len(digits) == 6 else "".join(c * 2 for c in digits))


def boolean(value: str | None, default: bool) -> bool:
    text = (value or "").strip().lower()
    return True if text in _TRUE else False if text in _FALSE else default


def date_time(value: str | None) -> datetime | None:
    """An xsd:dateTime ("2024-09-15T15:36:45Z"); None for none or one that does not parse."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


_VALUE_PARSERS = {
    "TextValue": lambda text: text,
    "BooleanValue": lambda text: _strict_boolean(text),
    "IntegerValue": lambda text: int(text),
    "FloatValue": lambda text: float(Decimal(text)),
    "DateValue": lambda text: date.fromisoformat(text),
    "DateTimeValue": lambda text: datetime.fromisoformat(text),
}
VALUE_TAGS = tuple(_VALUE_PARSERS)
_VALUE_WORDS = {"BooleanValue": "true or false", "IntegerValue": "a whole number",
                "FloatValue": "a number", "DateValue": "a date (YYYY-MM-DD)",
                "DateTimeValue": "a date and time"}


def _strict_boolean(text: str) -> bool:
    lowered = text.lower()
    if lowered not in _TRUE | _FALSE:
        raise ValueError(text)
    return lowered in _TRUE


def variable_value(el: etree._Element, tags: Tags) -> tuple[VariableValue | None, str]:
    """(the typed value of a ``VariableValue``, "") or (None, why it cannot be read).

    The value's type is the element that holds it: IntegerValue -> int, DateValue -> date...
    An empty or missing value element is a value of None.
    """
    variable = None
    value_tag, text = None, None
    for child in el:
        name = tags.of(child)
        if name == "VariableRef":
            variable = optional_guid(child, "targetGUID")
        elif name in _VALUE_PARSERS:
            value_tag, text = name, child.text
    if variable is None:
        return None, "it names no variable (no VariableRef)"
    if value_tag is None or text is None or not text.strip():
        return VariableValue(variable, None), ""
    raw = text if value_tag == "TextValue" else text.strip()
    try:
        return VariableValue(variable, _VALUE_PARSERS[value_tag](raw)), ""
    except (ValueError, InvalidOperation, ArithmeticError):
        return None, f"{value_tag} {raw!r} is not {_VALUE_WORDS[value_tag]}"


def guid_bytes(guid: str) -> bytes:
    """A GUID compactly, to remember a million of them: its 16 bytes (or its text when it is
    not hexadecimal)."""
    key = guid_key(guid)
    try:
        return bytes.fromhex(key.replace("-", ""))
    except ValueError:
        return b"text:" + key.encode()

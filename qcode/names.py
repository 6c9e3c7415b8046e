"""What a code name and a code colour may be: the rules every way of creating a code shares."""

from __future__ import annotations

import re
import unicodedata

from qcode.errors import InputError
from qcode.queries import PATH_SEP

MAX_NAME = 300
_COLOUR = re.compile(r"#?([0-9a-fA-F]{6})")


def check_colour(colour: str) -> str:
    """``#rrggbb`` (lower case) from ``#RRGGBB`` or ``RRGGBB``; InputError otherwise."""
    match = _COLOUR.fullmatch(colour.strip())
    if match is None:
        raise InputError(f"not a colour: {colour!r} (write #RRGGBB, e.g. #3b7dd8)")
    return f"#{match[1].lower()}"


def check_name(name: str) -> str:
    """A code name, stripped; refused when empty, too long, with '/' or control characters."""
    name = name.strip()
    if not name:
        raise InputError("a code needs a name")
    if PATH_SEP in name:
        raise InputError(f"a code name cannot contain {PATH_SEP!r}: {name!r} "
                         "(it separates parent and child in code paths)")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise InputError(f"a code name cannot contain line breaks or tabs: {name!r}")
    if len(name) > MAX_NAME:
        raise InputError(f"code name too long ({len(name)} characters; at most {MAX_NAME})")
    return name


def same_name(a: str, b: str) -> bool:
    """Whether two code names are the same to a reader: equal ignoring case (and Unicode
    composition), as ``Trust`` and ``TRUST`` are; siblings may not share a name in this sense."""
    return name_key(a) == name_key(b)


def name_key(name: str) -> str:
    """A code name as :func:`same_name` compares it."""
    return unicodedata.normalize("NFC", name.strip()).casefold()

"""The selections of a text source read column by column, when they all have the common shape.

Nearly every selection a tool writes is one ``PlainTextSelection`` holding one ``Coding`` that
holds one ``CodeRef``, and nothing else. For a source whose selections all look like that, each
attribute is read for all of them at once by a compiled XPath (one walk in C, a list of plain
strings), instead of visiting a million elements from Python. Anything else (a second coding,
a note, a description, an attribute present on some selections only, the two spellings of the
tags mixed) returns None, and :class:`~qcode.exchange.qde_selections.
SelectionReader` reads that source element by element, with all its checks and reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

_SELECTION = ("guid", "startPosition", "endPosition", "creatingUser", "creationDateTime", "name")
_CODING = ("guid", "creatingUser", "creationDateTime")
_REQUIRED = frozenset({"guid", "startPosition", "endPosition", "coding guid", "code"})
_ANY_NODE = "count(node()) - count(text())"


@dataclass(frozen=True)
class Columns:
    """Each attribute's values in document order (a column absent from every selection is
    None); ``coding`` the same for the selections' ``Coding``s, ``code`` their ``CodeRef``s."""

    selection: dict[str, list[str] | None]
    coding: dict[str, list[str] | None]
    code: list[str]


class _Spelling:
    """The compiled XPaths for one spelling of the tags: with the REFI-QDA namespace
    (``prefix`` "q:") or without one (``prefix`` "")."""

    def __init__(self, namespace: str, prefix: str) -> None:
        def xpath(expression: str) -> etree.XPath:
            return etree.XPath(expression, namespaces={"q": namespace}, smart_strings=False)

        sel, cod, ref = f"{prefix}PlainTextSelection", f"{prefix}Coding", f"{prefix}CodeRef"
        self.count = xpath(f"count({sel})")
        self.common = xpath(f"count({sel}[{_ANY_NODE} = 1][{cod}[{_ANY_NODE} = 1][{ref}]])")
        self.selection = {name: xpath(f"{sel}/@{name}") for name in _SELECTION}
        self.coding = {name: xpath(f"{sel}/{cod}/@{name}") for name in _CODING}
        self.code = xpath(f"{sel}/{cod}/{ref}/@targetGUID")


class ColumnReader:
    """Reads the selections under a text element as :class:`Columns`, or says it cannot."""

    def __init__(self, namespace: str) -> None:
        self.spellings = (_Spelling(namespace, "q:"), _Spelling(namespace, ""))

    def read(self, text_el: etree._Element) -> Columns | None:
        counts = [int(s.count(text_el)) for s in self.spellings]
        if counts[0] and counts[1]:
            return None  # the two spellings mixed: element by element
        spelling = self.spellings[0 if counts[0] else 1]
        n = max(counts)
        if n == 0 or int(spelling.common(text_el)) != n:
            return None
        selection: dict[str, list[str] | None] = {}
        coding: dict[str, list[str] | None] = {}
        for found, xpaths, prefix in ((selection, spelling.selection, ""),
                                      (coding, spelling.coding, "coding ")):
            for name, xpath in xpaths.items():
                column = _column(xpath(text_el), n, prefix + name)
                if column is False:
                    return None  # read element by element, with no more XPath spent
                found[name] = column  # type: ignore[assignment]
        code = _column(spelling.code(text_el), n, "code")
        if not isinstance(code, list):
            return None
        return Columns(selection, coding, code)


def _column(values: list[str], n: int, name: str) -> list[str] | None | bool:
    """The values if every selection has one, None if none has and it may be missing, False
    if only some have it (or a required one is missing or empty)."""
    if len(values) == n:
        return False if name in _REQUIRED and not all(values) else values
    if not values and name not in _REQUIRED:
        return None
    return False

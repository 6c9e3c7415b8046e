"""The ``PlainTextSelection``s of a text source, with their ``Coding``s.

The hot path of reading a large project: a 1,000,000-coding file has a million selections, so
this is written for speed (tags compared as strings of the file's two forms, attributes read
once and kept as the file spells them, the GUID remembered as 16 bytes, the creation time of a
coding that repeats its selection's parsed once) and keeps the general look-ups for what is
rare.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from lxml import etree

from qcode.errors import InputError
from qcode.exchange.qde_codes import GuidRegister
from qcode.exchange.qde_selection_columns import ColumnReader, Columns
from qcode.exchange.qde_values import Tags, guid_bytes, local_name, required
from qcode.exchange.records import Coding, Selection, Skipped


class SelectionReader:
    """Turns the selections under a text element into records; what is not kept goes to
    ``skipped``; a second selection with the same GUID is refused."""

    def __init__(self, tags: Tags, register: GuidRegister, skipped: list[Skipped],
                 path: Path) -> None:
        self.skipped, self.path = skipped, path
        #: the GUIDs of the selections read, as 16 bytes, kept here rather than in ``register``
        #: (a set): a dict of bytes is not tracked by Python's garbage collector, which would go
        #: over its million entries at each full collection (~50 in a 1M-coding import, ~2 s)
        self.seen: dict[bytes, None] = {}

        def both(name: str) -> frozenset[str]:
            return frozenset(tags.clark(name))

        self.selection_tags, self.coding_tags = both("PlainTextSelection"), both("Coding")
        self.code_ref_tags, self.note_ref_tags = both("CodeRef"), both("NoteRef")
        self.description_tags = both("Description")
        self._last_when: tuple[str | None, datetime | None] = (None, None)
        self.columns = ColumnReader(tags.namespace)

    def read(self, text_el: etree._Element, source: str) -> tuple[Selection, ...]:
        """The selections directly under ``text_el`` (a source or a PDF's representation)."""
        columns = self.columns.read(text_el)
        if columns is not None:
            found = self._from_columns(columns)
            if found is not None:
                return found
        found = []
        tags = self.selection_tags
        for child in text_el:
            if child.tag in tags:
                selection = self._selection(child, source)
                if selection is not None:
                    found.append(selection)
        return tuple(found)

    def _from_columns(self, columns: Columns) -> tuple[Selection, ...] | None:
        """The selections of a source whose selections all have the common shape, made as
        :meth:`_selection` makes them; None (and nothing remembered) if one needs a report or
        a refusal (a position that is not a number, a GUID seen before), which the element by
        element reading then gives."""
        guids = columns.selection["guid"]
        n = len(guids)
        try:
            keys = [_key(guid) for guid in guids]
            starts = list(map(int, columns.selection["startPosition"]))
            ends = list(map(int, columns.selection["endPosition"]))
        except (TypeError, ValueError):
            return None
        seen = self.seen
        if len(set(keys)) != n or not seen.keys().isdisjoint(keys):
            return None
        seen.update(dict.fromkeys(keys))
        none = [None] * n
        when = self._when
        users = _or_none(columns.selection["creatingUser"], n)
        times = list(map(when, columns.selection["creationDateTime"] or none))
        names = columns.selection["name"] or [""] * n
        coding_times = list(map(when, columns.coding["creationDateTime"] or none))
        codings = map(Coding, columns.coding["guid"], columns.code,
                      _or_none(columns.coding["creatingUser"], n), coding_times)
        return tuple(Selection(guid, start, end, (coding,), user, created, (), name)
                     for guid, start, end, coding, user, created, name
                     in zip(guids, starts, ends, codings, users, times, names, strict=True))

    def _selection(self, el: etree._Element, source: str) -> Selection | None:
        get = el.get
        guid = get("guid") or required(el, "guid", f"a selection in '{source}'", self.path)
        key = _key(guid)
        seen = self.seen
        if key in seen:
            raise InputError(f"refused: two selections have the same GUID {guid}",
                             path=self.path)
        seen[key] = None
        try:
            start, end = int(get("startPosition")), int(get("endPosition"))
        except (TypeError, ValueError):
            self.skipped.append(Skipped(f"selection {guid} in '{source}'", "its start or end "
                                        "position is not a whole number"))
            return None
        codings: list[Coding] = []
        notes: list[str] = []
        description = ""
        when = self._when(get("creationDateTime"))
        for child in el:
            tag = child.tag
            if tag in self.coding_tags:
                coding = self._coding(child, guid, source)
                if coding is not None:
                    codings.append(coding)
            elif tag in self.note_ref_tags:
                if target := child.get("targetGUID"):
                    notes.append(target)
            elif tag in self.description_tags:
                description = child.text or ""
            else:
                self._unknown(child, f"selection {guid} in '{source}'")
        return Selection(guid, start, end, tuple(codings), get("creatingUser") or None, when,
                         tuple(notes), get("name") or "", description)

    def _coding(self, el: etree._Element, selection: str, source: str) -> Coding | None:
        get = el.get
        guid = get("guid") or required(el, "guid", f"a coding of selection {selection} in "
                                       f"'{source}'", self.path)
        code, notes = None, ()
        for child in el:
            tag = child.tag
            if tag in self.code_ref_tags:
                code = child.get("targetGUID") or None
            elif tag in self.note_ref_tags and (target := child.get("targetGUID")):
                notes += (target,)
        if code is None:
            self.skipped.append(Skipped(f"coding {guid} of selection {selection} in "
                                        f"'{source}'", "it names no code (no CodeRef)"))
            return None
        text = get("creationDateTime")
        when = self._last_when[1] if text == self._last_when[0] else self._when(text)
        return Coding(guid, code, get("creatingUser") or None, when, notes)

    def _when(self, text: str | None) -> datetime | None:
        """An xsd:dateTime, None for none or one that does not parse; a coding made with its
        selection repeats its time, parsed once."""
        last, parsed = self._last_when
        if text == last:
            return parsed
        try:
            parsed = datetime.fromisoformat(text.strip()) if text else None
        except ValueError:
            parsed = None
        self._last_when = (text, parsed)
        return parsed

    def _unknown(self, el: etree._Element, where: str) -> None:
        self.skipped.append(Skipped(f"<{local_name(el)}> in {where}",
                                    "not part of REFI-QDA 1.0; qcode does not keep it"))


def _key(guid: str) -> bytes:
    """A selection's GUID as 16 bytes (its text, for one that is not hexadecimal)."""
    try:
        return bytes.fromhex(guid.replace("-", ""))
    except ValueError:
        return guid_bytes(guid)


def _or_none(values: list[str] | None, n: int) -> list[str | None]:
    """Each value, None where it is empty or (``values`` None) for every selection."""
    return [value or None for value in values] if values is not None else [None] * n

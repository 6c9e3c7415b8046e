"""REFI-QDA variables, cases and values into qcode's document attributes.

A case's values apply to every document it references, and values held by a source apply to
that source (after its cases', so they win a disagreement, which is reported). Cases themselves
are not kept: qcode groups documents by their attributes. Missing values stay missing.

Types (decided per variable from all its values, at the end: the values come with the cases
and the sources, and an attribute's type is fixed when it is defined):

* Integer, Float -> number; Date -> date;
* DateTime -> date when every value is at midnight (tools write dates as such), else text
  (``YYYY-MM-DD HH:MM:SS``), since qcode has no time of day;
* Boolean -> choice of ``true`` / ``false`` (the words of the file);
* Text -> text;
* a variable written by qcode keeps qcode's own type, which its Description names
  (:func:`qcode.exchange.qde_write.qcode_attribute_type`: a choice, or a whole-number number);
* a value that does not fit its declared type turns the variable into text (reported).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qcode.exchange import records
from qcode.exchange.qde_write import qcode_attribute_type
from qcode.models import Attribute
from qcode.names import name_key
from qcode.ops.attributes import define_attribute, put_attribute_state
from qcode.ops.codebook_match import canonical_uuid, clean_name, numbered

_DECLARED = {"Integer": "number", "Float": "number", "Date": "date", "DateTime": "date",
             "Boolean": "choice", "Text": "text"}
_MAX_NAME = 200


def canonical(value: records.Value, type_: str) -> str | None:
    """``value`` as qcode stores it for an attribute of ``type_``; None when it does not fit."""
    if type_ == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            value = int(value)  # a whole Float (written "12" or "12.0"): qcode's number "12"
        return repr(value) if math.isfinite(value) else None
    if type_ == "date":
        if isinstance(value, datetime):
            return value.date().isoformat() if value.time() == datetime.min.time() else None
        return value.isoformat() if isinstance(value, date) else None
    if type_ == "choice" and not isinstance(value, bool | str):
        return None
    return as_text(value)


def as_text(value: records.Value) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


@dataclass
class AttributeLoader:
    session: Session
    variables: dict[str, records.Variable] = field(default_factory=dict)  # by guid_key
    #: the cases naming each source, by the source's guid_key, in file order
    cases_of: dict[str, list[records.Case]] = field(default_factory=dict)
    #: (document id, document name, variable guid_key, value) in the order they apply
    given: list[tuple[int, str, str, records.Value]] = field(default_factory=list)
    skipped: list[records.Skipped] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    attribute_ids: list[int] = field(default_factory=list)
    values: int = 0

    def variable(self, variable: records.Variable) -> None:
        self.variables[records.guid_key(variable.guid)] = variable

    def case(self, case: records.Case) -> None:
        if not case.values or not case.source_guids:
            lacking = "no values" if not case.values else "no sources"
            self.skipped.append(records.Skipped(f"case {case.name!r}",
                                                f"it has {lacking}, and qcode keeps a case's "
                                                "values on the documents it references"))
            return
        for guid in case.source_guids:
            self.cases_of.setdefault(records.guid_key(guid), []).append(case)

    def source(self, source: records.Source, document_id: int, name: str) -> None:
        """The values of the source's cases, then its own, for its document."""
        for case in self.cases_of.pop(records.guid_key(source.guid), []):
            self._give(document_id, name, case.values)
        self._give(document_id, name, source.values)

    def _give(self, document_id: int, name: str, values: tuple[records.VariableValue, ...]
              ) -> None:
        for value in values:
            key = records.guid_key(value.variable_guid)
            if key not in self.variables:
                self.skipped.append(records.Skipped(
                    f"a value for {name!r}", f"variable {value.variable_guid} is not in the file"))
            elif value.value is not None:
                self.given.append((document_id, name, key, value.value))

    def finish(self) -> None:
        """Define the attributes and write the values."""
        for guid, cases in self.cases_of.items():
            for case in cases:
                self.skipped.append(records.Skipped(
                    f"values of case {case.name!r} for source {guid}",
                    "that source was not imported"))
        by_variable: dict[str, list[tuple[int, str, records.Value]]] = {}
        for document_id, name, key, value in self.given:
            by_variable.setdefault(key, []).append((document_id, name, value))
        existing = {name_key(n): (i, t) for i, n, t in self.session.execute(
            select(Attribute.id, Attribute.name, Attribute.type))}
        taken = set(existing)
        written: list[tuple[int, int, str | None]] = []
        for key, variable in self.variables.items():
            attribute_id, cells = self._define(variable, by_variable.get(key, []), taken,
                                               existing)
            written.extend(self._settled(attribute_id, variable.name, cells))
        if written:
            put_attribute_state(self.session, values=written, description="Import attributes")
        self.values = len(written)

    def _define(self, variable: records.Variable, given: list[tuple[int, str, records.Value]],
                taken: set[str], existing: dict[str, tuple[int, str]]
                ) -> tuple[int, list[tuple[int, str, str]]]:
        type_ = qcode_attribute_type(variable.description) or _DECLARED.get(variable.type, "text")
        cells = [(d, n, canonical(v, type_)) for d, n, v in given]
        if type_ == "date" and variable.type == "DateTime" and None in (c for *_, c in cells):
            type_ = "text"  # a time of day somewhere: qcode's dates have none
        elif None in (c for *_, c in cells):
            bad = next(v for (_, _, v), (*_, c) in zip(given, cells, strict=True) if c is None)
            self.differences.append(f"variable {variable.name!r} is declared {variable.type} but "
                                    f"holds {as_text(bad)!r}: imported as text")
            type_ = "text"
        if type_ == "text":
            cells = [(d, n, as_text(v)) for d, n, v in given]
        cells_kept = [(d, n, c) for d, n, c in cells if c is not None]
        attribute_id = self._attribute(variable.name, type_, taken, existing)
        if attribute_id in self.attribute_ids:
            self._keep_guid(attribute_id, variable.guid)
        return attribute_id, cells_kept

    def _keep_guid(self, attribute_id: int, guid: str) -> None:
        """A new attribute takes its variable's GUID as its uuid (unless it is no GUID, or
        something in the project has it), so a re-export names it as the file did."""
        kept = canonical_uuid(guid)
        if kept is not None and self.session.scalar(
                select(Attribute.id).where(Attribute.uuid == kept)) is None:
            self.session.execute(update(Attribute).where(Attribute.id == attribute_id)
                                 .values(uuid=kept))

    def _attribute(self, wanted: str, type_: str, taken: set[str],
                   existing: dict[str, tuple[int, str]]) -> int:
        """An attribute the project has of that name and type (it holds no values: the project
        has no documents), else a new one, renamed if the name is taken."""
        cleaned = clean_name(wanted, "variable", _MAX_NAME)
        same = existing.pop(name_key(cleaned), None)
        if same is not None and same[1] == type_:
            return same[0]
        name = numbered(cleaned, taken)
        if name != wanted.strip():
            self.renamed.append(("attribute", wanted, name))
        taken.add(name_key(name))
        attribute_id = next(iter(define_attribute(self.session, name=name, type=type_).attributes))
        self.attribute_ids.append(attribute_id)
        return attribute_id

    def _settled(self, attribute_id: int, variable: str, cells: list[tuple[int, str, str]]
                 ) -> list[tuple[int, int, str | None]]:
        """One value per document: the last given; a disagreement is reported."""
        final: dict[int, tuple[str, str]] = {}
        for document_id, name, value in cells:
            before = final.get(document_id)
            if before is not None and before[1] != value:
                self.differences.append(f"{name!r}: {variable!r} is given as {before[1]!r} and "
                                        f"as {value!r}; kept {value!r}")
            final[document_id] = (name, value)
        return [(d, attribute_id, v) for d, (_, v) in final.items()]

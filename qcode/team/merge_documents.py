"""Documents of another copy matched to the project's, new ones added, attribute values merged.

A document is the project's document with the same uuid, else one with exactly the same text.
Otherwise one with the same name is a conflict (as is a same-uuid document whose text
differs): the project's text is never changed, and the other copy's codings are placed in it
where their passages are found (:mod:`qcode.team.merge_codings`). Any other document is new:
it arrives with its uuid, name, text, memo, speaker turns and attribute values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.importers.attributes_csv import parse_value
from qcode.models import Attribute, Document, SpeakerTurn
from qcode.models.base import utcnow
from qcode.ops.attributes import current_values, define_attribute, put_attribute_state
from qcode.ops.documents import remove_documents
from qcode.team.merge_source import SourceDocument, SourceReader

ADDED, MATCHED, CONFLICT = "added", "matched", "conflict"
#: a new document this login may not add (a coder merging into a server project)
MISSING = "missing"


@dataclass(frozen=True)
class TargetDocument:
    id: int
    name: str
    version: int
    text: str


@dataclass
class DocumentMatcher:
    """The project's documents by uuid, name and (read when first needed) text."""

    session: Session
    by_uuid: dict[str, tuple[int, str, int]]
    by_name: dict[str, tuple[int, str, int]]
    next_position: int
    added: list[int] = field(default_factory=list)
    #: False on a server for a login that is no lead: new documents are not added
    may_add: bool = True
    _by_text: dict[int, list[tuple[int, str, int]]] | None = None

    @classmethod
    def read(cls, session: Session) -> DocumentMatcher:
        rows = [(r.uuid, (r.id, r.name, r.version)) for r in session.execute(
            select(Document.uuid, Document.id, Document.name, Document.version))]
        position = session.scalar(select(func.coalesce(func.max(Document.position) + 1, 0)))
        return cls(session, dict(rows), {facts[1]: facts for _, facts in rows}, position)

    def place(self, source: SourceReader, doc: SourceDocument, text: str
              ) -> tuple[str, TargetDocument | None]:
        """How ``doc`` (with its current ``text``) meets the project: matched, in conflict,
        added now (with its speaker turns), or missing (not added: no target)."""
        facts = self.by_uuid.get(doc.uuid)
        if facts is not None:
            ours = self._text(facts[0])
            return (MATCHED if ours == text else CONFLICT), TargetDocument(*facts, ours)
        for facts in self._same_text(text):
            return MATCHED, TargetDocument(*facts, text)
        facts = self.by_name.get(doc.name)
        if facts is not None:
            return CONFLICT, TargetDocument(*facts, self._text(facts[0]))
        if not self.may_add:
            return MISSING, None
        return ADDED, self._add(source, doc, text)

    def _text(self, document_id: int) -> str:
        return self.session.scalar(select(Document.text).where(Document.id == document_id))

    def _same_text(self, text: str) -> list[tuple[int, str, int]]:
        if self._by_text is None:
            self._by_text = {}
            for facts in self.by_uuid.values():
                self._by_text.setdefault(hash(self._text(facts[0])), []).append(facts)
        return [facts for facts in self._by_text.get(hash(text), [])
                if self._text(facts[0]) == text]

    def _add(self, source: SourceReader, doc: SourceDocument, text: str) -> TargetDocument:
        now = utcnow()
        document_id = self.session.execute(insert(Document).values(
            uuid=doc.uuid, name=doc.name, text=text, original_filename=doc.original_filename,
            sha256=doc.sha256, direction=doc.direction, position=self.next_position,
            memo=doc.memo, version=1, imported_at=now, created_at=now,
        ).returning(Document.id)).scalar_one()
        self.next_position += 1
        if turns := source.turns(doc.id):
            self.session.execute(insert(SpeakerTurn), [
                {"document_id": document_id, "speaker": t.speaker, "start": t.start,
                 "end": t.end, "timestamp": t.time} for t in turns])
        facts = (document_id, doc.name, 1)
        self.by_uuid[doc.uuid] = self.by_name[doc.name] = facts
        if self._by_text is not None:
            self._by_text.setdefault(hash(text), []).append(facts)
        self.added.append(document_id)
        return TargetDocument(*facts, text)

    def changes(self) -> Changes:
        """The documents added, as one change whose inverse removes them."""
        ids = tuple(self.added)
        return Changes(description=f"Add {len(ids)} documents", documents=frozenset(ids),
                       inverse=partial(remove_documents, document_ids=ids))


@dataclass
class AttributeMerger:
    """Attribute values of the other copy: a value the project lacks is added; one that differs
    is a conflict (the project's value is kept)."""

    session: Session
    file: str
    conflicts: list[str]
    #: source attribute id -> (project attribute id, name, type)
    attributes: dict[int, tuple[int, str, str]] = field(default_factory=dict)
    defined: list[Changes] = field(default_factory=list)
    values: list[tuple[int, int, str | None]] = field(default_factory=list)
    #: True for a login that may not set attributes (a coder on a server): values are compared
    #: and counted, nothing is written
    dry: bool = False
    _current: dict[tuple[int, int], str] = field(default_factory=dict)

    def prepare(self, source_attributes: dict[int, tuple[str, str]]) -> None:
        """Match attributes by name (in any case), defining those the project lacks."""
        ours = {name.lower(): (i, name, type_) for i, name, type_ in self.session.execute(
            select(Attribute.id, Attribute.name, Attribute.type))}
        for source_id, (name, type_) in source_attributes.items():
            found = ours.get(name.lower())
            if found is None and self.dry:
                self.conflicts.append(f"{self.file}: attribute {name!r} is not in this "
                                      "project; only a lead adds attributes")
                continue
            if found is None:
                changes = define_attribute(self.session, name=name, type=type_)
                self.defined.append(changes)
                found = ours[name.lower()] = (next(iter(changes.attributes)), name, type_)
            elif found[2] != type_:
                self.conflicts.append(f"{self.file}: attribute {name!r} is of type {type_} "
                                      f"there and {found[2]} here; its values are converted")
            self.attributes[source_id] = found
        self._current = current_values(self.session, [a[0] for a in self.attributes.values()])

    def bring(self, target: TargetDocument, values: Sequence[tuple[int, str]]) -> None:
        for source_id, value in values:
            if source_id not in self.attributes:  # not brought (see prepare)
                continue
            attribute_id, name, type_ = self.attributes[source_id]
            try:
                value = parse_value(value, type_)
            except ValueError as exc:
                self.conflicts.append(f"{self.file}: {target.name}: {name} {value!r} cannot "
                                      f"be a {type_} ({exc}); left out")
                continue
            ours = self._current.get((target.id, attribute_id))
            if ours is None:
                self.values.append((target.id, attribute_id, value))
                self._current[target.id, attribute_id] = value
            elif ours != value:
                self.conflicts.append(f"{self.file}: {target.name}: {name} is {value!r} there "
                                      f"and {ours!r} here; kept {ours!r}")

    def write(self) -> Changes:
        if self.dry:
            if self.values:
                self.conflicts.append(f"{self.file}: {len(self.values)} attribute values not "
                                      "brought: only a lead sets attribute values")
                self.values = []
            return Changes()
        return put_attribute_state(self.session, values=self.values,
                                   description="Merge attribute values")

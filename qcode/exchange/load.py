"""Writing REFI-QDA records into a project, all or nothing.

:func:`load_project` takes the records a reader streams (users, codes, variables, cases,
sources with their selections, notes, the project's facts) and writes them in the caller's
transaction; an :class:`~qcode.errors.InputError` refuses the file and the caller rolls back.
A million codings pass through without being held: each source's codings are added in bulk
as it comes (:func:`qcode.ops.codings.add_codings` in batches) and only the references of notes
are remembered (:mod:`qcode.exchange.load_memos`). The derived count tables are refreshed at
the end, inside the transaction, so the import's progress covers that work too.

Who coded what: a coding keeps its ``creatingUser``, else its selection's, else the project's
creating user; with none of them, a coder named after the tool the file came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.db_bulk import insert_triggers_suspended, large_page_cache
from qcode.derived.coverage import refresh_coverage
from qcode.errors import InputError
from qcode.exchange import records
from qcode.exchange.load_attributes import AttributeLoader
from qcode.exchange.load_coders import CoderLoader
from qcode.exchange.load_codes import CodeLoader
from qcode.exchange.load_codings import CodingBatch, mark_for_rebuild
from qcode.exchange.load_memos import MemoLoader
from qcode.exchange.positions import place
from qcode.exchange.report import ImportReport
from qcode.importers.normalise import document_direction, normalise_text
from qcode.importers.turns import find_turns
from qcode.models import Coding, Document, ProjectInfo, SpeakerTurn
from qcode.models.base import new_uuid
from qcode.ops.codebook_match import canonical_uuid, clean_name
from qcode.ops.documents import MAX_NAME, unique_name
from qcode.progress import Progress, report
from qcode.wording import first_few, plural

#: SQLite's page cache while codings are written: a million rows go to random places of the
#: uuid index, and with the default 2 MB each write reads its page back (~1.7x slower).
_PAGE_CACHE_MB = 128


def load_project(session: Session, records_in: Iterable[records.Record], *, file: str,
                 progress: Progress | None = None) -> ImportReport:
    """Write the records of ``file`` into the (document-less) project of ``session``."""
    if session.scalar(select(Document.id).limit(1)) is not None:
        raise InputError("the project already holds documents: import into a new project, "
                         "then merge", path=file)
    loader = _Loader(session, file, progress)
    connection = session.connection()
    with (large_page_cache(connection, _PAGE_CACHE_MB),
          insert_triggers_suspended(connection, Coding.__tablename__) as suspended):
        for record in records_in:
            loader.take(record)
        loader.codings.flush()
    if suspended:
        mark_for_rebuild(session, loader.codings.documents)
    return loader.finish()


@dataclass
class _Loader:
    session: Session
    file: str
    progress: Progress | None
    codes: CodeLoader = field(init=False)
    coders: CoderLoader = field(init=False)
    codings: CodingBatch = field(init=False)
    memos: MemoLoader = field(init=False)
    attributes: AttributeLoader = field(init=False)
    documents: dict[str, int] = field(default_factory=dict)  # by the source's guid_key
    names: set[str] = field(default_factory=set)
    facts: records.ProjectFacts | None = None
    empty: list[str] = field(default_factory=list)  # documents that arrived with no text
    assumptions: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    skipped: list[records.Skipped] = field(default_factory=list)
    _code_ids: dict[str, int] = field(default_factory=dict)
    _coder_ids: dict[tuple[str | None, str | None], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.codes = CodeLoader(self.session, self.file)
        self.coders = CoderLoader(self.session)
        self.memos = MemoLoader(self.session)
        self.codings = CodingBatch(self.session, self.memos)
        self.attributes = AttributeLoader(self.session)
        self.names = set(self.session.scalars(select(Document.name)))
        self.position = self.session.scalar(
            select(func.coalesce(func.max(Document.position) + 1, 0)))

    def take(self, record: records.Record) -> None:
        if not isinstance(record, records.Source):
            self.codings.flush()  # the sources are over: their codings are in before the notes
        if not isinstance(record, records.Code):
            self._codes_done()
        match record:
            case records.User():
                self.coders.add_user(record)
            case records.Code():
                self.codes.add(record)
            case records.Variable():
                self.attributes.variable(record)
            case records.Case():
                self.attributes.case(record)
            case records.Source():
                self._source(record)
            case records.Note():
                self.memos.note(record)
            case records.Skipped():
                self.skipped.append(record)
            case records.ProjectFacts():
                self.facts = record

    def _source(self, source: records.Source) -> None:
        key = records.guid_key(source.guid)
        if key in self.documents:
            raise InputError(f"two sources have the GUID {source.guid}", path=self.file)
        placed = place(source)
        document_id, name = self._document(source, placed.text)
        self.documents[key] = document_id
        if not placed.text:
            self.empty.append(name)
        if source.selections:
            self.assumptions.append((name, placed.assumption))
        self.attributes.source(source, document_id, name)
        self.memos.expect(source.note_guids, ("document", (document_id,)), f"source {name!r}")
        for span in placed.spans:
            if isinstance(span, records.Skipped):
                self.skipped.append(span)
            else:
                self._selection(document_id, name, len(placed.text), *span)
        report(self.progress, len(self.documents), 0, name)

    def _codes_done(self) -> None:
        """Once the codebook is over: its codes matched and added, their notes expected."""
        if not self.codes.pending:
            return
        codes = self.codes.pending
        self.codes.resolve()
        for code in codes:
            self.memos.expect(code.note_guids, ("code", (self.codes.id_of(code.guid),)),
                              f"code {code.name!r}")

    def _document(self, source: records.Source, text: str) -> tuple[int, str]:
        wanted = clean_name(source.name, "document", MAX_NAME)
        name = unique_name(wanted, self.names)
        if name != source.name.strip():
            self.renamed.append(("document", source.name, name))
        self.names.add(name)
        turns = find_turns(text)
        document = Document(
            uuid=canonical_uuid(source.guid) or new_uuid(), name=name, text=text,
            original_filename=f"{self.file} ({source.text_from})"[:1000],
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            direction=document_direction(text, turns), position=self.position,
            memo=normalise_text(source.description))
        self.position += 1
        self.session.add(document)
        self.session.flush()
        if turns:
            self.session.execute(insert(SpeakerTurn), [
                {"document_id": document.id, "speaker": t.speaker, "start": t.start,
                 "end": t.end, "timestamp": t.time} for t in turns])
        return document.id, name

    def _selection(self, document_id: int, name: str, length: int,
                   selection: records.Selection, start: int, end: int) -> None:
        if not 0 <= start < end <= length or not selection.codings:
            why = (f"{start}-{end} lies outside the text (0-{length})"
                   if selection.codings else "it carries no code")
            self.skipped.append(records.Skipped(f"selection {selection.guid} in {name!r}", why))
            return
        self.codings.start_selection()
        for coding in selection.codings:
            code_id = self._code_ids.get(coding.code_guid) or self._code_id(coding, name)
            users = (coding.user_guid, selection.user_guid)
            coder_id = self._coder_ids.get(users) or self._coder_id(users)
            self.codings.add(document_id, name, code_id, coder_id, start, end, coding.guid,
                             selection.description, coding.note_guids,
                             coding.created or selection.created)
        self.codings.end_selection(selection, name)
        if self.codings.skipped:
            self.skipped.extend(self.codings.skipped)
            self.codings.skipped.clear()

    def _code_id(self, coding: records.Coding, name: str) -> int:
        """The code of ``coding``, remembered by the GUID as the file spells it (a million
        codings name a few hundred codes)."""
        code_id = self.codes.id_of(coding.code_guid)
        if code_id is None:
            raise InputError(f"coding {coding.guid} in {name!r} refers to code "
                             f"{coding.code_guid}, which is not in the codebook", path=self.file)
        self._code_ids[coding.code_guid] = code_id
        return code_id

    def _coder_id(self, users: tuple[str | None, str | None]) -> int:
        coder_id = self._coder_ids[users] = self.coders.coder_for(*users)
        return coder_id

    def finish(self) -> ImportReport:
        self._codes_done()
        self.codings.flush()
        self.skipped.extend(self.codings.skipped)
        self.coders.finish(self.facts, self.file)
        self.memos.finish(self.facts)
        self.attributes.finish()
        self._take_project_name()
        refresh_coverage(self.session, self.progress)
        differences = list(self.codes.differences) + list(self.attributes.differences)
        if self.empty:
            names = first_few([repr(n) for n in self.empty], 5)
            differences.append(f"{len(self.empty)} document(s) arrived with no text (the file "
                               f"holds none for them): {names}")
        if renewed := self.codings.renewed:
            shown = first_few(renewed)
            differences.append(f"{plural(len(renewed), 'coding')} kept with a new uuid: "
                               f"another coding has its GUID, or it is no GUID ({shown})")
        if self.codes.not_codable:
            differences.append(f"{self.codes.not_codable} code(s) marked not codable in the "
                               "file are ordinary codes in qcode")
        return ImportReport(
            file=self.file, documents=len(self.documents), codes=len(self.codes.added),
            codings=self.codings.count, coders=len(self.coders.used), memos=self.memos.kept,
            attribute_values=self.attributes.values,
            assumptions=tuple(self.assumptions),
            renamed=tuple(self.renamed + self.codes.renamed + self.attributes.renamed),
            differences=tuple(differences),
            skipped=tuple(self.skipped + self.memos.skipped + self.attributes.skipped),
            changes=self._changes())

    def _take_project_name(self) -> None:
        """The project takes the name the file gives it (its own name is its file's), and the
        time the file says it was made, so a re-export says what the file said."""
        name = " ".join((self.facts.name if self.facts else "").split())[:MAX_NAME]
        if name:
            self._set_info("name", name)
        made = records.utc_time(self.facts.created if self.facts else None)
        if made is not None:
            self._set_info("created_at", made.replace(tzinfo=UTC).isoformat(timespec="seconds"))

    def _set_info(self, key: str, value: str) -> None:
        info = self.session.get(ProjectInfo, key)
        if info is None:
            self.session.add(ProjectInfo(key=key, value=value))
        else:
            info.value = value

    def _changes(self) -> Changes:
        """What the import added. No inverse: an import is undone by not keeping the project
        (a million codings are no undo step)."""
        return Changes(
            description=f"Import {self.file}",
            documents=frozenset(self.documents.values()),
            codes=frozenset(self.codes.added), codings=self.codings.ids(),
            coders=frozenset(self.coders.used), attributes=frozenset(self.attributes.attribute_ids),
            codebook_tree=bool(self.codes.added), project=True)

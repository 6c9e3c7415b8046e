"""Another project file, read for a merge: opened read-only, everything read as plain data.

Nothing read here is an ORM object, so nothing of the source's session reaches the target's;
texts are read one document at a time and codings in batches of plain rows (handed on to the
merge's staging tables as they are), so a source of a million codings is never held whole nor
handled a coding at a time in Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.importers.turns import Turn
from qcode.models import (
    Attribute,
    Code,
    Coder,
    Coding,
    Document,
    DocumentAttribute,
    DocumentVersion,
    ProjectInfo,
    SpeakerTurn,
)


@dataclass(frozen=True)
class SourceCode:
    """A code of the source, as :func:`qcode.ops.codebook_match.add_missing_codes` takes it."""

    id: int
    guid: str
    name: str
    parent_guid: str | None
    colour: str | None
    description: str
    memo: str


@dataclass(frozen=True)
class SourceDocument:
    id: int
    uuid: str
    name: str
    version: int
    original_filename: str
    sha256: str
    direction: str
    memo: str


@dataclass(frozen=True)
class SourceCoding:
    code_id: int
    coder_id: int
    start: int
    end: int
    #: the version of the document's text the span is in
    version: int
    memo: str
    #: as stored (16 bytes; text where another program wrote it)
    uuid: bytes | str


@contextmanager
def open_source(path: Path) -> Iterator[SourceReader]:
    """The project at ``path`` opened read-only (refused in one line naming it if it cannot
    be read), with one reading session for the whole merge."""
    from qcode.project import Project

    project = Project.open(path, readonly=True)
    try:
        with project.reading() as session:
            yield SourceReader(Path(path), session)
    finally:
        project.close()


@dataclass
class SourceReader:
    path: Path
    session: Session

    def coders(self) -> dict[int, str]:
        return dict(self.session.execute(select(Coder.id, Coder.name)).all())

    def coding_coders(self) -> set[int]:
        """The coders who made a coding (one who only opened the project made none)."""
        return set(self.session.scalars(select(Coding.coder_id).distinct()))

    def codes(self) -> list[SourceCode]:
        """Every code, parents before children."""
        rows = self.session.execute(select(Code.id, Code.uuid, Code.parent_id, Code.name,
                                           Code.colour, Code.description, Code.memo)
                                    .order_by(Code.position, Code.id)).all()
        uuids = {r.id: r.uuid for r in rows}
        children: dict[int | None, list] = {}
        for row in rows:
            children.setdefault(row.parent_id, []).append(row)
        ordered: list[SourceCode] = []
        level = children.get(None, [])
        while level:
            ordered.extend(SourceCode(r.id, r.uuid, r.name, uuids.get(r.parent_id), r.colour,
                                      r.description, r.memo) for r in level)
            level = [child for r in level for child in children.get(r.id, [])]
        return ordered

    def documents(self) -> list[SourceDocument]:
        rows = self.session.execute(
            select(Document.id, Document.uuid, Document.name, Document.version,
                   Document.original_filename, Document.sha256, Document.direction,
                   Document.memo).order_by(Document.position, Document.id))
        return [SourceDocument(*row) for row in rows]

    def text(self, document_id: int, version: int | None = None) -> str | None:
        """The document's current text, or its text at an earlier ``version``."""
        if version is None:
            return self.session.scalar(select(Document.text).where(Document.id == document_id))
        return self.session.scalar(select(DocumentVersion.text).where(
            DocumentVersion.document_id == document_id, DocumentVersion.version == version))

    def turns(self, document_id: int) -> list[Turn]:
        rows = self.session.execute(
            select(SpeakerTurn.speaker, SpeakerTurn.start, SpeakerTurn.end,
                   SpeakerTurn.timestamp)
            .where(SpeakerTurn.document_id == document_id).order_by(SpeakerTurn.start))
        return [Turn(*row) for row in rows]

    def attributes(self) -> dict[int, tuple[str, str]]:
        """id -> (name, type)."""
        return {r.id: (r.name, r.type) for r in self.session.execute(
            select(Attribute.id, Attribute.name, Attribute.type).order_by(Attribute.position))}

    def values(self) -> dict[int, list[tuple[int, str]]]:
        """document id -> [(attribute id, value)]."""
        out: dict[int, list[tuple[int, str]]] = {}
        for document_id, attribute_id, value in self.session.execute(
                select(DocumentAttribute.document_id, DocumentAttribute.attribute_id,
                       DocumentAttribute.value)):
            out.setdefault(document_id, []).append((attribute_id, value))
        return out

    def coding_rows(self, batch: int) -> Iterator[list[tuple]]:
        """Every coding as stored, in batches of plain rows ``(document, code, coder, start,
        end, version, memo, uuid)``: one scan of the table, no object per coding."""
        yield from self._batches('SELECT document_id, code_id, coder_id, start, "end", '
                                 "version, memo, uuid FROM codings", batch)

    def _batches(self, sql: str, size: int) -> Iterator[list[tuple]]:
        cursor = self.session.connection().connection.cursor()
        try:
            cursor.execute(sql)
            while rows := cursor.fetchmany(size):
                yield rows
        finally:
            cursor.close()

    def project_memo(self) -> str:
        return self.session.scalar(select(ProjectInfo.value).where(ProjectInfo.key == "memo")) \
            or ""

    def info(self, key: str) -> str | None:
        """A project fact (``uuid``, ``server_origin`` ...), None when the copy has none."""
        return self.session.scalar(select(ProjectInfo.value).where(ProjectInfo.key == key))

"""Adding thousands of respondent documents at once (for :func:`qcode.ops.survey.import_survey`).

:func:`qcode.ops.documents.add_documents` builds an ORM object per document and writes each
document's turns in a statement of its own: right for a few transcripts with thousands of turns
each, slow for 10,000 respondents with a few turns each. Here the documents and all their turns
go in as plain rows, a statement per 10,000, and their attribute values as plain tuples
(:func:`qcode.derived.bulk.insert_rows`); the caller has already checked that no name is taken.
The inverse is the ordinary removal (:func:`qcode.ops.documents.remove_documents`), which takes
the values with the documents.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial
from itertools import islice

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.derived.bulk import insert_rows
from qcode.importers.base import ImportedDocument
from qcode.models import Document, DocumentAttribute, SpeakerTurn
from qcode.models.base import new_uuid, utcnow
from qcode.ops.documents import remove_documents

_BATCH = 10_000


def add_respondents(session: Session, *, documents: Sequence[ImportedDocument],
                    values: Sequence[Sequence[tuple[int, str]]] = ()
                    ) -> tuple[Changes, dict[str, int]]:
    """Add ``documents`` (names not taken) at the end of the document list, with their turns
    and attribute ``values`` (for each document, (attribute id, value) pairs); (the changes,
    each new document's id by name)."""
    session.flush()
    first = session.scalar(select(func.coalesce(func.max(Document.position) + 1, 0)))
    now = utcnow()
    table = Document.__table__
    for batch in _batches(
            {"uuid": new_uuid(), "name": d.name, "text": d.text,
             "original_filename": d.original_filename, "sha256": d.sha256,
             "direction": d.direction, "position": first + n, "memo": "", "version": 1,
             "imported_at": now, "created_at": now} for n, d in enumerate(documents)):
        session.execute(insert(table), batch)
    ids = dict(session.execute(select(Document.name, Document.id)
                               .where(Document.position >= first)).all())
    for batch in _batches(
            {"document_id": ids[d.name], "speaker": t.speaker, "start": t.start, "end": t.end,
             "timestamp": t.time} for d in documents for t in d.turns):
        session.execute(insert(SpeakerTurn.__table__), batch)
    insert_rows(session, DocumentAttribute.__table__, (
        (ids[d.name], attribute_id, value)
        for d, pairs in zip(documents, values, strict=True) for attribute_id, value in pairs))
    added = tuple(ids[d.name] for d in documents)
    return Changes(
        description="Add document" if len(added) == 1 else f"Add {len(added)} documents",
        documents=frozenset(added),
        attributes=frozenset(a for pairs in values for a, _ in pairs),
        inverse=partial(remove_documents, document_ids=added),
    ), ids


def _batches(rows: Iterator[dict]) -> Iterator[list[dict]]:
    while batch := list(islice(rows, _BATCH)):
        yield batch

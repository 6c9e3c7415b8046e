"""Adding thousands of respondent documents at once (for :func:`qcode.ops.survey.import_survey`).

:func:`qcode.ops.documents.add_documents` builds an ORM object per document and writes each
document's turns in a statement of its own: right for a few transcripts with thousands of turns
each, slow for 10,000 respondents with a few turns each. Here the documents and all their turns
go in as plain tuples through the driver, 10,000 to a batch, and their attribute values too
(:func:`qcode.derived.bulk.insert_rows`); the caller has already checked that no name is taken.
The inverse is the ordinary removal (:func:`qcode.ops.documents.remove_documents`), which takes
the values with the documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from itertools import islice

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.derived.bulk import insert_rows
from qcode.importers.base import ImportedDocument
from qcode.models import Document, DocumentAttribute, SpeakerTurn
from qcode.models.base import new_uuid, utcnow
from qcode.ops.documents import remove_documents

_BATCH = 10_000
_DOCUMENT_COLUMNS = ("uuid", "name", "text", "original_filename", "sha256", "direction",
                     "position", "memo", "version", "imported_at", "created_at")
_TURN_COLUMNS = ("document_id", "speaker", "start", "end", "timestamp")


def add_respondents(session: Session, *, documents: Sequence[ImportedDocument],
                    values: Sequence[Sequence[tuple[int, str]]] = ()
                    ) -> tuple[Changes, dict[str, int]]:
    """Add ``documents`` (names not taken) at the end of the document list, with their turns
    and attribute ``values`` (for each document, (attribute id, value) pairs); (the changes,
    each new document's id by name)."""
    values = values or [()] * len(documents)
    session.flush()
    first = session.scalar(select(func.coalesce(func.max(Document.position) + 1, 0)))
    now = utcnow()
    _insert_plain(session, Document.__table__, _DOCUMENT_COLUMNS, (
        (new_uuid(), d.name, d.text, d.original_filename, d.sha256, d.direction, first + n, "",
         1, now, now) for n, d in enumerate(documents)))
    ids = dict(session.execute(select(Document.name, Document.id)
                               .where(Document.position >= first)).all())
    _insert_plain(session, SpeakerTurn.__table__, _TURN_COLUMNS, (
        (ids[d.name], t.speaker, t.start, t.end, t.time) for d in documents for t in d.turns))
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


def _insert_plain(session: Session, table: Table, columns: Sequence[str],
                  rows: Iterable[tuple]) -> None:
    """Insert ``rows`` (values in the order of ``columns``) through the driver's executemany,
    a batch at a time, each value through its column type's bind processor: SQLAlchemy's
    parameters row by row cost more than the insert itself."""
    connection = session.connection()
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
    names = list(compiled.positiontup or columns)
    order = [list(columns).index(name) for name in names]
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                  for name in names]
    rows = iter(rows)
    while batch := list(islice(rows, _BATCH)):
        params: list = [tuple(v if p is None or v is None else p(v) for p, v in zip(
            processors, (row[i] for i in order), strict=True)) for row in batch]
        if compiled.positiontup is None:  # named parameters
            params = [dict(zip(names, values, strict=True)) for values in params]
        connection.exec_driver_sql(str(compiled), params)

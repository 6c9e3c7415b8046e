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

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import islice

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.chunks import chunks
from qcode.derived.bulk import insert_rows
from qcode.importers.base import ImportedDocument
from qcode.importers.turns import Turn
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
    processors = [(k, p) for k, name in enumerate(names)
                  if (p := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))]
    in_order = order == list(range(len(order)))
    rows = iter(rows)
    while batch := list(islice(rows, _BATCH)):
        params: list = batch if in_order else [tuple(row[i] for i in order) for row in batch]
        if processors:
            params = [_processed(values, processors) for values in params]
        if compiled.positiontup is None:  # named parameters
            params = [dict(zip(names, values, strict=True)) for values in params]
        connection.exec_driver_sql(str(compiled), params)


def _processed(values: tuple, processors: list[tuple[int, Callable]]) -> tuple:
    """``values`` with each processed column's value (not None) through its processor."""
    out = list(values)
    for k, process in processors:
        if out[k] is not None:
            out[k] = process(out[k])
    return tuple(out)


#: a respondent's text as a document holds it: (document id, text, sha256, direction, turns)
TextRow = tuple[int, str, str, str, tuple[Turn, ...]]


def replace_uncoded_texts(session: Session, *, texts: Sequence[TextRow]) -> Changes:
    """Give documents that have no codings (on any of their texts) a new text, turns,
    fingerprint and direction, in bulk; the inverse puts the old ones back. With no coding
    to re-anchor there is no earlier text to keep (:func:`qcode.ops.document_text.
    replace_document_text` keeps it for the codings made on it), and nothing counted from
    codings to refresh."""
    ids = [row[0] for row in texts]
    old = _text_rows(session, ids)
    table = Document.__table__
    statement = (update(table).where(table.c.id == bindparam("document_id"))
                 .values(text=bindparam("new_text"), sha256=bindparam("new_sha256"),
                         direction=bindparam("new_direction")))
    for first in range(0, len(texts), _BATCH):
        batch = texts[first:first + _BATCH]
        session.connection().execute(statement, [
            {"document_id": d, "new_text": t, "new_sha256": h, "new_direction": r}
            for d, t, h, r, _ in batch])
        session.execute(delete(SpeakerTurn).where(SpeakerTurn.document_id.in_(
            [row[0] for row in batch])))
    _insert_plain(session, SpeakerTurn.__table__, _TURN_COLUMNS, (
        (d, t.speaker, t.start, t.end, t.time) for d, _, _, _, turns in texts for t in turns))
    return Changes(
        description="Replace the texts of respondents",
        documents=frozenset(ids),
        inverse=partial(replace_uncoded_texts, texts=tuple(old)),
    )


def _text_rows(session: Session, ids: Sequence[int]) -> list[TextRow]:
    """The documents' current texts as :data:`TextRow`s, in the order of ``ids``."""
    found: dict[int, tuple[str, str, str]] = {}
    turns: dict[int, list[Turn]] = {}
    for batch in chunks(ids, _BATCH):
        for doc_id, text, sha256, direction in session.execute(
                select(Document.id, Document.text, Document.sha256, Document.direction)
                .where(Document.id.in_(batch))):
            found[doc_id] = (text, sha256, direction)
        for doc_id, speaker, start, end, time in session.execute(
                select(SpeakerTurn.document_id, SpeakerTurn.speaker, SpeakerTurn.start,
                       SpeakerTurn.end, SpeakerTurn.timestamp)
                .where(SpeakerTurn.document_id.in_(batch))
                .order_by(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.id)):
            turns.setdefault(doc_id, []).append(Turn(speaker, start, end, time))
    return [(d, *found[d], tuple(turns.get(d, ()))) for d in ids]

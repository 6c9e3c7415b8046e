"""Removing and restoring many codings at once (a merge of a million codings, and its undo).

Through the ORM a removal loads each coding as an object and deletes it by its own statement,
and the table's triggers mark each (code, document) pair stale one row at a time: at a million
codings that is minutes. Here the ids go to a temporary table, the rows are kept as columns
(for redo), and one ``DELETE ... WHERE id IN`` runs with the delete triggers suspended; the
derived tables are marked stale once, as the triggers would have marked them
(:func:`mark_codings_stale`), and refreshed by the commit. SQLite only (the callers fall back
to the ORM elsewhere).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.db_bulk import large_page_cache, triggers_suspended
from qcode.derived.coverage import BULK_PAIRS
from qcode.errors import InputError
from qcode.models import Document
from qcode.ops.codings_undo import placeable, refuse_or_tell, still_there

#: the stored columns of a coding, in the order :class:`StoredCodings` keeps them
COLUMNS = ("id", "uuid", "document_id", "code_id", "coder_id", "start", "end", "version",
           "memo", "created_at")
_QUOTED = ", ".join(f'"{c}"' for c in COLUMNS)
_IDS = "temp.qcode_bulk_ids"


@dataclass(frozen=True)
class StoredCodings:
    """Codings as stored, a column each (integers in arrays): enough to put them back
    exactly, in a tenth of the memory of a million row objects."""

    columns: tuple[Sequence[Any], ...]

    @classmethod
    def of(cls, rows: list[tuple]) -> StoredCodings:
        return cls(tuple(map(_packed, zip(*rows, strict=True))) if rows else
                   tuple(() for _ in COLUMNS))

    @property
    def ids(self) -> Sequence[int]:
        return self.columns[0]

    def rows(self) -> Iterator[tuple]:
        return zip(*self.columns, strict=True)


def _packed(values: tuple) -> Sequence[Any]:
    try:
        return array("q", values)
    except (TypeError, OverflowError):  # not all integers
        return values


def is_bulk(session: Session, count: int, at_least: int) -> bool:
    return count >= at_least and session.get_bind().dialect.name == "sqlite"


def remove_stored_codings(session: Session, *, coding_ids: Iterable[int],
                          undoing: bool = False) -> Changes:
    """Remove the codings of ``coding_ids`` (refusing an unknown id) in bulk; the inverse
    puts them back as they were. ``undoing``: codings deleted meanwhile are left out and
    named in a message instead (as :func:`qcode.ops.codings.remove_codings` does)."""
    session.flush()
    ids = sorted(set(coding_ids))
    messages: tuple[str, ...] = ()
    if undoing:
        kept, messages = still_there(session, ids)
        ids = list(kept)
    connection = session.connection()
    with _id_table(connection, ids):
        found = fetchall(connection, f"SELECT {_QUOTED} FROM codings "
                                     f"WHERE id IN (SELECT id FROM {_IDS}) ORDER BY id")
        if len(found) != len(ids):
            missing = sorted(set(ids) - {row[0] for row in found})
            raise InputError(f"no coding with id {missing[0]}")
        mark_codings_stale(session, f"SELECT code_id, document_id FROM codings "
                                    f"WHERE id IN (SELECT id FROM {_IDS})")
        with large_page_cache(connection, 256), \
                triggers_suspended(connection, "codings", "DELETE"):
            connection.exec_driver_sql(f"DELETE FROM codings WHERE id IN (SELECT id FROM {_IDS})")
    session.expire_all()
    stored = StoredCodings.of(found)
    return Changes(
        description=f"Remove {len(ids)} codings", codings=frozenset(ids),
        codes=frozenset(stored.columns[3]), documents=frozenset(stored.columns[2]),
        messages=messages, inverse=partial(restore_stored_codings, stored=stored))


def restore_stored_codings(session: Session, *, stored: StoredCodings) -> Changes:
    """Put codings removed by :func:`remove_stored_codings` back (same ids, uuids, memos);
    those whose document, code or coder was deleted meanwhile are left out and named in a
    message (none left: ChangedMeanwhile)."""
    session.flush()
    stored, messages = _placeable(session, stored)
    connection = session.connection()
    with large_page_cache(connection, 256), triggers_suspended(connection, "codings", "INSERT"):
        marks = ", ".join("?" * len(COLUMNS))
        executemany(connection, f"INSERT INTO codings ({_QUOTED}) VALUES ({marks})",
                    stored.rows())
    with _id_table(connection, stored.ids):
        mark_codings_stale(session, f"SELECT code_id, document_id FROM codings "
                                    f"WHERE id IN (SELECT id FROM {_IDS})")
    session.expire_all()
    ids = tuple(stored.ids)
    return Changes(
        description=f"Restore {len(ids)} codings", codings=frozenset(ids),
        codes=frozenset(stored.columns[3]), documents=frozenset(stored.columns[2]),
        messages=messages, inverse=partial(remove_stored_codings, coding_ids=ids,
                                           undoing=True))


def _placeable(session: Session, stored: StoredCodings
               ) -> tuple[StoredCodings, tuple[str, ...]]:
    """``stored`` without the codings whose document, code or coder is gone, and the message
    on those left out."""
    documents, codes, coders = (set(stored.columns[i]) for i in (2, 3, 4))
    there = placeable(session, documents, codes, coders)
    if there == (documents, codes, coders):
        return stored, ()
    kept = [row for row in stored.rows()
            if row[2] in there[0] and row[3] in there[1] and row[4] in there[2]]
    return StoredCodings.of(kept), refuse_or_tell(session, len(stored.ids), len(kept))


@contextmanager
def _id_table(connection: Connection, ids: Iterable[int]) -> Iterator[None]:
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {_IDS}")
    connection.exec_driver_sql(f"CREATE TABLE {_IDS} (id INTEGER PRIMARY KEY)")
    try:
        executemany(connection, f"INSERT INTO {_IDS} (id) VALUES (?)", ((i,) for i in ids))
        yield
    finally:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {_IDS}")


def fetchall(connection: Connection, sql: str) -> list[tuple]:
    """Every row of ``sql`` as plain tuples, through the driver's own cursor."""
    cursor = connection.connection.cursor()
    try:
        return cursor.execute(sql).fetchall()
    finally:
        cursor.close()


def executemany(connection: Connection, sql: str, rows: Iterable[tuple]) -> None:
    """``sql`` for each of ``rows`` (plain tuples, streamed) through the driver's own cursor:
    SQLAlchemy's per-row parameters would cost more than the statement."""
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


def mark_codings_stale(session: Session, pairs_sql: str) -> None:
    """Mark what the codings triggers would have marked for the codings ``pairs_sql`` selects
    (their ``code_id, document_id``), written or deleted with the triggers suspended: each
    (code, document) pair and document stale, in one statement each. When so many pairs are
    touched that the commit's refresh would rebuild the whole project anyway (more than
    :data:`~qcode.derived.coverage.BULK_PAIRS` pairs, over half of the documents), the
    project is marked for that rebuild instead of writing (and then reading) every pair."""
    connection = session.connection()
    documents = connection.exec_driver_sql(
        f"SELECT count(DISTINCT document_id) FROM ({pairs_sql})").scalar_one()
    many = connection.exec_driver_sql(
        f"SELECT count(*) FROM (SELECT DISTINCT code_id, document_id FROM ({pairs_sql}) "
        f"LIMIT {BULK_PAIRS + 1})").scalar_one() > BULK_PAIRS
    if many and 2 * documents > session.scalar(select(func.count(Document.id))):
        connection.exec_driver_sql("INSERT OR IGNORE INTO rollup_rebuild (id) VALUES (1)")
        return
    connection.exec_driver_sql("INSERT OR IGNORE INTO coverage_stale (code_id, document_id) "
                               f"SELECT DISTINCT code_id, document_id FROM ({pairs_sql})")
    connection.exec_driver_sql("INSERT OR IGNORE INTO document_stale (document_id) "
                               f"SELECT DISTINCT document_id FROM ({pairs_sql})")

"""A refresh's writes sent with its next read: one round trip to a server, not one each.

A coding's refresh (:mod:`qcode.derived.coverage`) writes a few rows of four derived tables
between its reads, and ends by clearing the stale marks. On PostgreSQL each statement waits
for its answer, and on a busy server every wait is a trip through the scheduler on both ends.
Inside :func:`queued_writes` the writes of :func:`write_many` wait in a queue; the next read
(:func:`fetch_all`) sends them ahead of itself in one pipeline (libpq's pipeline mode), and
the end of the block sends what is left. Order is kept: a write reaches the server before any
read that comes after it in the code, so every read sees the rows written before it.

A project file (SQLite, in process) has no round trips: there the queue is never made and
every write runs at once. A failure of a queued write surfaces at the read or the end of the
block that sent it, as SQLAlchemy's DBAPIError (as any statement's would), and the caller's
transaction rolls back as usual.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

_KEY = "qcode.queued_writes"

# psycopg logs a warning when a pipeline ends in error, which Python prints to stderr when
# nothing configured logging (the CLI): the error itself is raised, and told in one line.
logging.getLogger("psycopg").addHandler(logging.NullHandler())

#: a write: SQL text for the driver and its rows of parameters (None: run once, without)
Write = tuple[str, Sequence[Any] | None]


@contextmanager
def queued_writes(session: Session) -> Iterator[None]:
    """Queue :func:`write_many`'s writes (on PostgreSQL) until the next read or the end."""
    if session.connection().dialect.name != "postgresql":
        yield
        return
    session.info[_KEY] = []
    try:
        yield
        queue = session.info[_KEY]
        if queue:
            _send(session.connection(), queue, None)
    finally:
        session.info.pop(_KEY, None)


def write_many(session: Session, sql: str, rows: Sequence[Any] | None) -> None:
    """Run ``sql`` once per row of parameters in ``rows`` (None: once, without any), or
    queue it inside :func:`queued_writes`."""
    queue: list[Write] | None = session.info.get(_KEY)
    if queue is not None:
        queue.append((sql, rows))
        return
    connection = session.connection()
    if rows is None:
        connection.exec_driver_sql(sql)
    else:
        connection.exec_driver_sql(sql, list(rows))


def fetch_all(session: Session, sql: str, arguments: Any) -> list[tuple]:
    """Every row of ``sql`` through the driver's own cursor, the queued writes sent first in
    the same round trip."""
    connection = session.connection()
    queue: list[Write] | None = session.info.get(_KEY)
    return _send(connection, queue or [], (sql, arguments))


def _send(connection: Connection, writes: list[Write], read: tuple[str, Any] | None
          ) -> list[tuple]:
    """The ``writes`` then ``read`` (if any) in one pipeline (with no writes: plainly); the
    read's rows. ``writes`` is emptied."""
    raw = connection.connection
    pending, writes[:] = list(writes), []
    try:
        if not pending:
            assert read is not None
            return _read(raw.cursor(), read)
        # the writes on a cursor of their own: in a pipeline a cursor holds the result of
        # the last statement it ran once the pipeline is read, which must be the read's
        writer = raw.cursor()
        try:
            with raw.driver_connection.pipeline():
                for sql, rows in pending:
                    writer.execute(sql) if rows is None else writer.executemany(sql, rows)
                return [] if read is None else _read(raw.cursor(), read)
        finally:
            writer.close()
    except connection.dialect.loaded_dbapi.Error as exc:
        # a pipeline tells its failure when it is read, not which statement it was
        sent = "; ".join([sql for sql, _ in pending] + ([read[0]] if read else []))
        raise DBAPIError.instance(sent, read[1] if read and not pending else None, exc,
                                  connection.dialect.loaded_dbapi.Error,
                                  dialect=connection.dialect) from exc


def _read(cursor: Any, read: tuple[str, Any]) -> list[tuple]:
    try:
        cursor.execute(*read)
        return cursor.fetchall()
    finally:
        cursor.close()

"""SQLite settings for bulk work inside the caller's transaction: a larger page cache, the
codings triggers suspended while a load marks what it wrote itself, and a transaction opened
before DDL. SQLite-specific, like :mod:`qcode.db`; other databases get no-ops."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError


@contextmanager
def large_page_cache(connection: Connection, mebibytes: int = 64,
                     schema: str = "main") -> Iterator[None]:
    """SQLite's page cache at ``mebibytes`` for a bulk rebuild (rows go to many places of each
    index); other databases size their caches themselves. ``schema``: "temp" for the
    temporary tables of a bulk merge."""
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql(f"PRAGMA {schema}.cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA {schema}.cache_size=-{mebibytes * 1024}")
    try:
        yield
    except BaseException:
        # Ctrl+C inside a write leaves the connection invalidated: saying so must not be
        # replaced by an error about using it (the pool discards it with its cache anyway).
        with suppress(SQLAlchemyError):
            connection.exec_driver_sql(f"PRAGMA {schema}.cache_size={int(before or -2000)}")
        raise
    connection.exec_driver_sql(f"PRAGMA {schema}.cache_size={int(before or -2000)}")


@contextmanager
def insert_triggers_suspended(connection: Connection, table: str) -> Iterator[bool]:
    """Without ``table``'s AFTER INSERT triggers on SQLite, in the caller's transaction: at a
    million codings their stale marks cost more than the rows. Yields True when suspended (the
    caller marks what it inserted itself); they are dropped and made again from their own SQL
    inside the transaction (a rollback restores them). Elsewhere they stay: yields False."""
    with triggers_suspended(connection, table, "INSERT") as suspended:
        yield suspended


@contextmanager
def triggers_suspended(connection: Connection, table: str, event: str) -> Iterator[bool]:
    """:func:`insert_triggers_suspended` for the AFTER ``event`` (INSERT, DELETE) triggers."""
    if connection.dialect.name != "sqlite":
        yield False
        return
    begin_now(connection)
    triggers = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
        "AND sql LIKE ?", (table, f"%AFTER {event} ON%")).all()
    for name, _ in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    try:
        yield True
    except BaseException:
        with suppress(SQLAlchemyError):  # the caller's rollback brings them back anyway
            _run_all(connection, [sql for _, sql in triggers])
        raise
    _run_all(connection, [sql for _, sql in triggers])


def _run_all(connection: Connection, statements: list[str]) -> None:
    for statement in statements:
        connection.exec_driver_sql(statement)


def begin_now(connection: Connection) -> None:
    """Open SQLite's transaction now if none is open yet.

    Python's sqlite3 module (in the mode SQLAlchemy uses) begins a transaction only before an
    INSERT, UPDATE or DELETE; DDL run first (a rebuild dropping its tables) would commit at
    once, outside the caller's transaction, and a cancelled rebuild could not undo it.
    """
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    if raw is not None and not raw.in_transaction:  # type: ignore[attr-defined]
        connection.exec_driver_sql("BEGIN")

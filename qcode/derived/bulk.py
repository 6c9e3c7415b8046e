"""Reading and writing many rows at once, cheaply: plain tuples through the driver's own
cursor, where SQLAlchemy's per-row objects and parameters would cost more than the SQL."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import Any

from sqlalchemy import CompoundSelect, Select, Table, bindparam, insert, select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable
from sqlalchemy.sql.compiler import SQLCompiler

from qcode.derived.queued import fetch_all, write_many

_BATCH = 50_000
_PARAMETERS = 999  # in one statement: SQLite before 3.32 allows no more


class _CompiledCache:
    """Compiled statements by (dialect, cache key), the least recently used dropped first
    past ``capacity``; shared by threads (a compiled statement is only read once made)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.items: OrderedDict[tuple, SQLCompiler] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> SQLCompiler | None:
        with self.lock:
            compiled = self.items.get(key)
            if compiled is not None:
                self.items.move_to_end(key)
            return compiled

    def put(self, key: tuple, compiled: SQLCompiler) -> None:
        with self.lock:
            self.items[key] = compiled
            while len(self.items) > self.capacity:
                self.items.popitem(last=False)

    def made(self, key: tuple, compile_: Callable[[], SQLCompiler]) -> SQLCompiler:
        """The statement kept under ``key``, or ``compile_()`` kept there now."""
        compiled = self.get(key)
        if compiled is None:
            compiled = compile_()
            self.put(key, compiled)
        return compiled


_COMPILED = _CompiledCache(500)


def insert_rows(session: Session, table: Table, rows: Iterable[tuple[int, ...]],
                ordered: bool = False) -> None:
    """Insert ``rows`` (values in the table's column order) in batches; ``ordered``: they
    come in key order already (a list), so they are not sorted again.

    The statement is compiled once for the connection's dialect. With positional parameters
    in column order (SQLite) rows go in key order, many to a statement (``VALUES (...),
    (...), ...``) through the driver's own cursor: binding a row costs a few parameters, not
    a statement run and reset, which halves writing a million islands (in random key order
    such statements cost more than one row at a time, hence the sort). Otherwise (named
    parameters) they go to the driver's executemany as plain dicts: building SQLAlchemy
    parameters row by row costs more than the insert itself.
    """
    connection = session.connection()
    compiled = compiled_once(connection.dialect, ("insert", table), lambda: insert(table))
    names = [c.name for c in table.columns]
    positions = compiled.positiontup  # bind names (= column names) in placeholder order
    if positions == names:  # sorted: the key columns come first in every derived table
        _insert_values(connection.connection.cursor(), str(compiled), len(names),
                       rows if ordered and isinstance(rows, list) else sorted(rows))
        return
    batch: list = []
    for row in rows:
        batch.append(dict(zip(names, row, strict=True)) if positions is None
                     else tuple(row[names.index(n)] for n in positions))
        if len(batch) >= _BATCH:
            write_many(session, str(compiled), batch)
            batch = []
    if batch:
        write_many(session, str(compiled), batch)


def _insert_values(cursor: Any, one_row: str, width: int, rows: list[tuple[int, ...]]) -> None:
    """``rows`` through ``INSERT ... VALUES`` statements of many rows each; ``one_row`` is the
    statement of one row, its placeholders in column order."""
    head, group = one_row.rsplit(" VALUES ", 1)
    per = max(1, _PARAMETERS // width)
    full = len(rows) - len(rows) % per
    try:
        if full:
            many = f"{head} VALUES {', '.join([group] * per)}"
            for first in range(0, full, per):
                cursor.execute(many, tuple(chain.from_iterable(rows[first:first + per])))
        if full < len(rows):
            rest = rows[full:]
            cursor.execute(f"{head} VALUES {', '.join([group] * len(rest))}",
                           tuple(chain.from_iterable(rest)))
    finally:
        cursor.close()


def compiled_once(dialect: Dialect, key: tuple, statement: Callable[[], Executable]
                  ) -> SQLCompiler:
    """The statement ``statement()`` (one without values of its own: its text never changes
    for ``key``) compiled for ``dialect``, once: a coding's refresh writes to a few tables,
    and compiling their insert and update afresh cost more than a millisecond of CPU."""
    return _COMPILED.made((dialect, *key), lambda: statement().compile(dialect=dialect))


def bound_rows(session: Session, key: tuple, statement: Callable[[], Executable],
               **values: Any) -> list[tuple]:
    """Every row of a statement of fixed shape, as plain tuples: ``statement()`` leaves its
    values as bound parameters (``bindparam(name)``; ``expanding=True`` for an IN list), is
    built and compiled once under ``key``, and runs with ``values``. A coding's refresh asks
    about fifteen of these; building and keying each statement afresh cost more client CPU
    than anything else it does."""
    connection = session.connection()
    compiled = compiled_once(connection.dialect, ("bound", *key), statement)
    expanded = compiled.construct_expanded_state(
        compiled.construct_params(values, escape_names=False))
    return fetch_all(session, expanded.statement, expanded.parameters
                     if expanded.positiontup is None else expanded.positional_parameters)


def scope_rows(session: Session, table: Table, code: int | None,
               documents: Sequence[int] | None) -> list[tuple]:
    """Every row (all columns) of a derived ``table`` of ``code`` (None: any) in
    ``documents`` (None: all); both are columns of each table it serves (but
    ``document_coverage``, which has no code)."""
    def statement() -> Select:
        stmt = select(table)
        if code is not None:
            stmt = stmt.where(table.c.code_id == bindparam("code"))
        if documents is not None:
            stmt = stmt.where(table.c.document_id.in_(bindparam("documents", expanding=True)))
        return stmt

    values = {"code": code, "documents": documents}
    return bound_rows(session, ("scope", table.name, code is None, documents is None),
                      statement, **{k: v for k, v in values.items() if v is not None})


def plain_rows(session: Session, stmt: Select | CompoundSelect) -> list[tuple]:
    """Every row of ``stmt`` as plain tuples, fetched with the driver's own cursor (DB-API).

    On half a million cells SQLAlchemy's Row objects cost more than the query itself.
    """
    return fetch_all(session, *_compiled(session.connection().dialect, stmt))


def _compiled(dialect: Dialect, stmt: Select | CompoundSelect) -> tuple[str, Any]:
    """The SQL text of ``stmt`` and its arguments for the driver.

    Compiling costs a fraction of a millisecond a statement, which a coding's refresh of the
    derived tables pays about fifteen times (most of its client CPU), so the compiled form is
    kept under the statement's cache key (its shape without the values, as SQLAlchemy's own
    statement cache does), the values are taken from the key and ``IN`` lists expanded for
    them (``construct_expanded_state``). A statement without a cache key, or whose key holds
    values apart from its bound parameters, is compiled afresh.
    """
    key = stmt._generate_cache_key()
    if key is None or key.params:
        compiled = stmt.compile(dialect=dialect)
        values = compiled.construct_params(escape_names=False)
    else:
        compiled = _COMPILED.made((dialect, key.key),
                                  lambda: stmt.compile(dialect=dialect, cache_key=key))
        values = compiled.construct_params(extracted_parameters=key.bindparams,
                                           escape_names=False)
    expanded = compiled.construct_expanded_state(values)
    return expanded.statement, expanded.parameters if expanded.positiontup is None else \
        expanded.positional_parameters

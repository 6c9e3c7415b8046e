"""Reading and writing many rows at once, cheaply: plain tuples through the driver's own
cursor, where SQLAlchemy's per-row objects and parameters would cost more than the SQL."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any

from sqlalchemy import Select, Table, insert
from sqlalchemy.orm import Session

_BATCH = 50_000
_PARAMETERS = 999  # in one statement: SQLite before 3.32 allows no more


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
    compiled = insert(table).compile(dialect=connection.dialect)
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
            connection.exec_driver_sql(str(compiled), batch)
            batch = []
    if batch:
        connection.exec_driver_sql(str(compiled), batch)


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


def plain_rows(session: Session, stmt: Select) -> list[tuple]:
    """Every row of ``stmt`` as plain tuples, fetched with the driver's own cursor (DB-API).

    On half a million cells SQLAlchemy's Row objects cost more than the query itself.
    """
    connection = session.connection()
    compiled = stmt.compile(dialect=connection.dialect,
                            compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    arguments = params if compiled.positiontup is None else \
        tuple(params[name] for name in compiled.positiontup)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), arguments)
        return cursor.fetchall()
    finally:
        cursor.close()

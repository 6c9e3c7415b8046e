"""Reading and writing many rows at once, cheaply: plain tuples through the driver's own
cursor, where SQLAlchemy's per-row objects and parameters would cost more than the SQL."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, Table, insert
from sqlalchemy.orm import Session

_BATCH = 50_000


def insert_rows(session: Session, table: Table, rows: Iterable[tuple[int, ...]]) -> None:
    """Insert ``rows`` (values in the table's column order) in batches.

    The statement is compiled once for the connection's dialect and handed to the driver's
    executemany with plain tuples (or dicts for drivers with named parameters): building
    SQLAlchemy parameters row by row costs more than the insert itself on a million islands.
    """
    connection = session.connection()
    compiled = insert(table).compile(dialect=connection.dialect)
    names = [c.name for c in table.columns]
    positions = compiled.positiontup  # bind names (= column names) in placeholder order

    def shape(row: tuple[int, ...]) -> object:
        if positions is None:
            return dict(zip(names, row, strict=True))
        return row if positions == names else tuple(row[names.index(n)] for n in positions)

    if positions == names and isinstance(rows, list):  # already the driver's shape
        for start in range(0, len(rows), _BATCH):
            connection.exec_driver_sql(str(compiled), rows[start:start + _BATCH])
        return
    batch: list = []
    for row in rows:
        batch.append(shape(row))
        if len(batch) >= _BATCH:
            connection.exec_driver_sql(str(compiled), batch)
            batch = []
    if batch:
        connection.exec_driver_sql(str(compiled), batch)


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

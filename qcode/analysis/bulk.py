"""Writing many rows of a derived table at once, cheaply."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table, insert
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

    batch: list = []
    for row in rows:
        batch.append(shape(row))
        if len(batch) >= _BATCH:
            connection.exec_driver_sql(str(compiled), batch)
            batch = []
    if batch:
        connection.exec_driver_sql(str(compiled), batch)

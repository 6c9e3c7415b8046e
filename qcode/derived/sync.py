"""Writing recomputed rows as changes: only rows whose values differ are written.

Deleting a scope's rows and inserting them again touches every secondary index and checks
every foreign key of every row; most recomputed rows are as they were (an edit changes one
island of a document, a move changes the totals of a few codes). So the stored rows of the
scope are read first, and only the differences go out: updates of changed values by primary
key, inserts of new keys, deletes of keys that are gone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter

from sqlalchemy import Table, Update, and_, bindparam, delete, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

from qcode.derived.bulk import compiled_once, insert_rows
from qcode.derived.queued import write_many

Row = tuple[int, ...]


def sync_rows(session: Session, table: Table, stored: Iterable[Sequence[Row]],
              rows: Iterable[Row]) -> None:
    """Make ``table``'s rows in a scope equal ``rows`` (values in column order).

    ``stored`` gives the scope's current rows, every column in column order (read a part at
    a time, :func:`qcode.derived.bulk.scope_rows`); the primary key columns come first in
    each table this serves.
    """
    width = len(table.primary_key.columns)
    old: dict[Row, Row] = {}
    for part in stored:
        old.update((tuple(r[:width]), tuple(r[width:])) for r in part)
    inserts: list[Row] = []
    updates: list[Row] = []
    for row in rows:
        values = old.pop(row[:width], None)
        if values is None:
            inserts.append(row)
        elif values != row[width:]:
            updates.append(row)
    _delete_keys(session, table, list(old))
    _update(session, table, updates)
    insert_rows(session, table, inserts)


def _key_names(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def _delete_keys(session: Session, table: Table, keys: Sequence[Row]) -> None:
    if not keys:
        return
    names = _key_names(table)
    compiled = compiled_once(session.connection().dialect, ("delete by key", table),
                             lambda: delete(table).where(and_(
                                 *(table.c[n] == bindparam(f"k_{n}") for n in names))))
    order = [f"k_{n}" for n in names]
    write_many(session, str(compiled), _parameters(compiled, order, keys))


def _update(session: Session, table: Table, rows: Sequence[Row]) -> None:
    """Update ``rows`` by key through the driver's executemany with plain parameters: a move
    of a sub-theme rewrites ~6,000 roll-up rows, where SQLAlchemy's per-row parameter
    building would cost more than the statement."""
    if not rows:
        return
    names = _key_names(table)
    others = [c.name for c in table.columns if c.name not in names]
    order = [f"k_{n}" for n in names] + [f"v_{n}" for n in others]
    connection = session.connection()
    compiled = compiled_once(connection.dialect, ("update by key", table),
                             lambda: _update_by_key(table, names, others))
    write_many(session, str(compiled), _parameters(compiled, order, rows))


def _parameters(compiled: SQLCompiler, order: list[str], rows: Sequence[Row]) -> list:
    """``rows`` (values in ``order``) as the driver takes ``compiled``'s parameters."""
    if compiled.positiontup is None:
        return [dict(zip(order, row, strict=True)) for row in rows]
    positions = [order.index(n) for n in compiled.positiontup]
    if len(positions) == 1:  # itemgetter of one index gives the value, not a tuple
        return [(row[positions[0]],) for row in rows]
    return list(map(itemgetter(*positions), rows))


def _update_by_key(table: Table, names: list[str], others: list[str]) -> Update:
    """``UPDATE table SET others = :v_... WHERE key = :k_...``"""
    where = and_(*(table.c[n] == bindparam(f"k_{n}") for n in names))
    return update(table).where(where).values({n: bindparam(f"v_{n}") for n in others})

"""``push``: a local project file uploaded whole into a server database that ``server init``
prepared (every id, uuid, coder, memo, attribute, turn and text version kept, and the file's
project uuid, so a later merge knows it is the same project).

It runs as the database's owner in one transaction: a failure or a cancel leaves the database
as ``init`` left it. Rows go through PostgreSQL's COPY (:mod:`qcode.server.transfer_tables`
says how each column crosses). While they load, the tables' own triggers (stale marks for the
derived tables, change notices) are switched off: the derived tables are copied as they are
(the file keeps them true to its codings; anything it had left stale is copied as stale and
refreshed before the commit), which costs a fraction of rebuilding them on the server
(``bench/transfer_bench.py``). Switching a trigger off is DDL the owner may run; it belongs to
the transaction, so a rollback switches them on again.

The server's coder rows (the owner's and each member's, made by ``init`` and ``grant``) give
way to the file's coders with their ids; a member the file has no coder of gets a new row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from qcode.derived.coverage import refresh_coverage
from qcode.errors import NotAllowed, ProjectError
from qcode.models.base import new_uuid
from qcode.progress import Progress, report
from qcode.server import members
from qcode.server.connect import check_schema, make_engine
from qcode.server.errors import plain_errors
from qcode.server.transfer_tables import DERIVED, LOCAL_KEYS, STALE, TABLES, WITH_IDS, Carried
from qcode.server.url import ServerAddress

#: rows read from the file and written to the server at a time
BATCH = 20_000
#: the progress label of the last step: the keys and indexes built over the rows
INDEXING = "building indexes"
#: what must be empty for a push (``init`` and ``grant`` only add coders and facts)
_CONTENT = ("documents", "codes", "codings", "attributes")


@dataclass
class TransferReport:
    """What a push or a pull carried: rows per table, from where and to where."""

    source: str
    target: str
    rows: dict[str, int] = field(default_factory=dict)

    def counted(self) -> str:
        """``N documents, N codes, N codings``."""
        return ", ".join(f"{self.rows.get(table, 0):,} {table}"
                         for table in ("documents", "codes", "codings"))


class PushReport(TransferReport):
    def line(self) -> str:
        return (f"pushed {self.source} to {self.target}: {self.counted()} by "
                f"{self.rows.get('coders', 0):,} coders")


def push(source: Path, address: ServerAddress, *, password: str | None = None,
         progress: Progress | None = None) -> PushReport:
    """Upload the project file ``source`` into the (initialised, empty) database at
    ``address``; see the module docstring."""
    from qcode.project import Project

    project = Project.open(source, readonly=True)
    try:
        engine = make_engine(address, password)
        try:
            with plain_errors(address):
                check_schema(engine, address)
                with engine.begin() as conn:
                    _check_target(conn, address)
                    out = PushReport(source.name, address.label)
                    with project.reading() as reading:
                        _load(reading.connection(), conn, out, progress)
                _analyze(engine)  # after the commit: VACUUM runs in no transaction
        finally:
            engine.dispose()
    finally:
        project.close()
    return out


def _check_target(conn: Connection, address: ServerAddress) -> None:
    if not members.is_owner(conn):
        raise NotAllowed(f"{address.label}: only the database's owner pushes a project into "
                         f"it (you are {members.login_role(conn)})")
    # a second push at the same time waits here, then finds this one's rows
    conn.execute(text(f"LOCK TABLE {', '.join(_CONTENT)} IN EXCLUSIVE MODE"))
    for table in _CONTENT:
        if conn.execute(text(f"SELECT EXISTS (SELECT 1 FROM {table})")).scalar():
            raise ProjectError(f"{address.label} already holds a project; push goes into a "
                               "freshly initialised database")


def _load(file: Connection, conn: Connection, out: PushReport,
          progress: Progress | None) -> None:
    counts = {t.name: file.exec_driver_sql(f"SELECT count(*) FROM {t.name}").scalar_one()
              for t in TABLES}
    total, done = sum(counts.values()), 0
    report(progress, 0, total, "reading the project")
    server_coders = [members.login_role(conn), *conn.execute(
        text(f"SELECT role FROM {members.TABLE} ORDER BY role")).scalars()]
    conn.execute(text("DELETE FROM coders"))  # no coding names them: the file's take over
    for table in DERIVED + STALE:  # init leaves a mark to rebuild: the file's marks hold
        conn.execute(text(f"DELETE FROM {table}"))
    with _triggers_off(conn), _keys_built_after(conn):
        raw = conn.connection.driver_connection
        for table in TABLES:
            done = _copy(file, raw, table, done, total, progress)
            out.rows[table.name] = counts[table.name]
        report(progress, total, total, INDEXING)
    _project_info(file, conn)
    _set_sequences(conn)
    _ensure_coders(conn, server_coders)
    with Session(bind=conn) as session:  # what the file had left stale, refreshed now
        refresh_coverage(session, progress)
        session.flush()
    report(progress, total, total, "done")


def _copy(file: Connection, raw, table: Carried, done: int, total: int,
          progress: Progress | None) -> int:
    """COPY one table's rows from the file into the server; rows done so far."""
    cursor = file.connection.cursor()
    try:
        cursor.execute(table.file_select())
        with raw.cursor() as server, \
                server.copy(f"COPY {table.name} ({table.column_list}) FROM STDIN") as copy:
            while rows := cursor.fetchmany(BATCH):
                for row in rows:
                    copy.write_row(row)
                done += len(rows)
                report(progress, done, total, table.name.replace("_", " "))
    finally:
        cursor.close()
    return done


@contextmanager
def _triggers_off(conn: Connection) -> Iterator[None]:
    """The loaded tables' own enabled triggers switched off (constraint triggers stay), and
    row-level security enforced on the owner lifted (COPY refuses a table under it), all
    restored before the transaction ends."""
    names = [t.name for t in TABLES]
    triggers = conn.execute(text(
        "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relname = ANY(:n) "
        "AND c.relnamespace = 'public'::regnamespace"), {"n": names}).all()
    forced = conn.execute(text(
        "SELECT relname FROM pg_class WHERE relforcerowsecurity AND relname = ANY(:n) "
        "AND relnamespace = 'public'::regnamespace"), {"n": names}).scalars().all()
    for table, trigger in triggers:
        conn.exec_driver_sql(f'ALTER TABLE "{table}" DISABLE TRIGGER "{trigger}"')
    for table in forced:
        conn.exec_driver_sql(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
    yield
    for table, trigger in triggers:
        conn.exec_driver_sql(f'ALTER TABLE "{table}" ENABLE TRIGGER "{trigger}"')
    for table in forced:
        conn.exec_driver_sql(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')


@contextmanager
def _keys_built_after(conn: Connection) -> Iterator[None]:
    """The loaded tables' keys, indexes and foreign keys dropped while the rows go in and
    made again afterwards from their own definitions (``pg_get_constraintdef``,
    ``pg_get_indexdef``): an index built once over a million rows, and a foreign key checked
    by one join, cost a fraction of keeping them up row by row. Made again, each checks what
    it checked before (a duplicate uuid or a coding of no document fails the push)."""
    names = [t.name for t in TABLES]
    conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")  # index sorts in memory
    constraints = conn.execute(text(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype "
        "FROM pg_constraint c WHERE c.contype IN ('p', 'u', 'f') AND c.conrelid = ANY("
        "SELECT oid FROM pg_class WHERE relname = ANY(:n) "
        "AND relnamespace = 'public'::regnamespace) ORDER BY c.contype = 'f' DESC"),
        {"n": names}).all()
    indexes = conn.execute(text(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
        "AND tablename = ANY(:n) AND indexname NOT IN (SELECT conname FROM pg_constraint "
        "WHERE connamespace = 'public'::regnamespace)"), {"n": names}).all()
    for table, name, _, _ in constraints:  # foreign keys first: they need the keys
        conn.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for table, name, definition, _ in reversed(constraints):  # keys, then foreign keys
        conn.exec_driver_sql(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for _, definition in indexes:
        conn.exec_driver_sql(definition)


def _project_info(file: Connection, conn: Connection) -> None:
    """The file's facts (its uuid, name, memo, creation time ...) replace the server's."""
    for key, value in file.exec_driver_sql("SELECT key, value FROM project_info").all():
        if key in LOCAL_KEYS:
            continue
        conn.execute(text("INSERT INTO project_info(key, value) VALUES (:k, :v) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                     {"k": key, "v": value})


def _set_sequences(conn: Connection) -> None:
    """Each id sequence continues after the largest id loaded (explicit ids left it at 1)."""
    for table in WITH_IDS:
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"))


def _ensure_coders(conn: Connection, roles: list[str]) -> None:
    """A coder row for the owner and every member the file has no coder of."""
    for role in dict.fromkeys(roles):
        conn.execute(text("INSERT INTO coders (uuid, name, created_at) "
                          "VALUES (:u, :n, now() AT TIME ZONE 'UTC') "
                          "ON CONFLICT (name) DO NOTHING"), {"u": new_uuid(), "n": role})


def _analyze(engine) -> None:
    """Vacuum the loaded tables and give the planner fresh statistics (after the commit;
    harmless if it cannot run). Until a table is vacuumed its pages are not marked all
    visible, and every read through a covering index (a coding's refresh reads its
    document's ~500 spans so; the matrices read the count tables so) visits the table's
    rows as well: 50 times slower, until autovacuum comes by minutes later."""
    with suppress(DBAPIError), engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for table in TABLES:
            conn.exec_driver_sql(f"VACUUM (ANALYZE) {table.name}")

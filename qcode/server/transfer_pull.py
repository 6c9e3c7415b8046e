"""``pull``: a new local project file that is a full copy of a server project (the same ids,
uuids, coders, memos, derived tables ...), for offline work that ``qcode merge URL COPY``
brings back.

Any member may pull (a reader too). The copy's ``project_info`` records where it came from:
``server_origin`` (the URL without password) and ``server_login`` (the role that pulled).
The copy is made in the target file in one transaction; a pull that fails or is cancelled
removes the file it began, so it never leaves half a copy. The server is read in one
repeatable-read transaction: a consistent snapshot while others go on coding.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import Connection

from qcode import db
from qcode.db_bulk import begin_now, insert_triggers_suspended, large_page_cache
from qcode.errors import ProjectError
from qcode.progress import Progress, report
from qcode.project_lock import beside_lock_path
from qcode.server.errors import plain_errors
from qcode.server.transfer import INDEXING, TransferReport
from qcode.server.transfer_tables import TABLES, Carried
from qcode.server.url import ServerAddress

#: rows fetched from the server and written to the file at a time
BATCH = 20_000


class PullReport(TransferReport):
    def line(self) -> str:
        return (f"pulled {self.source} into {self.target}: {self.counted()} "
                "(bring your changes back with: qcode merge URL COPY)")


def pull(address: ServerAddress, target: Path, *, password: str | None = None,
         progress: Progress | None = None) -> PullReport:
    """Copy the server project at ``address`` into the new file ``target``."""
    from qcode.project import Project

    if target.exists():
        raise ProjectError(f"{target.name}: a file of that name already exists; pull makes a "
                           "new copy")
    server = Project.open(address.display(), readonly=True, password=password)
    try:
        copy = Project.create(target, name=address.database)
        try:
            out = PullReport(address.label, target.name)
            with plain_errors(address), server.engine.connect() as conn:
                conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, "
                                     "READ ONLY")
                with copy.transaction(progress=progress) as session:
                    _fill(conn, session.connection(), out, progress)
                    _record_origin(session.connection(), address, server.login or "")
            copy.close()
        except BaseException:
            copy.close()
            _remove(target)
            raise
    finally:
        server.close()
    return out


def _fill(conn: Connection, file: Connection, out: PullReport,
          progress: Progress | None) -> None:
    counts = {t.name: conn.exec_driver_sql(f"SELECT count(*) FROM {t.name}").scalar_one()
              for t in TABLES}
    total, done = sum(counts.values()), 0
    report(progress, 0, total, "reading the project")
    begin_now(file)
    file.exec_driver_sql("DELETE FROM project_info")
    rows = conn.exec_driver_sql("SELECT key, value FROM project_info").all()
    _insert(file, "INSERT INTO project_info (key, value) VALUES (?, ?)", [tuple(r) for r in rows])
    raw = conn.connection.driver_connection
    with insert_triggers_suspended(file, "codings"), large_page_cache(file, 256), \
            _indexes_built_after(file):  # the derived tables come as they are
        for table in TABLES:
            done = _copy(raw, file, table, done, total, progress)
            out.rows[table.name] = counts[table.name]
        report(progress, total, total, INDEXING)
    report(progress, total, total, "done")


@contextmanager
def _indexes_built_after(file: Connection) -> Iterator[None]:
    """The tables' secondary indexes dropped while the rows go in, made again afterwards from
    their own SQL: built once over sorted keys, they cost a fraction of keeping them up row by
    row (as :mod:`qcode.derived.rebuild` does for its tables). In the copy's transaction."""
    names = [t.name for t in TABLES]
    indexes = file.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' * len(names))})", tuple(names)).all()
    for name, _ in indexes:
        file.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        file.exec_driver_sql(sql)


def _copy(raw, file: Connection, table: Carried, done: int, total: int,
          progress: Progress | None) -> int:
    marks = ", ".join("?" * len(table.columns))
    sql = f"INSERT INTO {table.name} ({table.column_list}) VALUES ({marks})"
    with raw.cursor(name=f"qcode_pull_{table.name}") as cursor:
        cursor.itersize = BATCH
        cursor.execute(table.server_select())
        while rows := cursor.fetchmany(BATCH):
            _insert(file, sql, rows)
            done += len(rows)
            report(progress, done, total, table.name.replace("_", " "))
    return done


def _insert(file: Connection, sql: str, rows: list) -> None:
    cursor = file.connection.cursor()
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


def _record_origin(file: Connection, address: ServerAddress, login: str) -> None:
    """Where the copy came from, for the user and for a merge back."""
    _insert(file, "INSERT OR REPLACE INTO project_info (key, value) VALUES (?, ?)",
            [("server_origin", address.display()), ("server_login", login)])


def _remove(target: Path) -> None:
    """The file a failed pull began, with its lock and journal files."""
    for leftover in (target, beside_lock_path(target), *db.journal_files(target)):
        with suppress(OSError):
            leftover.unlink(missing_ok=True)

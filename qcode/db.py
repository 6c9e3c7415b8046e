"""The one module that knows the project database is SQLite.

Everything SQLite-specific (file header, pragmas, application id, online backup) lives here, so
the rest of qcode speaks portable SQLAlchemy and can later run on a PostgreSQL server.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

from qcode.errors import (
    DiskError,
    DiskFull,
    ProjectBusy,
    ProjectDamaged,
    ProjectError,
    ProjectReadOnly,
    QcodeError,
)

#: PRAGMA application_id of every qcode project: the bytes "QCOD".
APPLICATION_ID = 0x51434F44
SQLITE_HEADER = b"SQLite format 3\x00"
#: The table where Alembic keeps the schema revision: a qcode project without it is incomplete.
VERSION_TABLE = "alembic_version"


# -- how a project is opened for reading --------------------------------------------------------
#
# A reader of a WAL database keeps an index beside it (``-shm``, with the ``-wal`` log). A
# read-only connection (``mode=ro``) creates them but cannot remove them, so every read command
# used to leave both beside the project. So, where the file and its folder can be written, a
# reader opens an ordinary connection made query-only: SQLite itself removes the log and its
# index when the last connection to the file closes (never while a writer has it open), after
# folding the log in (nothing to fold after a clean close: the file is not touched).
# Where the folder cannot be written and holds no index (a read-only share), no connection
# could make one, so the file is opened immutable: SQLite then takes no locks and trusts that
# nobody writes the file, which holds, since no writer can make its log there either.

#: SQLite URI parameters of the three ways to read (see :func:`reading_mode`).
QUERY_ONLY = "mode=rw"  # an ordinary connection; ``PRAGMA query_only`` refuses any change
READ_ONLY = "mode=ro"
IMMUTABLE = "mode=ro&immutable=1"


def reading_mode(path: Path) -> str:
    """How to open ``path`` for reading: :data:`QUERY_ONLY`, :data:`READ_ONLY` or
    :data:`IMMUTABLE` (see above)."""
    real = path.resolve()
    folder_writable = os.access(real.parent, os.W_OK)
    if folder_writable and os.access(real, os.W_OK):
        return QUERY_ONLY
    wal, shm, _journal = journal_files(real)
    if folder_writable or shm.exists():
        return READ_ONLY
    if wal.exists() and wal.stat().st_size > 0:  # changes that immutable would not see
        raise ProjectError(f"{path.name} cannot be read in this read-only folder: its last "
                           f"writer did not finish ({wal.name}); open it once where it can "
                           "be written")
    return IMMUTABLE


def _url(path: Path, reading: str | None) -> str:
    if reading is not None:
        return f"sqlite:///file:{path.as_posix()}?{reading}&uri=true"
    return f"sqlite:///{path.as_posix()}"


def make_engine(path: Path, *, readonly: bool = False) -> Engine:
    """Engine on ``path`` with foreign keys enforced and (when writable) a WAL journal; for
    reading, opened as :func:`reading_mode` says."""
    reading = reading_mode(path) if readonly else None
    engine = create_engine(_url(path, reading), connect_args={"timeout": 10})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if reading is None:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        elif reading == QUERY_ONLY:
            cur.execute("PRAGMA query_only=ON")
        cur.close()

    return engine


@contextmanager
def _reader(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection that only reads ``path`` (opened as :func:`reading_mode`)."""
    reading = reading_mode(path)
    con = sqlite3.connect(f"file:{quote(path.as_posix())}?{reading}", uri=True)
    try:
        if reading == QUERY_ONLY:
            con.execute("PRAGMA query_only=ON")
        yield con
    finally:
        con.close()


def check_file_header(path: Path) -> None:
    """Refuse a missing file, a folder or a file that is not an SQLite database (no SQLite
    connection is made)."""
    if path.is_dir():
        raise ProjectError(f"{path.name}: a folder, not a project file")
    if not path.is_file():
        kind = _special_kind(path)
        if kind is not None:
            raise ProjectError(f"{path.name}: not a project file ({kind})")
        raise ProjectError(f"{path.name}: no such project file")
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise ProjectError(f"{path.name}: not a qcode project (not an SQLite database)")


def _special_kind(path: Path) -> str | None:
    """What ``path`` is when it exists but is no regular file (never opened: a FIFO would
    block): "a device", "a FIFO", "a socket"; None when there is nothing there."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    return "a socket" if stat.S_ISSOCK(mode) else "not a regular file"


def check_is_project(path: Path) -> None:
    """Refuse, with one clear line, a file that is not a complete qcode project.

    Only reads (a query-only or read-only connection): a refused file is left as it was.
    """
    check_file_header(path)
    with plain_errors(path), _reader(path) as con:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        versioned = con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                "AND name = ?", (VERSION_TABLE,)).fetchone()[0]
        if versioned:
            versioned = con.execute(f"SELECT count(*) FROM {VERSION_TABLE}").fetchone()[0]
    if app_id != APPLICATION_ID:
        raise ProjectError(f"{path.name}: not a qcode project (an SQLite file of another program)")
    if not versioned:
        raise ProjectError(f"{path.name}: not a complete qcode project (no schema); it was left "
                           "by a project creation that did not finish: delete it and create "
                           "the project again")


def check_intact(path: Path) -> None:
    """Refuse a damaged file: SQLite's quick check reads every page (seconds on a very large
    project), so the caller runs it only when the file changed since qcode last closed it."""
    with plain_errors(path), _reader(path) as con:
        verdict = con.execute("PRAGMA quick_check(1)").fetchall()
    if verdict != [("ok",)]:
        raise damaged(path)


def check_writable(engine: Engine) -> None:
    """Make a change and roll it back, so that a file that cannot be written, or a database
    another program holds, is reported when the project opens rather than at the first edit.
    (Taking the write lock alone succeeds on a read-only file in WAL mode.)"""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            cursor.execute(f"PRAGMA application_id={APPLICATION_ID}")
        finally:
            cursor.execute("ROLLBACK")
    finally:
        raw.close()


def journal_files(path: Path) -> list[Path]:
    """The files SQLite may keep beside the database ``path``: its write-ahead log, the log's
    shared-memory index, and a rollback journal."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def file_signature(path: Path) -> str:
    """Size, modification time and SQLite's change counter of the file, and the size of its
    write-ahead log: while the signature is the same, nothing has written to the file."""
    real = path.resolve()
    with real.open("rb") as fh:
        fh.seek(24)  # the file change counter, in the database header
        counter = int.from_bytes(fh.read(4), "big")
        st = os.fstat(fh.fileno())
    wal = real.with_name(real.name + "-wal")
    wal_size = wal.stat().st_size if wal.exists() else 0
    return f"{st.st_size} {st.st_mtime_ns} {counter} {wal_size}"


# -- database failures as one plain line ---------------------------------------------------------

#: SQLite's primary result codes a user can meet, as (error, message; {name}: the file's name).
_PLAIN_ERRORS: dict[int, tuple[type[ProjectError], str]] = {
    sqlite3.SQLITE_READONLY: (ProjectReadOnly, "{name} is read-only"),
    sqlite3.SQLITE_PERM: (ProjectReadOnly, "{name} is read-only"),
    sqlite3.SQLITE_BUSY: (ProjectBusy, "{name} is busy in another program; try again"),
    sqlite3.SQLITE_LOCKED: (ProjectBusy, "{name} is busy in another program; try again"),
    sqlite3.SQLITE_FULL: (DiskFull, "the disk is full: nothing was saved"),
    sqlite3.SQLITE_IOERR: (DiskError, "{name}: the disk reported an error reading or writing "
                                      "the file; nothing was saved"),
    sqlite3.SQLITE_CANTOPEN: (ProjectError, "{name} cannot be opened: the file or its folder "
                                            "cannot be reached or written"),
}
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def damaged(path: Path) -> ProjectDamaged:
    """The one line for a damaged project, naming its newest backup."""
    from qcode.backups import latest_backup  # late: the backups module builds on this one

    try:
        backup = latest_backup(path)
    except Exception:  # noqa: BLE001 - looking for a backup must not hide the damage
        backup = None
    where = f"last good backup: {backup}" if backup is not None else "no backup"
    return ProjectDamaged(f"{path.name} is damaged; {where}")


def undecodable(exc: BaseException | None) -> bool:
    """True for the driver's refusal of a stored text that is not UTF-8: damaged pages read
    as text (its message quotes the text: it must never be shown)."""
    return isinstance(exc, sqlite3.OperationalError) and str(exc).startswith(
        "Could not decode to UTF-8")


@contextmanager
def undecodable_is_damage(path: Path) -> Iterator[None]:
    """A stored text that is not UTF-8, read from ``path`` (another project a merge reads),
    says that file is damaged; any other failure passes through."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        if undecodable(exc.orig if isinstance(exc, DBAPIError) else exc):
            raise damaged(path) from None
        raise


def explain(exc: BaseException, path: Path) -> QcodeError | None:
    """The plain error for a database failure on ``path`` (never its SQL), or None for a
    failure that is not the user's to solve (a bug, a broken constraint)."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if undecodable(original):
        return damaged(path)
    code = getattr(original, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    if primary in _DAMAGED:
        return damaged(path)
    if primary == sqlite3.SQLITE_IOERR and _disk_nearly_full(path):
        primary = sqlite3.SQLITE_FULL  # e.g. the WAL's index could not grow: no room for it
    if primary == sqlite3.SQLITE_CANTOPEN and not _folder_writable(path):
        primary = sqlite3.SQLITE_READONLY  # no log can be made beside it: a read-only folder
    if primary not in _PLAIN_ERRORS:
        return None
    kind, message = _PLAIN_ERRORS[primary]
    return kind(message.format(name=path.name))


#: Less free space than this beside a project that failed to write: the disk is full. SQLite
#: reports a failed write of its WAL index, or of a file that cannot grow, as an I/O error.
NEARLY_FULL = 1 << 20


def _folder_writable(path: Path) -> bool:
    folder = path.resolve().parent
    return not folder.is_dir() or os.access(folder, os.W_OK)  # a missing folder is no share


def _disk_nearly_full(path: Path) -> bool:
    try:
        stats = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no such folder; no statvfs (Windows)
        return False
    return stats.f_bavail * stats.f_frsize < NEARLY_FULL


@contextmanager
def plain_errors(path: Path) -> Iterator[None]:
    """Turn database failures on ``path`` that a user can meet into one plain line."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        plain = explain(exc, path)
        if plain is None:
            raise
        raise plain from exc


def stamp_application_id(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text(f"PRAGMA application_id={APPLICATION_ID}"))


def backup_copy(source: Path, target: Path) -> None:
    """Consistent copy of a live database (SQLite online backup, WAL content included).

    A new ``target`` is created readable by its owner only (0600): interview data is sensitive.
    """
    create_private_file(target)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def checkpoint(engine: Engine) -> bool:
    """Fold the WAL into the main file, so a closed project is one self-contained file.
    False when a reader kept part of it in the WAL (it is folded in later; nothing is lost)."""
    with engine.connect() as conn:
        busy = conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).first()[0]
    return busy == 0


# -- backups (qcode.backups) -------------------------------------------------------------------

def create_private_file(path: Path) -> None:
    """Create ``path`` empty and 0600 unless it exists (an existing file keeps its mode)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def checked_backup(source: Path, target: Path) -> str | None:
    """Copy ``source`` to ``target`` as one self-contained file (no WAL) and check the copy.

    Returns None when the copy passed ``PRAGMA quick_check``, else why not (the copy is left for
    the caller to delete). A damaged source fails here rather than replacing a good backup.
    """
    try:
        backup_copy(source, target)
        con = sqlite3.connect(target)
        try:
            con.execute("PRAGMA journal_mode=DELETE")
            rows = con.execute("PRAGMA quick_check(5)").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return str(exc)
    bad = [str(row[0]) for row in rows if row[0] != "ok"]
    if not bad:
        return None
    lines = [line for b in bad for line in b.splitlines() if line and not line.startswith("***")]
    return "; ".join(lines[:2]) or "failed the check"  # one line: the first problems say enough

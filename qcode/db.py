"""The one module that knows the project database is SQLite.

Everything SQLite-specific (file header, pragmas, application id, online backup) lives here, so
the rest of qcode speaks portable SQLAlchemy and can later run on a PostgreSQL server.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text

from qcode.errors import ProjectError

#: PRAGMA application_id of every qcode project: the bytes "QCOD".
APPLICATION_ID = 0x51434F44
SQLITE_HEADER = b"SQLite format 3\x00"


def _url(path: Path, readonly: bool) -> str:
    if readonly:
        return f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true"
    return f"sqlite:///{path.as_posix()}"


def make_engine(path: Path, *, readonly: bool = False) -> Engine:
    """Engine on ``path`` with foreign keys enforced and (when writable) a WAL journal."""
    engine = create_engine(_url(path, readonly), connect_args={"timeout": 10})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if not readonly:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    return engine


def check_is_project(path: Path) -> None:
    """Refuse, with one clear line, a file that is not a qcode project."""
    if path.is_dir():
        raise ProjectError(f"{path.name}: a folder, not a project file")
    if not path.is_file():
        raise ProjectError(f"{path.name}: no such project file")
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise ProjectError(f"{path.name}: not a qcode project (not an SQLite database)")
    try:
        con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path.name}: damaged project file ({exc})") from exc
    if app_id != APPLICATION_ID:
        raise ProjectError(f"{path.name}: not a qcode project (an SQLite file of another program)")


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


def checkpoint(engine: Engine) -> None:
    """Fold the WAL into the main file, so a closed project is one self-contained file."""
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


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
    problems = [str(row[0]) for row in rows if row[0] != "ok"]
    return "; ".join(problems) or None

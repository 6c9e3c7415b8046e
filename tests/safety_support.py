"""Real trouble for a project file, made for the tests: a read-only file, a full disk, another
program holding the database, a damaged page, a small file system. Nothing here stands in for
qcode's own code."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.pool import Pool

from qcode.ops.codings import add_coding
from qcode.project import Project
from tests.factories import add_code, add_coder, add_doc


def build_closed_study(path: Path, docs: int = 30) -> Path:
    """A project with some pages of text and codings, closed cleanly by qcode."""
    with Project.create(path) as project, project.transaction() as s:
        code = add_code(s, "Trust")
        coder = add_coder(s)
        for i in range(docs):
            text = f"Interviewer: question {i}?\nE{i:02}: " + "trust in the ministry " * 120
            doc = add_doc(s, f"E{i:02}", text)
            for start in range(0, 2000, 100):
                add_coding(s, document_id=doc, code_id=code, coder_id=coder,
                           start=start, end=start + 40)
    return path


def damage_middle_page(path: Path) -> None:
    """Overwrite one page in the middle of the file with garbage, as a bad disk or a stray
    write would."""
    con = sqlite3.connect(path)
    page_size, page_count = (con.execute(f"PRAGMA {p}").fetchone()[0]
                             for p in ("page_size", "page_count"))
    con.close()
    garbage = random.Random(4).randbytes(page_size)
    with path.open("r+b") as fh:
        fh.seek(page_size * (page_count // 2))
        fh.write(garbage)


def file_state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@contextmanager
def read_only_file(path: Path) -> Iterator[Path]:
    """``path`` made read-only for real. Root ignores file modes, so as root the file is made
    immutable (``chattr +i``); where that is not possible the test is skipped."""
    with _read_only(path, "file", mode=0o444, writable=0o644):
        yield path


@contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """``folder`` made read-only for real, as a supervisor's read-only share: nothing can be
    created in it. As root (which ignores modes) the folder is made immutable (``chattr +i``);
    where that is not possible the test is skipped."""
    with _read_only(folder, "folder", mode=0o555, writable=0o755):
        yield folder


@contextmanager
def _read_only(path: Path, kind: str, *, mode: int, writable: int) -> Iterator[None]:
    if os.geteuid() != 0:
        path.chmod(mode)
        try:
            yield
        finally:
            path.chmod(writable)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)],
                                        capture_output=True).returncode != 0:
        pytest.skip(f"running as root, and this file system cannot make a {kind} immutable "
                    f"(chattr +i), so no {kind} can be read-only here")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


@contextmanager
def _on_every_connection(*statements: str) -> Iterator[None]:
    """Run SQLite statements on each new database connection made meanwhile (in this process)."""

    def run(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        for statement in statements:
            dbapi_conn.execute(statement)

    event.listen(Pool, "connect", run)
    try:
        yield
    finally:
        event.remove(Pool, "connect", run)


def short_busy_wait(ms: int = 50) -> AbstractContextManager[None]:
    """Connections made meanwhile wait ``ms`` for a busy database instead of 10 seconds."""
    return _on_every_connection(f"PRAGMA busy_timeout={ms}")


def full_disk() -> AbstractContextManager[None]:
    """Connections made meanwhile cannot grow the database: SQLite reports SQLITE_FULL, exactly
    as on a full disk (``max_page_count`` is clamped to the pages the file has now)."""
    return _on_every_connection("PRAGMA max_page_count=1")


@contextmanager
def held_by_another_program(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program holds the database's write lock (an open write transaction)."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    finally:
        con.execute("ROLLBACK")
        con.close()


@contextmanager
def small_file_system(folder: Path, size: str = "64k") -> Iterator[Path]:
    """A real file system of ``size`` (tmpfs) mounted on ``folder`` (made), unmounted after;
    the test is skipped where mounting is not permitted (not root, or a container without the
    capability)."""
    folder.mkdir()
    mount, umount = shutil.which("mount"), shutil.which("umount")
    if mount is None or umount is None or os.geteuid() != 0 or subprocess.run(
            [mount, "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True).returncode != 0:
        pytest.skip("a small file system needs mounting a tmpfs, which is not permitted here")
    try:
        yield folder
    finally:
        subprocess.run([umount, str(folder)], check=True)

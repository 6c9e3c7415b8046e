"""A qcode project: one SQLite file (``*.qcode``) and the sessions that read and change it.

The caller owns sessions and transactions::

    project = Project.open(path)
    with project.transaction() as s:
        changes = add_coding(s, document_id=1, code_id=2, start=0, end=10, coder_id=1)

Domain functions take the session and never open one themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from qcode import backups, db, schema
from qcode.derived.coverage import refresh_coverage
from qcode.errors import ProjectError, ProjectLocked
from qcode.models import ProjectInfo
from qcode.models.base import new_uuid

SUFFIX = ".qcode"


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _acquire_lock(path: Path) -> FileLock:
    """An OS lock beside the project; the OS drops it if the process dies."""
    lock = FileLock(lock_path(path), timeout=0, is_singleton=False)
    try:
        lock.acquire()
    except Timeout:
        raise ProjectLocked(
            f"{path.name}: already open for writing in another qcode window or process; "
            "close it there, or open this project read-only"
        ) from None
    except OSError as exc:
        raise ProjectError(f"{path.name}: cannot lock the project file ({exc.strerror})") from exc
    return lock


class Project:
    """An open project file. Use :meth:`create` or :meth:`open`; close when done."""

    def __init__(self, path: Path, engine: Engine, lock: FileLock | None, readonly: bool) -> None:
        self.path = path
        self.engine = engine
        self.readonly = readonly
        self._lock = lock
        self.backup_path: Path | None = None  # set when opening upgraded an older project

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, *, name: str | None = None) -> Project:
        """Create a new, empty project at ``path`` (refused if the file exists)."""
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path.name}: a file of that name already exists")
        if not path.parent.is_dir():
            raise ProjectError(f"{path.name}: folder {path.parent} does not exist")
        lock = _acquire_lock(path)
        engine = db.make_engine(path)
        try:
            db.stamp_application_id(engine)
            schema.upgrade(engine)
            project = cls(path, engine, lock, readonly=False)
            with project.transaction() as s:
                now = datetime.now(UTC).isoformat(timespec="seconds")
                for key, value in (("uuid", new_uuid()), ("name", name or path.stem),
                                   ("memo", ""), ("created_at", now)):
                    s.add(ProjectInfo(key=key, value=value))
        except Exception:
            engine.dispose()
            lock.release()
            path.unlink(missing_ok=True)
            raise
        return project

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Project:
        """Open an existing project; upgrade an older one (after a backup), refuse a newer one."""
        path = Path(path)
        db.check_is_project(path)
        lock = None if readonly else _acquire_lock(path)
        engine = db.make_engine(path, readonly=readonly)
        try:
            backup = cls._ensure_current_schema(path, engine, readonly)
        except Exception:
            engine.dispose()
            if lock is not None:
                lock.release()
            raise
        project = cls(path, engine, lock, readonly)
        project.backup_path = backup
        if not readonly:
            try:
                with project.transaction():
                    pass  # refreshes what an upgrade or an outside writer left stale
            except Exception:
                project.close()
                raise
            with suppress(Exception):  # a backup never stops the open (problems are reported)
                backups.on_open(project)
        return project

    @staticmethod
    def _ensure_current_schema(path: Path, engine: Engine, readonly: bool) -> Path | None:
        current = schema.current_revision(engine)
        head = schema.head_revision()
        if current == head:
            return None
        if current is None or not schema.is_known(current):
            raise ProjectError(
                f"{path.name}: written by a newer version of qcode (schema {current}); "
                "update qcode to open it"
            )
        if readonly:
            raise ProjectError(
                f"{path.name}: made by an older qcode (schema {current}); open it for writing "
                "once so it can be upgraded"
            )
        backup = path.with_name(f"{path.stem}.before-{head}{path.suffix}.bak")
        db.backup_copy(path, backup)
        schema.upgrade(engine)
        return backup

    # -- using ---------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        session = Session(self.engine, expire_on_commit=False)
        try:
            with session.begin():
                yield session
                refresh_coverage(session)  # derived tables commit with the codings
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; nothing it does is committed."""
        session = Session(self.engine)
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def info(self) -> dict[str, str]:
        with self.reading() as s:
            return {row.key: row.value for row in s.query(ProjectInfo)}

    def close(self) -> None:
        if not self.readonly:
            # A busy database (another reader) only delays folding the WAL; nothing is lost.
            with suppress(DBAPIError):
                db.checkpoint(self.engine)
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

"""A qcode project: one SQLite file (``*.qcode``), or a database on a team server
(``postgresql://host/database``, :mod:`qcode.server`), and the sessions that read and change it.

The caller owns sessions and transactions::

    project = Project.open(path)
    with project.transaction() as s:
        changes = add_coding(s, document_id=1, code_id=2, start=0, end=10, coder_id=1)

Domain functions take the session and never open one themselves.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from qcode import backups, clean_close, db, schema
from qcode.derived.coverage import refresh_coverage
from qcode.errors import ProjectBusy, ProjectError, ProjectReadOnly, ServerUnreachable
from qcode.models import ProjectInfo
from qcode.models.base import new_uuid
from qcode.progress import Progress
from qcode.project_lock import (
    ProjectLock,
    beside_lock_path,
    identity_lock_path,
    read_only_message,
)

if TYPE_CHECKING:
    from qcode.server.url import ServerAddress

SUFFIX = ".qcode"
T = TypeVar("T")


def lock_path(path: Path) -> Path:
    """The lock file beside the project; :class:`ProjectLock` holds it with the identity lock."""
    return beside_lock_path(path)


#: suffixes of the files qcode imports and exports: a project of that name is refused
_NOT_PROJECT_SUFFIXES = frozenset({
    ".csv", ".xlsx", ".xls", ".docx", ".doc", ".txt", ".md", ".markdown", ".rtf", ".odt",
    ".pdf", ".json", ".qdpx", ".qdc", ".qde"})

class Project:
    """An open project file. Use :meth:`create` or :meth:`open`; close when done.

    Database failures a user can meet (read-only file, full disk, another program holding the
    database, a damaged file) surface from every method as one plain line (a ProjectError).
    """

    def __init__(self, path: Path, engine: Engine, lock: ProjectLock | None,
                 readonly: bool, *, address: ServerAddress | None = None) -> None:
        self.path = path  # a server project: Path(database name), for messages and file names
        self.engine = engine
        self.readonly = readonly
        self._lock = lock
        self.backup_path: Path | None = None  # set when opening upgraded an older project
        #: where a server project lives (None for a file); ``login`` and ``rights`` then say
        #: who is connected and what the database lets them do
        self.address = address
        self.login: str | None = None
        self.rights: str | None = None

    @property
    def on_server(self) -> bool:
        return self.address is not None

    @property
    def location(self) -> str:
        """What to show and remember: the file's path, or the server URL (no password)."""
        return self.address.display() if self.address is not None else str(self.path)

    @property
    def label(self) -> str:
        """The file's name, or ``database on host``."""
        return self.address.label if self.address is not None else self.path.name

    def plain_errors(self) -> AbstractContextManager[None]:
        """Database failures a user can meet, as one plain line naming this project."""
        if self.address is not None:
            from qcode.server.errors import plain_errors

            return plain_errors(self.address)
        return db.plain_errors(self.path)

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, *, name: str | None = None) -> Project:
        """Create a new, empty project at ``path`` (refused if the file exists)."""
        from qcode.server.url import is_server_url

        if is_server_url(path):
            raise ProjectError(f"{path}: a server project is made with: qcode server init URL")
        path = Path(path)
        if path.suffix.lower() in _NOT_PROJECT_SUFFIXES:
            raise ProjectError(f"{path.name}: a {path.suffix} name is for a file qcode imports "
                               "or exports, not a project (an export there would replace it); "
                               "name the project .qcode")
        if path.exists():
            raise ProjectError(f"{path.name}: a file of that name already exists")
        if not path.parent.is_dir():
            raise ProjectError(f"{path.name}: folder {path.parent} does not exist")
        _create_empty_file(path)
        traces = _creation_traces(path)
        try:
            with db.plain_errors(path):
                lock = ProjectLock.acquire(path)
                project = cls._initialise(path, lock, name or path.stem)
        except BaseException:  # a failed creation (a full disk) leaves nothing behind
            for trace in (*traces, path):
                with suppress(OSError):
                    trace.unlink(missing_ok=True)
            raise
        return project

    @classmethod
    def _initialise(cls, path: Path, lock: ProjectLock, name: str) -> Project:
        engine = db.make_engine(path)
        try:
            db.stamp_application_id(engine)
            schema.upgrade(engine)
            project = cls(path, engine, lock, readonly=False)
            with project.transaction() as s:
                now = datetime.now(UTC).isoformat(timespec="seconds")
                for key, value in (("uuid", new_uuid()), ("name", name),
                                   ("memo", ""), ("created_at", now)):
                    s.add(ProjectInfo(key=key, value=value))
        except BaseException:
            engine.dispose()
            lock.release()
            raise
        return project

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False,
             progress: Progress | None = None, password: str | None = None) -> Project:
        """Open an existing project; upgrade an older one (after a backup), refuse a newer one,
        an incomplete or damaged one, and (for writing) one another qcode writes.

        ``path`` may be a server URL (``postgresql://...``, :mod:`qcode.server`); ``password``
        is then used to connect (held in memory only) when libpq finds none of its own.

        ``progress`` hears of the one long step an opening may take: rebuilding the derived
        tables of a file upgraded or written by another program (see :mod:`qcode.progress`;
        answering False cancels the opening, leaving the file as it was).
        """
        from qcode.server.url import is_server_url

        if is_server_url(path):
            from qcode.server.connect import open_server_project
            from qcode.server.url import parse

            address, given = parse(str(path))
            return open_server_project(address, readonly=readonly, password=password or given)
        path = Path(path)
        with db.plain_errors(path):
            if readonly:
                db.check_is_project(path)
                return cls._start(path, None)
            db.check_file_header(path)
            lock = ProjectLock.acquire(path, check=lambda: db.check_is_project(path))
            try:
                if not clean_close.unchanged(path):
                    db.check_intact(path)
                project = cls._start(path, lock, progress)
            except BaseException:
                lock.release()
                raise
        with suppress(Exception):  # a backup never stops the open (problems are reported)
            backups.on_open(project)
        return project

    @classmethod
    def _start(cls, path: Path, lock: ProjectLock | None,
               progress: Progress | None = None) -> Project:
        """The engine on a checked file; for writing (``lock`` held), refreshed and ready."""
        readonly = lock is None
        engine = db.make_engine(path, readonly=readonly)
        try:
            if not readonly:
                _check_writable(path, engine)
            backup = cls._ensure_current_schema(path, engine, readonly)
            project = cls(path, engine, lock, readonly)
            project.backup_path = backup
            if not readonly:
                with project.transaction(progress=progress):
                    pass  # refreshes what an upgrade or an outside writer left stale
        except BaseException:
            engine.dispose()
            raise
        return project

    @staticmethod
    def _ensure_current_schema(path: Path, engine: Engine, readonly: bool) -> Path | None:
        current = schema.current_revision(engine)
        head = schema.head_revision()
        if current == head:
            return None
        if current is None:
            raise ProjectError(f"{path.name}: not a complete qcode project (no schema)")
        if not schema.is_known(current):
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
        _give_back_space(engine)
        return backup

    # -- using ---------------------------------------------------------------------------------

    @contextmanager
    def transaction(self, *, progress: Progress | None = None) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error.

        The derived tables are refreshed just before the commit, at the cost of what the
        transaction changed; ``progress`` hears of it when that is a rebuild (a bulk write).
        """
        session = Session(self.engine, expire_on_commit=False)
        try:
            with self.plain_errors(), session.begin():
                yield session
                refresh_coverage(session, progress)  # derived tables commit with the codings
        except ServerUnreachable as exc:  # a write, never queued for later: say it is lost
            raise ServerUnreachable(f"{exc}; nothing was saved") from exc
        finally:
            session.close()

    def run(self, work: Callable[[Session], T], *, attempts: int = 4) -> T:
        """``work(session)`` in one transaction of its own; on a server, tried again (after a
        short random pause) when PostgreSQL broke off a deadlock between analysts' writes.

        Two analysts' transactions that mark the same derived rows stale in crossing orders
        can deadlock before the refresh's advisory locks (:mod:`qcode.server.locks`) order
        them; PostgreSQL then rolls one back, and nothing of it was saved. An op is a plain
        function of the session, so running it again is the whole gesture again.
        """
        for attempt in range(1, attempts + 1):
            try:
                with self.transaction() as session:
                    return work(session)
            except ProjectBusy:
                if self.address is None or attempt == attempts:
                    raise
                time.sleep(random.uniform(0.01, 0.05) * attempt)
        raise AssertionError("unreachable")

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; nothing it does is committed."""
        session = Session(self.engine)
        try:
            with self.plain_errors():
                yield session
        finally:
            session.rollback()
            session.close()

    def info(self) -> dict[str, str]:
        with self.reading() as s:
            return {row.key: row.value for row in s.query(ProjectInfo)}

    def close(self) -> None:
        """Fold the WAL in, let go of the file; a clean close is recorded (see clean_close)."""
        folded = False
        if not self.readonly and self.address is None:
            # A busy database (another reader) only delays folding the WAL; nothing is lost.
            with suppress(DBAPIError):
                folded = db.checkpoint(self.engine)
        self.engine.dispose()
        if self._lock is not None:
            if folded:
                clean_close.remember(self.path)
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _create_empty_file(path: Path) -> None:
    """The new project's file, empty (SQLite fills it); refused if it appeared meanwhile."""
    try:
        path.touch(exist_ok=False)
    except FileExistsError:
        raise ProjectError(f"{path.name}: a file of that name already exists") from None
    except OSError as exc:
        raise ProjectError(f"{path.name}: cannot create the file ({exc.strerror})") from exc


def _creation_traces(path: Path) -> list[Path]:
    """The files a creation of ``path`` may leave besides the file itself: its lock files (the
    one beside it and the one named after its identity) and SQLite's journal files."""
    traces = [beside_lock_path(path), *db.journal_files(path)]
    with suppress(OSError):
        traces.append(identity_lock_path(path))
    return traces


def _check_writable(path: Path, engine: Engine) -> None:
    """Refuse, on opening for writing, a file that cannot be written, suggesting read-only."""
    try:
        with db.plain_errors(path):
            db.check_writable(engine)
    except ProjectReadOnly as exc:
        raise ProjectReadOnly(read_only_message(path)) from exc


def _give_back_space(engine: Engine) -> None:
    """VACUUM after an upgrade: one that rewrites a table (0011 made codings half their size)
    otherwise leaves the file as large as before, its old pages free inside it."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("VACUUM")
    finally:
        raw.close()

"""Rotating backups of a project file (SQLite online backup), listed and restored by the user.

Where they live: in the user's data folder (``backups/<project uuid>/``), not beside the project.
A transcript folder is often synced or shared (cloud drives, USB sticks, a supervisor's copy):
ten full copies of sensitive interviews there would spread the data further and crowd the
folder, and a lost or damaged disk or folder would take the backups along with the project. A
folder per project *identity* (the uuid stored in the file) keeps a project's backups together
when it is renamed or moved; ``projects.txt`` in that folder records where the project was seen,
so the backups of a file too damaged to read its uuid can still be found.

Settings (environment variables): ``QCODE_BACKUP_DIR`` (the folder; default the ``backups``
folder in the user data folder, which ``QCODE_DATA_DIR`` moves), ``QCODE_BACKUP_KEEP`` (how many
to keep, default 10; 0 turns backups off) and ``QCODE_BACKUP_MINUTES`` (how often the app backs
up while you edit, default 10).

A backup is a self-contained copy checked by SQLite's quick check before it is kept: a damaged
project never replaces a good backup, and only checked backups count towards the ones kept.
Backups and their folder are readable by the owner only (0600 / 0700).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from qcode import db
from qcode.errors import QcodeError
from qcode.models import ProjectInfo
from qcode.userdata import data_dir

if TYPE_CHECKING:
    from qcode.project import Project

DIR_ENV = "QCODE_BACKUP_DIR"
KEEP_ENV = "QCODE_BACKUP_KEEP"
MINUTES_ENV = "QCODE_BACKUP_MINUTES"
DEFAULT_KEEP = 10
DEFAULT_MINUTES = 10.0
#: Opening a project for writing backs it up when its newest backup is older than this.
OPEN_BACKUP_AGE = timedelta(days=1)
PROJECTS_FILE = "projects.txt"
_STAMP = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^.+-(?P<stamp>\d{8}T\d{12}Z)\.qcode$")
_PLAIN_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,63}")

#: Where notices go: one line for the user (the CLI's stderr, the app's status bar).
Say = Callable[[str], None]


def to_stderr(message: str) -> None:
    print(f"qcode: {message}", file=sys.stderr)


_said: set[str] = set()
_open_backup_skipped: ContextVar[bool] = ContextVar("open_backup_skipped", default=False)


def _say(say: Say, message: str, *, once_for: str | None = None) -> None:
    """Tell the user ``message``; with ``once_for``, only the first time in this process."""
    if once_for is not None:
        if once_for in _said:
            return
        _said.add(once_for)
    say(message)


@contextmanager
def open_backup_left_to_caller() -> Iterator[None]:
    """Projects opened inside take no backup in :func:`on_open`: the caller takes it.

    The app opens projects on its GUI thread and takes that backup on a worker thread.
    """
    token = _open_backup_skipped.set(True)
    try:
        yield
    finally:
        _open_backup_skipped.reset(token)


@dataclass(frozen=True)
class BackupSettings:
    folder: Path  # holds one folder per project identity
    keep: int
    minutes: float

    @classmethod
    def from_env(cls) -> BackupSettings:
        folder = os.environ.get(DIR_ENV) or str(data_dir() / "backups")
        keep = _number(KEEP_ENV, DEFAULT_KEEP, int)
        minutes = _number(MINUTES_ENV, DEFAULT_MINUTES, float)
        return cls(Path(folder).expanduser(), max(0, int(keep)), max(0.0, minutes))

    @property
    def enabled(self) -> bool:
        return self.keep > 0

    def folder_of(self, identity: str) -> Path:
        """The folder of one project's backups. The identity comes from a file that may be
        hostile: anything but a plain id (``../..``) is turned into a harmless name."""
        safe = identity if _PLAIN_ID.fullmatch(identity) else identity.encode().hex()[:64]
        return self.folder / safe


def _number(name: str, default: float, kind: type) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return kind(raw)
    except ValueError:
        _say(to_stderr, f"{name}={raw} is not a number; using {default:g}", once_for=name)
        return default


@dataclass(frozen=True)
class Backup:
    path: Path
    time: datetime  # when it was taken (UTC)
    size: int  # bytes

    def as_dict(self) -> dict[str, object]:
        return {"path": str(self.path), "time": self.time.isoformat(timespec="seconds"),
                "size": self.size}


# -- finding backups ---------------------------------------------------------------------------

_UUID = select(ProjectInfo.value).where(ProjectInfo.key == "uuid")


def identity_in(session: Session) -> str | None:
    """The uuid of the open project: its backups are kept under this name."""
    return session.scalar(_UUID)


def project_identity(path: Path) -> str | None:
    """The uuid stored in the project file at ``path``; None when it cannot be read."""
    try:
        db.check_is_project(path)
        engine = db.make_engine(path, readonly=True)
        try:
            with engine.connect() as conn:
                return conn.scalar(_UUID)
        finally:
            engine.dispose()
    except (QcodeError, SQLAlchemyError, OSError):
        return None


def _recorded_identity(path: Path, settings: BackupSettings) -> str | None:
    """The identity whose backups were last taken from ``path`` (for an unreadable file)."""
    where = str(path.resolve())
    try:
        records = sorted(settings.folder.glob(f"*/{PROJECTS_FILE}"),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for record in records:
            if where in record.read_text(encoding="utf-8").splitlines():
                return record.parent.name
    except OSError:
        return None
    return None


def identity_of(path: Path, settings: BackupSettings | None = None) -> str | None:
    """The project's uuid, read from the file or, if it cannot be read, from the records."""
    return project_identity(path) or _recorded_identity(path, settings or BackupSettings.from_env())


def list_backups(folder: Path) -> list[Backup]:
    """The backups in ``folder``, newest first (checked copies only: partial ones are hidden)."""
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _NAME.match(entry.name)
        if match is None:
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        taken = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        found.append(Backup(entry, taken, size))
    return sorted(found, key=lambda b: b.time, reverse=True)


def backups_of(project_path: str | Path, settings: BackupSettings | None = None) -> list[Backup]:
    """The backups of the project at ``project_path``, newest first."""
    settings = settings or BackupSettings.from_env()
    identity = identity_of(Path(project_path), settings)
    return list_backups(settings.folder_of(identity)) if identity else []


def latest_backup(project_path: Path) -> Path | None:
    """The newest backup of the project at ``project_path``, or None when there is none."""
    found = backups_of(project_path)
    return found[0].path if found else None


# -- taking backups ----------------------------------------------------------------------------

def on_open(project: Project) -> Path | None:
    """Back up a project just opened for writing when it has no backup younger than a day
    (unless opened inside :func:`open_backup_left_to_caller`)."""
    settings = BackupSettings.from_env()
    if project.readonly or _open_backup_skipped.get():
        return None
    with project.reading() as s:
        identity = identity_in(s)
    if not identity or not open_backup_due(identity, settings):
        return None
    return take_backup(project.path, identity, settings)


def open_backup_due(identity: str, settings: BackupSettings) -> bool:
    """True when backups are on and the project's newest is missing or a day old."""
    if not settings.enabled:
        return False
    newest = list_backups(settings.folder_of(identity))[:1]
    return not newest or datetime.now(UTC) - newest[0].time >= OPEN_BACKUP_AGE


def take_backup(project_path: Path, identity: str, settings: BackupSettings | None = None,
                *, say: Say = to_stderr) -> Path | None:
    """Back up ``project_path`` now and drop the oldest beyond ``settings.keep``.

    Returns the new backup, or None when none could be kept: ``say`` tells the user why (an
    unwritable folder once per process, a copy that failed its check every time) and work
    goes on. Safe on a worker thread: it opens its own connection to the file.
    """
    settings = settings or BackupSettings.from_env()
    if not settings.enabled:
        return None
    folder = settings.folder_of(identity)
    try:
        _prepare_folder(folder, project_path)
    except OSError as exc:
        _say(say, f"cannot keep backups in {folder} ({exc.strerror or exc}); "
             "working without them", once_for=str(folder))
        return None
    stamp = datetime.now(UTC).strftime(_STAMP)
    final = folder / f"{project_path.stem}-{stamp}.qcode"
    partial = folder / f".{final.name}.partial"
    try:
        problem = db.checked_backup(project_path, partial)
        if problem is None:
            os.replace(partial, final)
    except OSError as exc:
        problem = exc.strerror or str(exc)
    if problem is not None:
        _discard(partial)
        _say(say, f"{project_path.name}: not backed up, the copy failed its check ({problem}); "
             "the earlier backups are kept")
        return None
    _rotate(folder, settings.keep)
    return final


def _prepare_folder(folder: Path, project_path: Path) -> None:
    """Make the backup folder (owner only) and record that ``project_path`` is backed up there."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    record = folder / PROJECTS_FILE
    where = str(project_path.resolve())
    known = record.read_text(encoding="utf-8").splitlines() if record.exists() else []
    if where not in known:
        db.create_private_file(record)
        with record.open("a", encoding="utf-8") as fh:
            fh.write(where + "\n")
    for stale in folder.glob(".*.partial"):  # left by a backup cut short (only one writer
        _discard(stale)  # of a project, hence one backup of it, runs at a time)


def _discard(partial: Path) -> None:
    for leftover in (partial, *(partial.with_name(partial.name + s)
                                for s in ("-journal", "-wal", "-shm"))):
        leftover.unlink(missing_ok=True)


def _rotate(folder: Path, keep: int) -> None:
    """Delete the oldest backups beyond ``keep`` (only checked backups are ever listed)."""
    for old in list_backups(folder)[keep:]:
        # deleted meanwhile, or not ours to delete: keeping one more does no harm
        with suppress(OSError):
            old.path.unlink()

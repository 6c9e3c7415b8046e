"""Rotating backups of a project file (SQLite online backup), listed and restored by the user.

Where they live: in the user's data folder, not beside the project. A transcript folder is often
synced or shared (cloud drives, USB sticks, a supervisor's copy): ten full copies of sensitive
interviews there would spread the data further and crowd the folder, and a lost or damaged disk
or folder would take the backups along with the project.

Whose they are: backups belong to one project *file*, kept in ``backups/<project uuid>/<key>/``
where the key is a digest of the file's resolved path (``source.txt`` there names the file). The
uuid alone is not enough: a copied file keeps it, and the two copies then go separate ways.
Filed by uuid only, the copies' backups were mixed: one copy's "last good backup" and restore
brought back the other's content, and backing up one copy rotated away the other's backups.
The price of keying by path: a project renamed or moved starts a new series (its first
write-open takes a backup at once) and its earlier backups are no longer listed; they stay
where they are and ``qcode restore --force`` still brings one back (the uuid is still checked).
Losing the link after a move is safe; following the wrong file is not. The path also finds the
backups of a file too damaged to give its uuid.

Settings (environment variables): ``QCODE_BACKUP_DIR`` (the folder; default the ``backups``
folder in the user data folder, which ``QCODE_DATA_DIR`` moves), ``QCODE_BACKUP_KEEP`` (how many
to keep, default 10; 0 turns backups off) and ``QCODE_BACKUP_MINUTES`` (how often the app backs
up while you edit, default 10).

A backup is a self-contained copy checked by SQLite's quick check before it is kept: a damaged
project never replaces a good backup. Listing, rotation and "last good backup" trust content,
not names: only files that pass a cheap check count (:func:`list_backups`).
Backups and their folder are readable by the owner only (0600 / 0700).
"""

from __future__ import annotations

import hashlib
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
SOURCE_FILE = "source.txt"
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
        """The folder of one project's backups (one folder inside per file, see file_folder)."""
        return self.folder / safe_name(identity)

    def file_folder(self, identity: str, project_path: Path) -> Path:
        """The folder of the backups of one file of the project (its copies have their own)."""
        return self.folder_of(identity) / file_key(project_path)


def safe_name(identity: str) -> str:
    """A project's uuid as a folder name. It comes from a file that may be hostile: anything
    but a plain id (``../..``) is turned into a harmless name."""
    return identity if _PLAIN_ID.fullmatch(identity) else identity.encode().hex()[:64]


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
#: Set while a file's uuid is read: a damaged file met then needs no "last good backup".
_reading_identity: ContextVar[bool] = ContextVar("reading_identity", default=False)


def identity_in(session: Session) -> str | None:
    """The uuid of the open project: its backups are kept under this name."""
    return session.scalar(_UUID)


def project_identity(path: Path) -> str | None:
    """The uuid stored in the project file at ``path``; None when it is not a readable, complete
    qcode project (header, application id, schema; read-only, no full check)."""
    token = _reading_identity.set(True)
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
    finally:
        _reading_identity.reset(token)


def file_key(project_path: Path) -> str:
    """The name of one file's backup folder: a digest of the file's resolved path."""
    return hashlib.sha256(os.fsencode(project_path.resolve())).hexdigest()[:16]


def backup_folder(project_path: Path, settings: BackupSettings | None = None) -> Path | None:
    """Where the backups of the file at ``project_path`` are kept; None when the file gives no
    uuid and was never backed up from this path (see :func:`_recorded_folder`)."""
    settings = settings or BackupSettings.from_env()
    identity = project_identity(project_path)
    if identity is not None:
        return settings.file_folder(identity, project_path)
    return _recorded_folder(project_path, settings)


def _recorded_folder(project_path: Path, settings: BackupSettings) -> Path | None:
    """For a file too damaged to give its uuid: its backup folder, found by its path alone
    (should the path have held several projects over time, the one backed up last)."""
    try:
        found = [f for f in settings.folder.glob(f"*/{file_key(project_path)}") if f.is_dir()]
    except OSError:
        return None
    newest = {folder: list_backups(folder, limit=1) for folder in found}
    with_backups = [folder for folder in found if newest[folder]]
    return max(with_backups, key=lambda f: newest[f][0].time, default=None)


def source_of(backup_path: Path) -> str | None:
    """The file a backup was taken from, as recorded in its folder (None when not recorded)."""
    try:
        return (backup_path.parent / SOURCE_FILE).read_text(
            encoding="utf-8", errors="surrogateescape").strip() or None
    except OSError:
        return None


def list_backups(folder: Path, *, limit: int | None = None) -> list[Backup]:
    """The backups in one file's ``folder``, newest first (at most ``limit`` of them).

    A file counts only when it is named as a backup and passes a cheap check (an SQLite file
    with qcode's application id, a schema and the uuid the folder is for): a copy cut short, a
    stray or planted file and a copy of another project are never listed, kept in rotation or
    offered for a restore. SQLite's full check runs when a backup is restored.
    """
    found: list[Backup] = []
    for entry, taken in _named_as_backups(folder):
        if limit is not None and len(found) >= limit:
            break
        identity = project_identity(entry)
        if identity is None or safe_name(identity) != folder.parent.name:
            continue
        try:
            found.append(Backup(entry, taken, entry.stat().st_size))
        except OSError:
            continue
    return found


def _named_as_backups(folder: Path) -> list[tuple[Path, datetime]]:
    """The files in ``folder`` named ``STEM-TIME.qcode``, newest name first."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    named = []
    for entry in entries:
        match = _NAME.match(entry.name)
        if match is not None:
            named.append((entry, datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)))
    return sorted(named, key=lambda pair: pair[1], reverse=True)


def backups_of(project_path: str | Path, settings: BackupSettings | None = None) -> list[Backup]:
    """The backups of the file at ``project_path`` (not of its copies), newest first."""
    folder = backup_folder(Path(project_path), settings)
    return list_backups(folder) if folder is not None else []


def latest_backup(project_path: Path) -> Path | None:
    """The newest backup of the file at ``project_path``, or None when there is none."""
    if _reading_identity.get():  # a backup's damage is being noticed: no backup to name
        return None
    folder = backup_folder(Path(project_path))
    found = list_backups(folder, limit=1) if folder is not None else []
    return found[0].path if found else None


# -- taking backups ----------------------------------------------------------------------------

def on_open(project: Project) -> Path | None:
    """Back up a project just opened for writing when this file has no backup younger than a
    day (unless opened inside :func:`open_backup_left_to_caller`)."""
    settings = BackupSettings.from_env()
    if project.readonly or _open_backup_skipped.get():
        return None
    with project.reading() as s:
        identity = identity_in(s)
    if not identity or not open_backup_due(project.path, identity, settings):
        return None
    return take_backup(project.path, identity, settings)


def open_backup_due(project_path: Path, identity: str, settings: BackupSettings) -> bool:
    """True when backups are on and this file's newest backup is missing or a day old."""
    if not settings.enabled:
        return False
    newest = list_backups(settings.file_folder(identity, project_path), limit=1)
    return not newest or datetime.now(UTC) - newest[0].time >= OPEN_BACKUP_AGE


def take_backup(project_path: Path, identity: str, settings: BackupSettings | None = None,
                *, say: Say = to_stderr) -> Path | None:
    """Back up ``project_path`` now and drop this file's oldest beyond ``settings.keep``.

    Returns the new backup, or None when none could be kept: ``say`` tells the user why (an
    unwritable folder once per process, a copy that failed its check every time) and work
    goes on. Safe on a worker thread: it opens its own connection to the file.
    """
    settings = settings or BackupSettings.from_env()
    if not settings.enabled:
        return None
    folder = settings.file_folder(identity, project_path)
    try:
        _prepare_folder(folder, project_path)
    except OSError as exc:
        where = exc.filename or folder
        _say(say, f"cannot keep backups in {where} ({exc.strerror or exc}); "
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
    """Make the file's backup folder (owner only) and record which file it is for."""
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.mkdir(exist_ok=True, mode=0o700)
    source = folder / SOURCE_FILE
    if not source.exists():
        db.create_private_file(source)
        source.write_text(f"{project_path.resolve()}\n", encoding="utf-8",
                          errors="surrogateescape")
    for stale in folder.glob(".*.partial"):  # left by a backup cut short (only one writer
        _discard(stale)  # of a project, hence one backup of it, runs at a time)


def _discard(partial: Path) -> None:
    for leftover in (partial, *(partial.with_name(partial.name + s)
                                for s in ("-journal", "-wal", "-shm"))):
        leftover.unlink(missing_ok=True)


def _rotate(folder: Path, keep: int) -> None:
    """Delete this file's oldest backups beyond ``keep``. Only backups that pass the cheap
    check are listed, so a stray file never takes a good backup's place; it is left alone."""
    for old in list_backups(folder)[keep:]:
        # deleted meanwhile, or not ours to delete: keeping one more does no harm
        with suppress(OSError):
            old.path.unlink()

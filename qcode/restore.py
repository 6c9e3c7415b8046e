"""Putting a backup back in place of a project file (``qcode restore``).

The file as it was is kept first, beside the project, as ``NAME.before-restore-TIME.qcode.bak``
(next to the ``.before-REVISION`` copy an upgrade keeps), so a restore can itself be undone by
hand. The backup is first copied to a temporary file beside the project and fully checked there;
only then is the current file kept and the copy moved over it in one step: a refused or failed
restore leaves the project as it was and nothing beside it. The project keeps its file mode.

Only a backup of this very file is restored as a matter of course. One taken from another copy
of the project (same uuid, another file: see :mod:`qcode.backups`) needs ``force``; a backup of
another project is always refused.
"""

from __future__ import annotations

import os
import shutil
import stat
from datetime import UTC, datetime
from pathlib import Path

from qcode import db
from qcode.backups import BackupSettings, backup_folder, project_identity, source_of
from qcode.errors import ProjectError, ProjectLocked
from qcode.project_lock import ProjectLock


def restore_backup(project_path: str | Path, backup_path: str | Path, *,
                   force: bool = False) -> Path:
    """Replace the project at ``project_path`` with ``backup_path``; returns the kept copy.

    Refused (ProjectError, the project unchanged) when the backup is damaged, is not a backup of
    this project, or (unless ``force``) was taken from another copy of it; and when the project
    is open for writing elsewhere.
    """
    project_path, backup_path = Path(project_path), Path(backup_path)
    if not project_path.is_file():
        raise ProjectError(f"{project_path.name}: no such project file")
    _check_belongs(project_path, backup_path, force=force)
    try:
        lock = ProjectLock.acquire(project_path)
    except ProjectLocked:
        raise ProjectLocked(f"{project_path.name}: open for writing in another qcode window or "
                            "process; close it there, then restore") from None
    real = project_path.resolve()  # through a symlink: restore the file, keep the link
    tmp = real.with_name(f".{real.name}.{os.getpid()}.restore.tmp")
    try:
        _checked_copy(backup_path, tmp, project_path)
        kept = _keep_current(real)
        _move_in(tmp, real)
    finally:
        lock.release()
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + "-journal").unlink(missing_ok=True)
    return kept


def _check_belongs(project_path: Path, backup_path: Path, *, force: bool) -> None:
    """Refuse a backup of another project, and one of another copy of it unless ``force``."""
    db.check_is_project(backup_path)  # names the backup: not a project, damaged...
    theirs = project_identity(backup_path)
    if theirs is None:
        raise ProjectError(f"{backup_path.name}: not a qcode project backup (no project id)")
    settings = BackupSettings.from_env()
    ours = backup_folder(project_path, settings)
    if ours is None:
        raise ProjectError(f"{project_path.name}: cannot tell which project this file is "
                           "(unreadable, and never backed up on this computer)")
    if settings.folder_of(theirs) != ours.parent:
        raise ProjectError(f"{backup_path.name}: a backup of another project, "
                           f"not of {project_path.name}")
    if force or backup_path.resolve().parent == ours.resolve():
        return
    source = source_of(backup_path)
    taken_from = f"of {source}, another copy of this project" if source else \
        "of this project, but not one taken from this file"
    raise ProjectError(f"{backup_path.name}: a backup {taken_from}, not of {project_path.name}; "
                       "add --force to restore it anyway")


def _keep_current(project_path: Path) -> Path:
    """A byte-for-byte copy of the project (and of its WAL, if one was left), owner-only.

    Copied as bytes, not through SQLite, so that even a damaged file is kept as it is.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = project_path.with_name(f"{project_path.stem}.before-restore-{stamp}"
                                  f"{project_path.suffix}.bak")
    wal = project_path.with_name(project_path.name + "-wal")
    try:
        _private_copy(project_path, kept)
        if wal.is_file() and wal.stat().st_size > 0:
            _private_copy(wal, kept.with_name(kept.name + "-wal"))
    except OSError as exc:
        raise ProjectError(f"{project_path.name}: cannot keep a copy before restoring "
                           f"({exc.strerror or exc}); nothing was changed") from exc
    return kept


def _private_copy(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())


def _checked_copy(backup_path: Path, tmp: Path, project_path: Path) -> None:
    """Copy the backup to ``tmp`` beside the project and check the copy in full (quick check)."""
    try:
        tmp.unlink(missing_ok=True)
        problem = db.checked_backup(backup_path, tmp)
    except OSError as exc:
        raise ProjectError(f"{project_path.name}: cannot restore ({exc.strerror or exc}); "
                           "nothing was changed") from exc
    if problem is not None:
        raise ProjectError(f"{backup_path.name}: damaged backup ({problem}); "
                           "nothing was changed")


def _move_in(tmp: Path, project_path: Path) -> None:
    """Give the checked copy the project's mode and move it over the project in one step."""
    try:
        os.chmod(tmp, stat.S_IMODE(project_path.stat().st_mode))
        for side in ("-wal", "-shm"):  # an old WAL would be replayed onto the restored file
            project_path.with_name(project_path.name + side).unlink(missing_ok=True)
        os.replace(tmp, project_path)
    except OSError as exc:
        raise ProjectError(f"{project_path.name}: cannot restore ({exc.strerror or exc}); "
                           "the project is unchanged") from exc

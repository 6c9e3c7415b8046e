"""Putting a backup back in place of a project file (``qcode restore``).

The file as it was is kept first, beside the project, as ``NAME.before-restore-TIME.qcode.bak``
(next to the ``.before-REVISION`` copy an upgrade keeps), so a restore can itself be undone by
hand. The backup is copied to a temporary file beside the project and moved over it in one step:
a failed restore leaves the project as it was. The project keeps its file mode.
"""

from __future__ import annotations

import os
import shutil
import stat
from datetime import UTC, datetime
from pathlib import Path

from qcode import db
from qcode.backups import identity_of, project_identity
from qcode.errors import ProjectError, ProjectLocked
from qcode.project_lock import ProjectLock


def restore_backup(project_path: str | Path, backup_path: str | Path) -> Path:
    """Replace the project at ``project_path`` with ``backup_path``; returns the kept copy.

    Refused (ProjectError, the project unchanged) when the backup is not a good backup of this
    very project, or when the project is open for writing elsewhere.
    """
    project_path, backup_path = Path(project_path), Path(backup_path)
    if not project_path.is_file():
        raise ProjectError(f"{project_path.name}: no such project file")
    _check_same_project(project_path, backup_path)
    try:
        lock = ProjectLock.acquire(project_path)
    except ProjectLocked:
        raise ProjectLocked(f"{project_path.name}: open for writing in another qcode window or "
                            "process; close it there, then restore") from None
    try:
        kept = _keep_current(project_path)
        _replace(project_path, backup_path)
    finally:
        lock.release()
    return kept


def _check_same_project(project_path: Path, backup_path: Path) -> None:
    db.check_is_project(backup_path)  # names the backup: not a project, damaged...
    theirs = project_identity(backup_path)
    if theirs is None:
        raise ProjectError(f"{backup_path.name}: not a qcode project backup (no project id)")
    ours = identity_of(project_path)
    if ours is None:
        raise ProjectError(f"{project_path.name}: cannot tell which project this file is "
                           "(unreadable, and never backed up on this computer)")
    if theirs != ours:
        raise ProjectError(f"{backup_path.name}: a backup of another project, "
                           f"not of {project_path.name}")


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


def _replace(project_path: Path, backup_path: Path) -> None:
    """Copy the backup beside the project (checked), give it the project's mode, move it in."""
    mode = stat.S_IMODE(project_path.stat().st_mode)
    tmp = project_path.with_name(f".{project_path.name}.{os.getpid()}.restore.tmp")
    side_files = [project_path.with_name(project_path.name + s) for s in ("-wal", "-shm")]
    try:
        tmp.unlink(missing_ok=True)
        problem = db.checked_backup(backup_path, tmp)
        if problem is not None:
            raise ProjectError(f"{backup_path.name}: damaged backup ({problem}); "
                               "nothing was changed")
        os.chmod(tmp, mode)
        for side in side_files:  # an old WAL would be replayed onto the restored file
            side.unlink(missing_ok=True)
        os.replace(tmp, project_path)
    except OSError as exc:
        raise ProjectError(f"{project_path.name}: cannot restore ({exc.strerror or exc}); "
                           "the project is unchanged") from exc
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + "-journal").unlink(missing_ok=True)

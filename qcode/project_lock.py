"""The write lock of a project file: one qcode window or process writes a project at a time.

Two OS locks, both dropped by the OS if the process dies (the identity lock is taken first, so a
second writer by another path is refused before it reads the file through its own path):

* one named after the file's identity (device and inode) in the user's data folder, shared by
  every path to the file: a symlink, a hard link or another spelling of the path;
* one beside the file's real path (``study.qcode.lock``), seen by other users and by other
  machines that open the file in a shared folder.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

from qcode.errors import ProjectError, ProjectLocked, ProjectReadOnly
from qcode.userdata import file_identity, projects_dir

_READ_ONLY_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}


def beside_lock_path(path: Path) -> Path:
    real = path.resolve()
    return real.with_name(real.name + ".lock")


def identity_lock_path(path: Path) -> Path:
    return projects_dir() / f"{file_identity(path)}.lock"


def locked_message(path: Path) -> str:
    return (f"{path.name}: already open for writing in another qcode window or process; "
            "close it there, or open this project read-only")


def read_only_message(path: Path) -> str:
    return f"{path.name}: the project file is read-only: it can be read, not changed"


class ProjectLock:
    """Holds a project file for writing until :meth:`release`."""

    def __init__(self, locks: list[FileLock]) -> None:
        self._locks = locks

    @classmethod
    def acquire(cls, path: Path, *, check: Callable[[], None] | None = None) -> ProjectLock:
        """Lock ``path`` at once, or refuse with one line saying who holds it.

        ``check`` runs once no other qcode window writes the file (by any path), before
        anything is written beside the file: a refused file is left without a lock file.
        """
        held: list[FileLock] = []
        try:
            try:
                lock_file = identity_lock_path(path)
            except OSError as exc:
                raise ProjectError(f"{path.name}: cannot lock the project file "
                                   f"({exc.strerror})") from exc
            held.append(_take(lock_file, path, beside=False))
            if check is not None:
                check()
            held.append(_take(beside_lock_path(path), path, beside=True))
        except BaseException:
            for lock in reversed(held):
                lock.release()
            raise
        return cls(held)

    def release(self) -> None:
        for lock in reversed(self._locks):
            lock.release()
        self._locks = []


def _take(lock_file: Path, path: Path, *, beside: bool) -> FileLock:
    # thread_local=False: the lock is the process's, whichever thread opened the project (the
    # app opens big projects on a worker thread and closes them on the GUI thread)
    lock = FileLock(lock_file, timeout=0, is_singleton=False, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise ProjectLocked(locked_message(path)) from None
    except OSError as exc:
        if beside and exc.errno in _READ_ONLY_ERRNOS:  # the folder cannot be written
            raise ProjectReadOnly(read_only_message(path)) from exc
        raise ProjectError(f"{path.name}: cannot lock the project file ({exc.strerror})") from exc
    return lock

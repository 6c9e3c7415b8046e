"""What every exporter shares: atomic writes, safe spreadsheet text, byte-stable zip files."""

from __future__ import annotations

import errno
import io
import os
import re
import shutil
import stat
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path

from qcode.errors import InputError

#: Timestamp written into XLSX/DOCX files (zip entries and core properties), so that the same
#: input gives the same bytes. The real export time is in the manifest beside the file.
FIXED_TIME = datetime(1980, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

#: Characters XML 1.0 cannot hold (openpyxl and python-docx refuse them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: ``matrix.csv``'s manifest is ``matrix.csv.manifest.json`` (:mod:`qcode.export.manifest`).
MANIFEST_SUFFIX = ".manifest.json"


def xml_safe(text: str) -> str:
    """``text`` with characters XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


#: The files of the :func:`written_together` block running in this thread: (temporary, final).
_STAGED: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("qcode_staged_files",
                                                                 default=None)


def atomic_write(path: str | Path, write: Callable[[Path], None], *,
                 mode: int | None = None) -> Path:
    """Call ``write(tmp)`` on a file beside ``path``, then move it into place.

    A failed export never leaves half a file; OS errors become one InputError naming the file.
    Interview data is sensitive: the temporary file is readable by its owner only (0600) while
    it is written, and the finished file gets ``mode`` or else the mode the target would have
    had, never more: an existing target keeps its mode, a new one gets what the folder and
    umask give new files. Inside :func:`written_together` the finished file is moved into
    place with the others.
    """
    path = Path(path)
    check_folder(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        mode = target_mode(path) if mode is None else mode
        create_private(tmp)
        write(tmp)
        os.chmod(tmp, mode)
        staged = _STAGED.get()
        if staged is None:
            os.replace(tmp, path)
        else:
            staged.append((tmp, path))
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise write_failed(path, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


@contextmanager
def written_together() -> Iterator[None]:
    """The files :func:`atomic_write` writes in this block land together or not at all.

    An export and its manifest: both are written in full beside their targets first (a full
    disk fails here, before either is in place), then moved into place. Should a move fail,
    the files already moved are taken back and the files they replaced restored.
    """
    staged: list[tuple[Path, Path]] = []
    token = _STAGED.set(staged)
    try:
        try:
            yield
        finally:
            _STAGED.reset(token)
        _land(staged)
    finally:
        for tmp, _path in staged:
            tmp.unlink(missing_ok=True)


def _land(staged: list[tuple[Path, Path]]) -> None:
    """Move each (temporary, final) into place, all or none."""
    landed: list[tuple[Path, Path | None]] = []  # (final, the earlier file kept aside)
    kept_aside: list[Path] = []
    try:
        for tmp, path in staged:
            kept = _keep_aside(path)
            if kept is not None:
                kept_aside.append(kept)
            os.replace(tmp, path)
            landed.append((path, kept))
    except OSError as exc:
        for done, kept in reversed(landed):
            with suppress(OSError):
                if kept is not None:
                    os.replace(kept, done)
                else:
                    done.unlink()
        raise write_failed(path, exc) from exc
    finally:
        for kept in kept_aside:
            kept.unlink(missing_ok=True)


def _keep_aside(path: Path) -> Path | None:
    """A second name (hard link) for the file at ``path``, to restore it should the files
    written with its replacement fail to land; None when there is none (or no link can be
    made, as on some shared folders: then it cannot be restored)."""
    if not path.is_file():
        return None
    kept = path.with_name(f".{path.name}.{os.getpid()}.old")
    kept.unlink(missing_ok=True)
    try:
        os.link(path, kept)
    except OSError:
        return None
    return kept


_ANY_WRITE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


def check_folder(path: Path) -> None:
    """Refuse, naming it, a folder that does not exist or is a file (rather than "no such
    file" or "not a directory"), a target that is there but is no regular file (a FIFO, a
    folder, a device would be replaced by the export, or block it, not written), and one that
    is read-only."""
    if path.parent.exists() and not path.parent.is_dir():
        raise InputError(f"cannot write the file: {path.parent} is not a folder", path=path)
    if not path.parent.is_dir():
        raise InputError(f"cannot write the file: folder {path.parent} does not exist",
                         path=path)
    kind = _special_kind(path)
    if kind is not None:
        raise InputError(f"not a regular file ({kind})", path=path)
    if not path.is_file():
        return
    if _is_database(path):
        raise InputError("refused: it is a qcode project (an SQLite database), which an "
                         "export never replaces", path=path)
    if not path.stat().st_mode & _ANY_WRITE:
        # the export writes beside it and renames over it, which a read-only file would
        # not stop (nor would it stop root): its owner made it read-only to keep it
        raise InputError("cannot write the file: it is read-only", path=path)


def _is_database(path: Path) -> bool:
    """True for an SQLite file (a project, whatever its name: an export must not replace the
    project it reads)."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def check_export_target(path: Path) -> None:
    """:func:`check_folder` for an export and for the manifest beside it."""
    check_folder(path)
    check_folder(path.with_name(path.name + MANIFEST_SUFFIX))


def _special_kind(path: Path) -> str | None:
    """What ``path`` is when it exists and is no regular file (a link is followed)."""
    try:
        mode = path.stat().st_mode
    except OSError:  # nothing there (or a dangling link): a new file is made
        return None
    if stat.S_ISREG(mode):
        return None
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISDIR, "a folder"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def write_failed(path: Path, exc: OSError) -> InputError:
    """The one line for a file that could not be written."""
    if exc.errno == errno.ENOSPC:
        return InputError("cannot write the file: the disk is full", path=path)
    return InputError(f"cannot write the file ({exc.strerror or exc})", path=path)


def create_private(path: Path) -> None:
    """Create ``path`` empty, owner-only (0600), replacing a stale file left by a crash.

    Writers then open it with ``"w"``, which truncates it and keeps the mode.
    """
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def target_mode(path: Path) -> int:
    """The permission bits ``path`` has, or a new file there would get (0666 less the umask).

    A new file's mode is found by creating an empty probe file: reading the umask would mean
    changing it, which races every other thread that creates files.
    """
    if path.exists():
        return stat.S_IMODE(path.stat().st_mode)
    probe = path.with_name(f".{path.name}.{os.getpid()}.mode")
    probe.unlink(missing_ok=True)
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        return stat.S_IMODE(os.fstat(fd).st_mode)
    finally:
        os.close(fd)
        probe.unlink(missing_ok=True)


def _fixed_info(name: str, compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = compression
    info.external_attr = 0o600 << 16
    return info


class FixedTimeZip(zipfile.ZipFile):
    """A ZipFile that stamps every entry with :data:`FIXED_TIME` (for openpyxl's writer)."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None,  # noqa: ANN001, ANN201
                 compresslevel=None):  # noqa: ANN001
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        return super().writestr(_fixed_info(name, compress_type or self.compression), data)

    def write(self, filename, arcname=None, compress_type=None,  # noqa: ANN001, ANN201
              compresslevel=None):  # noqa: ANN001
        info = _fixed_info(arcname or os.path.basename(filename),
                           compress_type or self.compression)
        large = os.path.getsize(filename) >= zipfile.ZIP64_LIMIT
        with open(filename, "rb") as src, self.open(info, "w", force_zip64=large) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def restamp_zip(data: bytes) -> bytes:
    """The same zip with every entry stamped :data:`FIXED_TIME` (for python-docx output)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(_fixed_info(item.filename, zipfile.ZIP_DEFLATED), src.read(item))
    return out.getvalue()

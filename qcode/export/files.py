"""What every exporter shares: atomic writes, safe spreadsheet text, byte-stable zip files."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from qcode.errors import InputError

#: Timestamp written into XLSX/DOCX files (zip entries and core properties), so that the same
#: input gives the same bytes. The real export time is in the manifest beside the file.
FIXED_TIME = datetime(1980, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

#: Characters XML 1.0 cannot hold (openpyxl and python-docx refuse them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with characters XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a file beside ``path``, then move it into place.

    A failed export never leaves half a file; OS errors become one InputError naming the file.
    Interview data is sensitive: the temporary file is readable by its owner only (0600) while
    it is written, and the finished file gets the mode the target would have had, never more:
    an existing target keeps its mode, a new one gets what the folder and umask give new files.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        mode = target_mode(path)
        create_private(tmp)
        write(tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write the file ({exc.strerror or exc})", path=path) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


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

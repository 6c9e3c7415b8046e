"""Reading a file the user named: a regular file only, and never more than a hard byte limit.

The size a file claims (``st_size``) is not trusted: a device such as ``/dev/zero`` claims 0 bytes
and never ends, a FIFO blocks until some program writes to it, and a file may grow while it is
read. So the path is checked before opening (nothing but a regular file is opened), opened without
blocking, checked again on the open descriptor (the path may have been swapped meanwhile), and
read up to one byte past the limit: a file that reaches it is refused, whatever it claimed.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from qcode.errors import InputError

#: Opening without blocking (a FIFO with no writer), without taking a terminal, in binary mode.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_BINARY", 0))
_CHUNK = 1 << 20


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words ("a folder", "a FIFO"...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def not_found_reason(path: Path, exc: OSError) -> str:
    """The cause, in words, of an error looking up or opening ``path``."""
    if exc.errno == errno.ELOOP:
        return "a symbolic link that loops (it leads back to itself)"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        if os.path.islink(path):
            return "a symbolic link to a file that does not exist"
        return "no such file or folder"
    return f"cannot read the file ({exc.strerror or exc})"


def status(path: str | Path) -> os.stat_result:
    """``stat`` of ``path`` (links followed); InputError naming the file if there is none."""
    try:
        return os.stat(path)
    except OSError as exc:
        raise InputError(not_found_reason(Path(path), exc), path=path) from None
    except ValueError:  # a NUL character in the name
        raise InputError("no such file or folder", path=path) from None


def _amount(size: int) -> str:
    return f"{size // 2**20} MiB" if size >= 2**20 else f"{size:,} bytes"


def _too_large(limit: int, size: int | None = None) -> str:
    if size is None:  # found while reading: the file grew, or claimed a size it does not have
        return f"the file is too large (more than {_amount(limit)})"
    return f"the file is too large ({_amount(size)}; at most {_amount(limit)})"


def _check_regular(path: Path, st: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"not a regular file ({kind_of(st.st_mode)})", path=path)
    if st.st_size > limit:
        raise InputError(_too_large(limit, st.st_size), path=path)


def read_regular_file(path: str | Path, *, limit: int) -> bytes:
    """All bytes of ``path``, a regular file (after following links) of at most ``limit`` bytes.

    Raises InputError naming the file: missing, a looping link, not a regular file (a folder, a
    FIFO, a device...), unreadable, or larger than ``limit`` (by its size or by what was read).
    """
    path = Path(path)
    _check_regular(path, status(path), limit)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise InputError(not_found_reason(path, exc), path=path) from None
    try:
        st = os.fstat(fd)
        _check_regular(path, st, limit)
        return _read_at_most(fd, path, limit, first=st.st_size + 1)
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", path=path) from None
    finally:
        os.close(fd)


def _read_at_most(fd: int, path: Path, limit: int, *, first: int) -> bytes:
    """Read to the end, refusing at ``limit + 1`` bytes; the first read asks for ``first``."""
    chunks: list[bytes] = []
    total = 0
    want = min(first, limit + 1)
    while True:
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise InputError(_too_large(limit), path=path)
        want = min(_CHUNK, limit + 1 - total)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)

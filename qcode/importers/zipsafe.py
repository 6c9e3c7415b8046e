"""Opening the zip packages of .docx and .odt files without trusting them.

A hostile or damaged file must end in one clear :class:`~qcode.errors.InputError`, never in a
traceback or in memory running out. Before anything is inflated the archive is checked: is it a
zip at all (or an encrypted / legacy Office file in disguise), does it declare a sane total size,
is any member compressed so well that it can only be a zip bomb. Members are then read with a
hard cap in case the headers lie about their sizes.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qcode.errors import InputError

#: The most that all members of one package may declare, inflated; no transcript comes near it.
MAX_UNCOMPRESSED_TOTAL = 200 * 1024 * 1024
#: Members that inflate past this ratio are bombs: real XML compresses 5-30 times, at most ~100.
MAX_COMPRESSION_RATIO = 400
#: The ratio is only judged on members at least this large (tiny members have silly ratios).
RATIO_CHECK_MIN_BYTES = 4 * 1024 * 1024
MAX_MEMBERS = 20_000

_READ_CHUNK = 1024 * 1024
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _not_a_zip_reason(data: bytes, kind: str) -> str:
    """Why bytes that should be a zip package are not one, as precisely as the first bytes say."""
    head = data[:8]
    if head == _OLE_MAGIC:
        # OLE compound file: name its directory entries (stored as UTF-16) when they are there.
        if _utf16("EncryptionInfo") in data or _utf16("EncryptedPackage") in data:
            return (f"password-protected or encrypted document; save it unprotected as {kind} "
                    "and import that")
        if _utf16("WordDocument") in data:
            return f"old Word .doc format renamed {kind}; open it in Word and save it as .docx"
        return (f"password-protected or encrypted document (or old .doc format); save it "
                f"unprotected as {kind}")
    stripped = data[:64].lstrip()
    if stripped.startswith(b"{\\rtf"):
        return f"this is an RTF file renamed {kind}; rename it to .rtf"
    if stripped.startswith(b"%PDF"):
        return f"this is a PDF file renamed {kind}; rename it to .pdf"
    if stripped[:1] == b"<":
        return f"this is an XML or web page file, not a {kind} package"
    return f"damaged or not a {kind} file (not a zip package)"


def open_package(data: bytes, path: Path, kind: str) -> zipfile.ZipFile:
    """The zip package in ``data``, checked for size and bombs; raises InputError otherwise.

    ``kind`` is the suffix named in messages (".docx", ".odt").
    """
    if not data.startswith(_ZIP_MAGICS):
        raise InputError(_not_a_zip_reason(data, kind), path=path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError,
            EOFError) as exc:
        raise InputError(f"damaged {kind} file (truncated or corrupt zip package)",
                         path=path) from exc
    _check_declared_sizes(infos, path)
    return archive


def check_inflation(info: zipfile.ZipInfo, word: str, path: Path) -> None:
    """Refuse a large member (``word``: "part", "member") that inflates past a zip's ratio."""
    if (info.file_size >= RATIO_CHECK_MIN_BYTES
            and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)):
        raise InputError(f"refused: {word} {info.filename!r} inflates "
                         f"{info.file_size // max(info.compress_size, 1)} times "
                         "(possible zip bomb)", path=path)


def _check_declared_sizes(infos: list[zipfile.ZipInfo], path: Path) -> None:
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"refused: the package holds {len(infos)} parts (possible zip bomb)",
                         path=path)
    total = 0
    for info in infos:
        total += info.file_size
        check_inflation(info, "part", path)
    if total > MAX_UNCOMPRESSED_TOTAL:
        raise InputError(f"refused: the package inflates to {total // 2**20} MiB, more than "
                         f"{MAX_UNCOMPRESSED_TOTAL // 2**20} MiB (possible zip bomb)", path=path)


def has_member(archive: zipfile.ZipFile, name: str) -> bool:
    try:
        archive.getinfo(name)
    except KeyError:
        return False
    return True


def member_info(archive: zipfile.ZipFile, name: str, path: Path) -> zipfile.ZipInfo:
    """Member ``name`` of the package; InputError if it is missing or encrypted."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise InputError(f"damaged file: the package has no {name}", path=path) from None
    if info.flag_bits & 0x1:
        raise InputError("password-protected or encrypted document; save it unprotected and "
                         "import that", path=path)
    return info


def read_member(archive: zipfile.ZipFile, name: str, path: Path, *,
                limit: int = MAX_UNCOMPRESSED_TOTAL) -> bytes:
    """The inflated bytes of member ``name``, stopping with InputError past ``limit`` bytes.

    Inflation is streamed in chunks, so a member whose header understates its size cannot
    fill memory before it is caught.
    """
    info = member_info(archive, name, path)
    chunks: list[bytes] = []
    size = 0
    with member_errors(name, path), archive.open(info) as member:
        while chunk := member.read(_READ_CHUNK):
            size += len(chunk)
            if size > limit:
                raise InputError(f"refused: part {name!r} inflates past "
                                 f"{limit // 2**20} MiB (possible zip bomb)", path=path)
            chunks.append(chunk)
    return b"".join(chunks)


@contextmanager
def member_errors(name: str, path: Path) -> Iterator[None]:
    """Turn what inflating member ``name`` may raise into one InputError naming ``path``."""
    try:
        yield
    except InputError:
        raise
    except NotImplementedError as exc:
        raise InputError(f"unsupported compression in part {name!r}", path=path) from exc
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError
            ) as exc:
        raise InputError(f"damaged file: part {name!r} is truncated or corrupt",
                         path=path) from exc

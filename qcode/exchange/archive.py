"""Opening a REFI-QDA project archive (.qdpx) without trusting it.

A .qdpx is a zip holding the project XML (``project.qde``, or ``<name>.qde`` as ATLAS.ti names
it) and the sources folder (``sources/`` or ``Sources/``). Nothing is extracted to disk: members
are read straight from the zip, so a hostile name cannot write anywhere, but such a name is
still refused outright (zip-slip: a member named with ``..`` or an absolute path says the
archive was made to attack). The checks of :mod:`qcode.importers.zipsafe` apply with limits fit
for a whole project: the XML of a 1,000,000-coding project is ~400 MB and its sources may total
a gigabyte, while a small member that inflates hundreds of times is still a bomb. Every refusal
is one :class:`~qcode.errors.InputError` naming the archive and the cause.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

from qcode.errors import InputError
from qcode.importers.signatures import binary_kind
from qcode.importers.xmlstream import GuardedMember
from qcode.importers.zipsafe import (
    check_inflation,
    member_errors,
    member_info,
    read_member,
)

#: The most members one archive may hold (a 2,000-document project has ~4,000).
MAX_MEMBERS = 200_000
#: The most all members may declare, inflated, together.
MAX_DECLARED_TOTAL = 16 * 2**30
#: The most the project XML may inflate to, whatever its header says.
MAX_PROJECT_XML = 4 * 2**30
#: The most one source file (.txt, .docx) may inflate to: it is read into memory whole.
MAX_SOURCE_BYTES = 256 * 2**20

NOT_A_PROJECT = "not a REFI-QDA project (.qdpx): "
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_DRIVE = re.compile(r"^[A-Za-z]:")
_INTERNAL, _RELATIVE, _ABSOLUTE = "internal://", "relative://", "absolute://"


def open_qdpx(path: str | Path) -> Qdpx:
    """The archive at ``path``, checked; use it as a context manager to close it."""
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", path=path) from exc
    try:
        _check_magic(handle.read(64), path)
        handle.seek(0)
        archive = _zip(handle, path)
        return Qdpx(path, archive)
    except BaseException:
        handle.close()
        raise


def _check_magic(head: bytes, path: Path) -> None:
    if head.startswith(_ZIP_MAGICS):
        return
    if not head:
        raise InputError(NOT_A_PROJECT + "the file is empty", path=path)
    if head.lstrip()[:1] == b"<":
        raise InputError(NOT_A_PROJECT + "this is an XML file, not the zip archive a .qdpx is "
                         "(a project XML on its own has no sources)", path=path)
    kind = binary_kind(head)
    what = f"it looks like {kind}" if kind else "the file is not a zip archive"
    raise InputError(NOT_A_PROJECT + what, path=path)


def _zip(handle, path: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(handle)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError,
            EOFError) as exc:
        raise InputError(NOT_A_PROJECT + "the zip archive is damaged (truncated or corrupt)",
                         path=path) from exc
    _check_members(infos, path)
    return archive


def _check_members(infos: list[zipfile.ZipInfo], path: Path) -> None:
    """Refuse too many members, hostile names, bombs and an absurd declared total."""
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"refused: the archive holds {len(infos)} files, more than "
                         f"{MAX_MEMBERS} (possible zip bomb)", path=path)
    total = 0
    for info in infos:
        if _escapes(info.filename):
            raise InputError(f"refused: member {info.filename!r} points outside the archive "
                             "(a name with '..' or an absolute path)", path=path)
        total += info.file_size
        check_inflation(info, "member", path)
    if total > MAX_DECLARED_TOTAL:
        raise InputError(f"refused: the archive inflates to {total // 2**30} GiB, more than "
                         f"{MAX_DECLARED_TOTAL // 2**30} GiB (possible zip bomb)", path=path)


def _escapes(name: str) -> bool:
    """Whether a member name or path climbs out of where it stands or starts at a root."""
    name = name.replace("\\", "/")
    return (name.startswith("/") or bool(_DRIVE.match(name))
            or ".." in name.split("/"))


class Qdpx:
    """An open, checked .qdpx: where its project XML and sources are, and reading them."""

    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.path, self.zip = path, archive
        names = [info.filename for info in archive.infolist()]
        self.project_xml = _project_member(names, path)
        self._sources = _sources_index(names)

    def __enter__(self) -> Qdpx:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        handle = self.zip.fp
        self.zip.close()
        if handle is not None:
            handle.close()

    def xml_size(self) -> int:
        """The inflated size the project XML declares (for progress)."""
        return self.zip.getinfo(self.project_xml).file_size

    @contextmanager
    def open_xml(self, member: str | None = None) -> Iterator[GuardedMember]:
        """The project XML (or ``member``) as a guarded stream for the parser: capped, and
        refused if it holds a DOCTYPE."""
        name = member or self.project_xml
        info = member_info(self.zip, name, self.path)
        with member_errors(name, self.path), self.zip.open(info) as raw:
            yield GuardedMember(raw, name, self.path, limit=MAX_PROJECT_XML)

    def source_member(self, ref: str, *, base_path: str, owner: str) -> str:
        """The member a source's ``plainTextPath``/``richTextPath`` names.

        ``internal://x.txt`` is in the sources folder; a relative path is relative to the
        project's ``basePath``, which must still land in the sources folder (an absolute
        ``basePath`` names where the sources were on the exporting machine: the folder itself).
        Refused, naming ``owner`` (``source 'E07'``, ``note 'Memo'``): a path outside the
        archive, a file missing from it.
        """
        inside = self._inside_sources(ref, base_path, owner)
        for candidate in (inside, unquote(inside)):
            member = self._sources.get(candidate) or self._sources.get(candidate.lower())
            if member is not None:
                return member
        raise InputError(f"{owner} is missing from the archive ({ref})",
                         path=self.path)

    def has_source(self, name: str) -> bool:
        """Whether the sources folder holds ``name`` (any case)."""
        return name in self._sources or name.lower() in self._sources

    def _inside_sources(self, ref: str, base_path: str, owner: str) -> str:
        """``ref`` as a path inside the sources folder; refused if it leads outside."""
        given, ref = ref, ref.strip().replace("\\", "/")
        if ref.lower().startswith(_INTERNAL):
            joined = ref[len(_INTERNAL):].lstrip("/")
        elif ref.lower().startswith(_ABSOLUTE) or _escapes(ref):
            raise self._outside(owner, given)
        else:
            relative = ref[len(_RELATIVE):].lstrip("/") if ref.lower().startswith(
                _RELATIVE) else ref
            base = base_path.strip().replace("\\", "/")
            joined = relative if not base or _is_absolute(base) else f"{base}/{relative}"
        normal = posixpath.normpath(joined) if joined else ""
        if not normal or normal == "." or _escapes(normal):
            raise self._outside(owner, given)
        head, _, rest = normal.partition("/")
        return rest if head.lower() == "sources" and rest else normal

    def _outside(self, owner: str, ref: str) -> InputError:
        return InputError(f"refused: {owner} points outside the archive ({ref})",
                          path=self.path)

    def read_source(self, member: str) -> bytes:
        """The inflated bytes of a source file, capped at :data:`MAX_SOURCE_BYTES`."""
        return read_member(self.zip, member, self.path, limit=MAX_SOURCE_BYTES)


def _is_absolute(base: str) -> bool:
    return base.startswith("/") or bool(_DRIVE.match(base))


def _project_member(names: list[str], path: Path) -> str:
    """``project.qde``, else the one ``.qde`` at the top level (ATLAS.ti: ``<project>.qde``)."""
    top = [n for n in names if "/" not in n and n.lower().endswith(".qde")]
    for name in top:
        if name.lower() == "project.qde":
            return name
    if len(top) == 1:
        return top[0]
    if not top:
        raise InputError(NOT_A_PROJECT + "the archive has no project XML (project.qde)",
                         path=path)
    raise InputError(NOT_A_PROJECT + "the archive has several project XML files ("
                     + ", ".join(sorted(top)) + ")", path=path)


def _sources_index(names: list[str]) -> dict[str, str]:
    """Members of the sources folder (``sources/`` or ``Sources/``) by their path inside it,
    as written and in lower case (tools differ in the case of GUID file names)."""
    index: dict[str, str] = {}
    for name in names:
        head, _, rest = name.partition("/")
        if head.lower() == "sources" and rest and not rest.endswith("/"):
            index.setdefault(rest.lower(), name)
            index[rest] = name
    return index

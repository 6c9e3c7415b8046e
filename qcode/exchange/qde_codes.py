"""The codebook of a REFI-QDA project XML, and a codebook file (.qdc) on its own.

Codes nest in the file; they are yielded flattened, each parent before its children, with its
colour as ``#rrggbb`` in lower case. Two codes with the same GUID are refused naming it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from qcode.errors import InputError
from qcode.exchange.qde_values import (
    CODEBOOK_NS,
    PROJECT_NS,
    Tags,
    boolean,
    colour,
    guid_bytes,
    local_name,
    optional_guid,
    required,
)
from qcode.exchange.records import Code, Skipped
from qcode.importers.files import read_regular_file
from qcode.importers.safexml import parse_xml

#: The most a .qdc may hold (a codebook of 10,000 codes is ~2 MB).
MAX_CODEBOOK_BYTES = 64 * 2**20
_CODE_TAGS = ("Codes", "Code", "Description", "NoteRef", "Sets", "Set", "MemberCode")


class GuidRegister:
    """The GUIDs seen so far per kind of thing; a second one the same is refused.

    GUIDs are kept as 16 bytes each: a million selections' GUIDs take ~80 MB as Python objects
    either way, half of what their text would. ``document`` is what the file is, for
    messages: a "project" (.qdpx) or a "codebook" (.qdc).
    """

    def __init__(self, path: Path, document: str = "project") -> None:
        self.path, self.document = path, document
        self.seen: dict[str, set[bytes]] = {}

    def add(self, kind: str, guid: str) -> None:
        """Remember ``guid`` among the ``kind`` ("codes", "sources", "selections" ...)."""
        seen = self.seen.setdefault(kind, set())
        key = guid_bytes(guid)
        if key in seen:
            raise InputError(f"refused: two {kind} have the same GUID {guid}", path=self.path)
        seen.add(key)


def read_codes(codes: etree._Element, tags: Tags, register: GuidRegister,
               skipped: list[Skipped]) -> Iterator[Code]:
    """The codes under a ``Codes`` element, parents first; what is not kept goes to
    ``skipped``."""
    stack: list[tuple[etree._Element, str | None]] = []
    for child in reversed(codes):
        _push_code(child, None, tags, stack, skipped, "the codebook")
    while stack:
        el, parent = stack.pop()
        code = _code(el, parent, tags, register, skipped)
        yield code
        for child in reversed(el):
            if tags.of(child) != "Code":
                _other_child(child, code, tags, skipped)
            else:
                _push_code(child, code.guid, tags, stack, skipped, f"code '{code.name}'")


def _push_code(el: etree._Element, parent: str | None, tags: Tags,
               stack: list[tuple[etree._Element, str | None]], skipped: list[Skipped],
               where: str) -> None:
    if tags.of(el) == "Code":
        stack.append((el, parent))
    else:
        skipped.append(Skipped(f"<{local_name(el)}> in {where}", "not part of a REFI-QDA "
                               "codebook; qcode does not keep it"))


def _code(el: etree._Element, parent: str | None, tags: Tags, register: GuidRegister,
          skipped: list[Skipped]) -> Code:
    guid = required(el, "guid", f"a code ('{el.get('name', '')}')", register.path,
                    document=register.document)
    name = (el.get("name") or "").strip()
    if not name:
        raise InputError(f"damaged {register.document} XML: code {guid} has no name",
                         path=register.path)
    register.add("codes", guid)
    given = el.get("color")
    rgb = colour(given)
    if given is not None and rgb is None:
        skipped.append(Skipped(f"colour {given!r} of code '{name}'",
                               "not an RGB colour (#rrggbb); the code arrives without one"))
    description, notes = "", []
    for child in el:
        tag = tags.of(child)
        if tag == "Description":
            description = child.text or ""
        elif tag == "NoteRef" and (target := optional_guid(child, "targetGUID")):
            notes.append(target)
    return Code(guid=guid, name=name, parent_guid=parent, colour=rgb, description=description,
                note_guids=tuple(notes), is_codable=boolean(el.get("isCodable"), True))


def _other_child(child: etree._Element, code: Code, tags: Tags, skipped: list[Skipped]
                 ) -> None:
    if tags.of(child) not in ("Description", "NoteRef"):
        skipped.append(Skipped(f"<{local_name(child)}> in code '{code.name}'",
                               "not part of a REFI-QDA code; qcode does not keep it"))


def skip_sets(sets: etree._Element, tags: Tags, skipped: list[Skipped]) -> None:
    """One Skipped per set: qcode has no sets."""
    for child in sets:
        if tags.of(child) == "Set":
            skipped.append(Skipped(f"set '{child.get('name', '')}'",
                                   "qcode has no sets (groups of codes or documents)"))
        else:
            skipped.append(Skipped(f"<{local_name(child)}> in the sets",
                                   "not part of REFI-QDA; qcode does not keep it"))


def read_codebook(path: str | Path, *, skipped: list[Skipped] | None = None) -> list[Code]:
    """The codes of the codebook file (.qdc) at ``path``, parents first.

    What the file holds and qcode does not keep (sets, unknown elements, a colour that is not
    RGB) is added to ``skipped`` when given. Raises InputError naming the file and the cause.
    """
    path = Path(path)
    root = _codebook_root(path)
    tags = Tags(etree.QName(root).namespace or CODEBOOK_NS, _CODE_TAGS)
    register, found = GuidRegister(path, "codebook"), [] if skipped is None else skipped
    codes: list[Code] = []
    for child in root:
        tag = tags.of(child)
        if tag == "Codes":
            codes.extend(read_codes(child, tags, register, found))
        elif tag == "Sets":
            skip_sets(child, tags, found)
        else:
            found.append(Skipped(f"<{local_name(child)}> in the codebook",
                                 "not part of a REFI-QDA codebook; qcode does not keep it"))
    return codes


def _codebook_root(path: Path) -> etree._Element:
    """The root of the codebook file: a regular file (a FIFO or a device is refused before it
    is opened, so nothing waits on it) of at most :data:`MAX_CODEBOOK_BYTES`."""
    data = read_regular_file(path, limit=MAX_CODEBOOK_BYTES)
    if not data.strip():
        raise InputError("not a REFI-QDA codebook (.qdc): the file is empty", path=path)
    if data.startswith(b"PK"):
        raise InputError("not a REFI-QDA codebook (.qdc): this is a zip archive (a .qdpx "
                         "project?)", path=path)
    root = parse_xml(data, path, "the codebook")
    namespace = etree.QName(root).namespace or ""
    if local_name(root) != "CodeBook":
        raise InputError(f"not a REFI-QDA codebook (.qdc): its root element is "
                         f"<{local_name(root)}>, not <CodeBook>", path=path)
    if namespace not in ("", CODEBOOK_NS, PROJECT_NS):
        raise InputError(f"not a REFI-QDA codebook (.qdc): its <CodeBook> is in the namespace "
                         f"'{namespace}', not {CODEBOOK_NS}", path=path)
    return root

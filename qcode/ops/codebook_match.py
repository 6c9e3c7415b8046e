"""Bringing another codebook's codes into the project: matched by uuid, then by path.

Each incoming code (a .qdc's, or another project's when merging) is matched to a code of the
project by its GUID (the code's uuid), else by its path from the top of the codebook, names
compared as qcode compares them (in any case): some tools mint new GUIDs on every export, and
the path still finds the code. So bringing the same codebook twice adds nothing. A matched code
keeps its colour and description; where the incoming ones differ, the difference is reported,
never applied silently. A new code takes the incoming GUID as its uuid (unless a code already
holds it), colour and description; names qcode cannot hold are cleaned (``/`` becomes ``-``,
control characters spaces), and two incoming siblings whose names qcode cannot tell apart are
numbered (``Trust``, ``trust (2)``).

The new codes are added level by level (a code's parent must exist before it), each level one
code patch, and the whole is one change whose inverse takes the new codes out again.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.changes import Changes, combine
from qcode.errors import InputError
from qcode.models import Code
from qcode.models.base import new_uuid
from qcode.names import MAX_NAME, check_colour, name_key
from qcode.ops.codebook_create import PALETTE
from qcode.ops.codebook_patch import CodePatch, CodeRow, apply_code_patch_ids
from qcode.queries import PATH_SEP
from qcode.wording import first_few, plural

#: how much of a differing description a report line quotes
_QUOTED = 60
_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: room left below qcode's limit for " (12)" when a long name clashes
_ROOM = 10


class IncomingCode(Protocol):
    """What a code brought in must tell (an exchange record or a merged project's code)."""

    @property
    def guid(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def parent_guid(self) -> str | None: ...
    @property
    def colour(self) -> str | None: ...
    @property
    def description(self) -> str: ...


def guid_key(guid: str) -> str:
    """A GUID as it is compared: lower case, without braces."""
    return guid.strip().strip("{}").lower()


def canonical_uuid(guid: str) -> str | None:
    """A GUID as qcode stores a uuid (lower case, hyphens, no braces); None if it is not
    a GUID at all (then the thing gets a new uuid)."""
    key = guid_key(guid)
    if _CANONICAL.fullmatch(key):
        return key  # as nearly every file writes them: no UUID object for a million codings
    try:
        return str(uuid.UUID(key))
    except ValueError:
        return None


def clean_name(name: str, fallback: str, limit: int) -> str:
    """``name`` as qcode can hold it: control characters as spaces, at most ``limit`` long."""
    cleaned = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in name)
    cleaned = " ".join(cleaned.split()) if cleaned != name else cleaned.strip()
    return cleaned[:limit - _ROOM].rstrip() or fallback


def numbered(name: str, taken: set[str]) -> str:
    """``name``, else ``name (2)``, ``name (3)``... the first whose key is not in ``taken``."""
    candidate, n = name, 1
    while name_key(candidate) in taken:
        n += 1
        candidate = f"{name} ({n})"
    return candidate


@dataclass(frozen=True)
class CodeMatch:
    """What bringing codes in did: the change (its inverse takes the new codes out), each
    incoming code's id in the project (by :func:`guid_key`), and what was noticed."""

    changes: Changes
    ids: dict[str, int]
    added: int
    #: matched codes whose colour, description or place differ from the incoming ones
    differing: frozenset[int]
    differences: tuple[str, ...]
    #: (what, incoming name, name given)
    renamed: tuple[tuple[str, str, str], ...]


def add_missing_codes(session: Session, codes: Sequence[IncomingCode],
                      description: str = "Import codebook") -> CodeMatch:
    """Match ``codes`` (parents before children) and add those the project does not hold."""
    plan = _Plan.read(session)
    plan.claimed = {plan.by_uuid[u] for code in codes
                    if (u := canonical_uuid(code.guid)) is not None and u in plan.by_uuid}
    for code in codes:
        plan.take(code)
    ids = [0] * len(plan.new)
    parts = [_add_level(session, plan, depth, ids)
             for depth in sorted({code.depth for code in plan.new})]
    changes = combine(f"{description} ({len(plan.new)} new code"
                      f"{'s' * (len(plan.new) != 1)})", parts)
    resolved = {key: ref[1] if ref[0] == "existing" else ids[ref[1]]
                for key, ref in plan.resolved.items()}
    return CodeMatch(changes, resolved, len(plan.new), frozenset(plan.differing),
                     (*plan.differences, *_renewed_line(plan.renewed)), tuple(plan.renamed))


def _renewed_line(guids: list[str]) -> tuple[str, ...]:
    """One line for the codes given a new uuid, however many (a tool may give every code an
    id that is no GUID)."""
    if not guids:
        return ()
    return (f"{plural(len(guids), 'code')} given a new uuid: the file's GUID is no GUID, or "
            f"another code's ({first_few([repr(g) for g in guids])})",)


@dataclass(frozen=True)
class _Existing:
    id: int
    parent_id: int | None
    name: str
    colour: str
    description: str


@dataclass
class _New:
    """A code to add; ``parent`` is an existing code's id, a new code's index (``new``), or
    None at the top level."""

    name: str
    parent: tuple[str, int] | None
    uuid: str
    colour: str | None
    description: str
    depth: int


@dataclass
class _Plan:
    """The incoming codes matched against the project's, and the codes to add."""

    existing: dict[int, _Existing]
    by_uuid: dict[str, int]
    by_path: dict[tuple[int | None, str], int]  # (parent id, name key) -> id
    resolved: dict[str, tuple[str, int]] = field(default_factory=dict)  # guid key -> ref
    new: list[_New] = field(default_factory=list)
    new_by_path: dict[tuple[tuple[str, int] | None, str], int] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)  # uuids of the new codes
    #: the file's GUIDs of new codes given a new uuid (no GUID, or another code's)
    renewed: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    differing: set[int] = field(default_factory=set)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    #: project codes already matched: by an incoming uuid (all known before any path match),
    #: or by path; a code is matched once, else two incoming codes would become one
    claimed: set[int] = field(default_factory=set)

    @classmethod
    def read(cls, session: Session) -> _Plan:
        session.flush()
        rows = session.execute(select(Code.id, Code.parent_id, Code.name, Code.colour,
                                      Code.description, Code.uuid)).all()
        existing = {r.id: _Existing(r.id, r.parent_id, r.name, r.colour, r.description)
                    for r in rows}
        return cls(existing, {r.uuid.lower(): r.id for r in rows},
                   {(r.parent_id, name_key(r.name)): r.id for r in rows})

    def take(self, code: IncomingCode) -> None:
        key = guid_key(code.guid)
        if key in self.resolved:
            raise InputError(f"two codes have the GUID {code.guid}")
        parent = self._parent(code)
        name = self._name(code)
        code_uuid = canonical_uuid(code.guid)
        if code_uuid is not None and code_uuid in self.by_uuid:
            found = self.by_uuid[code_uuid]
            self._compare(found, code, self._file_path(parent, name))
            self.resolved[key] = ("existing", found)
        elif parent is None or parent[0] == "existing":
            self.resolved[key] = self._by_path(parent, name, code, code_uuid)
        else:
            self.resolved[key] = self._add(parent, name, code, code_uuid)

    def _parent(self, code: IncomingCode) -> tuple[str, int] | None:
        if code.parent_guid is None:
            return None
        parent = self.resolved.get(guid_key(code.parent_guid))
        if parent is None:
            raise InputError(f"code {code.name!r} names a parent code {code.parent_guid} that "
                             "is not in the codebook (or comes after it)")
        return parent

    def _name(self, code: IncomingCode) -> str:
        """The code's name as qcode can hold it; a change is noted in :attr:`renamed`."""
        name = clean_name(code.name.replace(PATH_SEP, "-"), "code", MAX_NAME)
        if name != code.name.strip():
            self.renamed.append(("code", code.name, name))
        return name

    def _numbered(self, code: IncomingCode, name: str, parent: tuple[str, int] | None) -> str:
        """``name`` numbered clear of its siblings, noted in :attr:`renamed` in place of the
        line :meth:`_name` may have noted for the same code (one line says the final name)."""
        numbered_name = numbered(name, self._sibling_keys(parent))
        if self.renamed and self.renamed[-1] == ("code", code.name, name):
            self.renamed.pop()
        self.renamed.append(("code", code.name, numbered_name))
        return numbered_name

    def _by_path(self, parent: tuple[str, int] | None, name: str, code: IncomingCode,
                 code_uuid: str | None) -> tuple[str, int]:
        parent_id = None if parent is None else parent[1]
        found = self.by_path.get((parent_id, name_key(name)))
        if found is None:
            return self._add(parent, name, code, code_uuid)
        if found in self.claimed:  # another incoming code is this one (by uuid or path)
            found = self._numbered_sibling(parent_id, name)
            if found is None:
                return self._add(parent, self._numbered(code, name, parent), code, code_uuid)
        self.claimed.add(found)
        self._compare(found, code, None)
        return ("existing", found)

    def _numbered_sibling(self, parent_id: int | None, name: str) -> int | None:
        """The unclaimed "name (2)", "name (3)" ... a clash was once renamed to, if any."""
        for n in range(2, len(self.existing) + 2):
            found = self.by_path.get((parent_id, name_key(f"{name} ({n})")))
            if found is None or found not in self.claimed:
                return found
        return None

    def _add(self, parent: tuple[str, int] | None, name: str, code: IncomingCode,
             code_uuid: str | None) -> tuple[str, int]:
        if (parent, name_key(name)) in self.new_by_path:  # incoming siblings share it
            name = self._numbered(code, name, parent)
        if code_uuid is None or code_uuid in self.by_uuid or code_uuid in self.taken:
            self.renewed.append(code.guid)
            code_uuid = new_uuid()
        self.taken.add(code_uuid)
        depth = 0 if parent is None or parent[0] == "existing" else self.new[parent[1]].depth + 1
        self.new.append(_New(name, parent, code_uuid, _colour(code.colour), code.description,
                             depth))
        self.new_by_path[parent, name_key(name)] = len(self.new) - 1
        return ("new", len(self.new) - 1)

    def _sibling_keys(self, parent: tuple[str, int] | None) -> set[str]:
        """The names (as compared) under ``parent``, existing and new."""
        keys = {key for (above, key) in self.new_by_path if above == parent}
        if parent is None or parent[0] == "existing":
            parent_id = None if parent is None else parent[1]
            keys |= {key for (above, key) in self.by_path if above == parent_id}
        return keys

    def _compare(self, code_id: int, code: IncomingCode, file_path: str | None) -> None:
        """Report where the incoming code differs from the project's; change nothing."""
        ours = self.existing[code_id]
        path = self._path(code_id)
        found: list[str] = []
        if file_path is not None and [name_key(n) for n in file_path.split(PATH_SEP)] != \
                [name_key(n) for n in path.split(PATH_SEP)]:
            found.append(f"code {path!r}: the file places it at {file_path!r} "
                         "(same GUID); kept where it is")
        colour = _colour(code.colour)
        if colour is not None and colour != ours.colour:
            found.append(f"code {path!r}: the file's colour {colour} differs from "
                         f"{ours.colour}; kept")
        if code.description.strip() and code.description.strip() != ours.description.strip():
            found.append(f"code {path!r}: the file's description "
                         f"{_quoted(code.description)} differs from the project's "
                         f"{_quoted(ours.description)}; kept")
        if found:
            self.differing.add(code_id)
            self.differences.extend(found)

    def _path(self, code_id: int | None) -> str:
        names = []
        while code_id is not None:
            names.append(self.existing[code_id].name)
            code_id = self.existing[code_id].parent_id
        return PATH_SEP.join(reversed(names))

    def _new_path(self, index: int) -> str:
        code = self.new[index]
        return self._file_path(code.parent, code.name)

    def _file_path(self, parent: tuple[str, int] | None, name: str) -> str:
        if parent is None:
            return name
        above = self._path(parent[1]) if parent[0] == "existing" else self._new_path(parent[1])
        return f"{above}{PATH_SEP}{name}"


def _colour(colour: str | None) -> str | None:
    """The incoming colour as qcode writes it; None when there is none (or no RGB colour)."""
    if not colour:
        return None
    try:
        return check_colour(colour)
    except InputError:
        return None


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return "(none)"
    return repr(text if len(text) <= _QUOTED else text[:_QUOTED - 1] + "…")


def _add_level(session: Session, plan: _Plan, depth: int, ids: list[int]) -> Changes:
    """Add the new codes at ``depth`` (their parents exist by now), each last among its
    siblings; ``ids`` holds each new code's id by its index in ``plan.new``, filled here."""
    children = Counter(code.parent_id for code in plan.existing.values())
    rows, indexes = [], []
    for index, code in enumerate(plan.new):
        if code.depth != depth:
            continue
        parent_id = None if code.parent is None else (
            code.parent[1] if code.parent[0] == "existing" else ids[code.parent[1]])
        colour = code.colour or PALETTE[(len(plan.existing) + index) % len(PALETTE)]
        rows.append(CodeRow.new(uuid=code.uuid, parent_id=parent_id, name=code.name,
                                colour=colour, description=code.description,
                                position=children[parent_id]))
        children[parent_id] += 1
        indexes.append(index)
    changes, made = apply_code_patch_ids(session, CodePatch(
        description=f"Add {len(rows)} codes", insert_codes=tuple(rows)))
    for index, code_id in zip(indexes, made, strict=True):
        ids[index] = code_id
    return changes

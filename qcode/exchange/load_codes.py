"""A REFI-QDA codebook into qcode's: hierarchy, colours, descriptions, GUIDs as uuids.

qcode's rules differ from the file's in a few places, each settled here so the import never
fails on them: a code name may not hold ``/`` (it separates parent and child in paths) or
line breaks, and siblings may not share a name in any case. Such names are changed (``/``
becomes ``-``; a clash gets `` (2)``) and every change is listed in the import report.
A code whose GUID the project already holds (its codebook was imported first, from a .qdc)
is that code: its codings join it. ``isCodable="false"`` codes (NVivo folders, ATLAS.ti
groups) become ordinary codes: qcode has no codes that cannot carry codings.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from qcode.errors import InputError
from qcode.exchange import records
from qcode.models import Code
from qcode.names import MAX_NAME, check_colour, name_key
from qcode.ops.codebook_create import PALETTE
from qcode.ops.codebook_match import canonical_uuid, clean_name, numbered
from qcode.queries import PATH_SEP


@dataclass
class CodeLoader:
    """Adds the file's codes one by one (parents first, as the reader yields them)."""

    session: Session
    file: str
    ids: dict[str, int] = field(default_factory=dict)  # by guid_key
    added: list[int] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    not_codable: int = 0
    _names: dict[int | None, set[str]] = field(default_factory=dict)
    _children: Counter[int | None] = field(default_factory=Counter)
    _total: int = 0
    _existing: dict[str, tuple[int, str]] = field(default_factory=dict)  # uuid -> (id, name)

    def __post_init__(self) -> None:
        rows = self.session.execute(select(Code.id, Code.parent_id, Code.name, Code.uuid)).all()
        for code_id, parent_id, name, code_uuid in rows:
            self._names.setdefault(parent_id, set()).add(name_key(name))
            self._children[parent_id] += 1
            self._existing[code_uuid] = (code_id, name)
        self._total = len(rows)

    def id_of(self, guid: str) -> int | None:
        return self.ids.get(records.guid_key(guid))

    def add(self, code: records.Code) -> None:
        key = records.guid_key(code.guid)
        if key in self.ids:
            raise InputError(f"two codes have the GUID {code.guid}", path=self.file)
        parent_id = self._parent(code)
        code_uuid = canonical_uuid(code.guid)
        if code_uuid in self._existing:
            self.ids[key] = self._join_existing(code, code_uuid)
            return
        if not code.is_codable:
            self.not_codable += 1
        self.ids[key] = self._insert(code, parent_id, code_uuid or str(uuid.uuid4()))

    def _parent(self, code: records.Code) -> int | None:
        if code.parent_guid is None:
            return None
        parent_id = self.id_of(code.parent_guid)
        if parent_id is None:
            raise InputError(f"code {code.name!r} names a parent code {code.parent_guid} that is "
                             "not in the codebook", path=self.file)
        return parent_id

    def _join_existing(self, code: records.Code, code_uuid: str) -> int:
        code_id, name = self._existing[code_uuid]
        self.differences.append(f"code {code.name!r} is already in the project (same GUID) as "
                                f"{name!r}: its codings join that code")
        return code_id

    def _insert(self, code: records.Code, parent_id: int | None, code_uuid: str) -> int:
        wanted = clean_name(code.name.replace(PATH_SEP, "-"), "code", MAX_NAME)
        taken = self._names.setdefault(parent_id, set())
        name = numbered(wanted, taken)
        if name != code.name.strip():
            self.renamed.append(("code", code.name, name))
        taken.add(name_key(name))
        code_id = self.session.execute(insert(Code).returning(Code.id), dict(
            uuid=code_uuid, parent_id=parent_id, name=name, colour=self._colour(code),
            description=code.description, position=self._children[parent_id], memo="",
        )).scalar_one()
        self._children[parent_id] += 1
        self._total += 1
        self.added.append(code_id)
        return code_id

    def _colour(self, code: records.Code) -> str:
        """The file's colour, else qcode's next (as a code made in qcode would get)."""
        if code.colour:
            try:
                return check_colour(code.colour)
            except InputError:
                pass
        return PALETTE[self._total % len(PALETTE)]

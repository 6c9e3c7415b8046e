"""REFI-QDA users into qcode's coders, and the coder of each coding.

A user becomes the coder of that name (an existing coder of the name is reused) and keeps the
user's GUID as its uuid when it is new; a user without a name gets a readable one. Codings
that name no user, and whose selection names none either, belong to the project's creating
user, and without one to a coder named after the tool the file came from. Both are only known
from the project's facts, which come last: such codings are written with a stand-in coder that
is replaced at the end.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from qcode.exchange import records
from qcode.models import Coder, Coding
from qcode.ops.codebook_match import canonical_uuid
from qcode.ops.coders import ensure_coder, rename_coder
from qcode.queries import find_coder

_MAX_NAME = 200


@dataclass
class CoderLoader:
    session: Session
    by_user: dict[str, int] = field(default_factory=dict)  # coder id by the user's guid_key
    used: set[int] = field(default_factory=set)  # coders the file brought or named
    _unnamed: int = 0
    _stand_in: int | None = None

    def add_user(self, user: records.User) -> int:
        name = " ".join(user.name.split())[:_MAX_NAME] or self._unnamed_name()
        coder_id, made = ensure_coder(self.session, name)
        code_uuid = canonical_uuid(user.guid)
        if made.coders and code_uuid is not None and self.session.scalar(
                select(Coder.id).where(Coder.uuid == code_uuid)) is None:
            self.session.execute(update(Coder).where(Coder.id == coder_id)
                                 .values(uuid=code_uuid))
        self.by_user[records.guid_key(user.guid)] = coder_id
        self.used.add(coder_id)
        return coder_id

    def _unnamed_name(self) -> str:
        while True:
            self._unnamed += 1
            name = f"Unnamed coder {self._unnamed}"
            if find_coder(self.session, name) is None:
                return name

    def coder_for(self, *user_guids: str | None) -> int:
        """The coder of the first user named (one not among the file's users gets a coder of
        its own), else the stand-in replaced by :meth:`finish`."""
        for guid in user_guids:
            if guid:
                found = self.by_user.get(records.guid_key(guid))
                return found if found is not None else self.add_user(records.User(guid, ""))
        if self._stand_in is None:
            self._stand_in, _ = ensure_coder(self.session, f"import {uuid.uuid4()}")
        return self._stand_in

    def finish(self, facts: records.ProjectFacts | None, file: str) -> None:
        """The codings of nobody in particular go to the project's creating user, else to a
        coder named after the file's origin (or the file)."""
        if self._stand_in is None:
            return
        creator = facts.creating_user_guid if facts else None
        target = self.by_user.get(records.guid_key(creator)) if creator else None
        if target is None:
            origin = " ".join(facts.origin.split()) if facts else ""
            name = f"coder from {origin or Path(file).name}"[:_MAX_NAME]
            found = find_coder(self.session, name)
            if found is None:
                rename_coder(self.session, coder_id=self._stand_in, name=name)
                self.used.add(self._stand_in)
                return
            target = found.id
        self.session.execute(update(Coding).where(Coding.coder_id == self._stand_in)
                             .values(coder_id=target))
        self.session.execute(delete(Coder).where(Coder.id == self._stand_in))
        self.used.add(target)

"""Memos of two copies of a project, merged without losing either.

qcode keeps one memo text per project, document, code and coding. When the other copy's memo
differs from this one's, it is appended under a line naming where it came from (the source
file, and for a coding's memo its coder); an empty memo simply takes the other copy's. A memo
that already holds the other copy's text (merged before) is left as it is, so merging the same
copy twice changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.chunks import chunks
from qcode.models import Code, Coding, Document, ProjectInfo

#: (kind, id, memo): kind is "project" (id 0), "document", "code" or "coding"
MemoValue = tuple[str, int, str]

_TABLES = {"document": Document, "code": Code, "coding": Coding}


#: the line a merge puts before a memo it appends (see :func:`merged_memo`)
_APPENDED = re.compile(r"\n\n--- memo from .*? ---\n")


def merged_memo(ours: str, theirs: str, origin: str) -> str | None:
    """``ours`` with ``theirs`` added, or None when there is nothing to add: ``theirs`` is
    empty, or is already ``ours`` or one of the memos a merge appended to it (a memo that
    merely occurs inside ours, "important" in "not important", is another memo)."""
    if not theirs.strip() or theirs.strip() in {part.strip() for part in _APPENDED.split(ours)}:
        return None
    if not ours.strip():
        return theirs
    return f"{ours.rstrip()}\n\n--- memo from {origin} ---\n{theirs.strip()}"


@dataclass
class MemoMerger:
    """Collects the memos a merge brings, compares them with the project's, writes them once."""

    added: int = 0
    matched: int = 0
    conflict: int = 0
    #: the kinds this login may change (None: all); on a server a coder changes only the memos
    #: of their own codings, so other memos that differ are counted here, not written
    kinds: frozenset[str] | None = None
    withheld: Counter[str] = field(default_factory=Counter)
    #: (kind, id) -> [(their memo, origin)]
    _wanted: dict[tuple[str, int], list[tuple[str, str]]] = field(default_factory=dict)
    _refused: set[tuple[str, int]] = field(default_factory=set)

    def bring(self, kind: str, target_id: int, theirs: str, origin: str, *,
              allowed: bool = True) -> None:
        """``allowed=False``: this login may not change that memo (another coder's coding on a
        server): it is compared and counted, not written."""
        if theirs.strip():
            self._wanted.setdefault((kind, target_id), []).append((theirs, origin))
            if not allowed:
                self._refused.add((kind, target_id))

    def count_new(self, memo: str) -> None:
        """A memo that arrived with a new document or coding."""
        self.added += bool(memo.strip())

    def write(self, session: Session) -> Changes:
        current = _current(session, list(self._wanted))
        values: list[MemoValue] = []
        for (kind, target_id), memos in self._wanted.items():
            ours = text = current.get((kind, target_id), "")
            tally = Counter()
            for theirs, origin in memos:
                merged = merged_memo(text, theirs, origin)
                if merged is None:
                    tally["matched"] += 1
                else:
                    tally["conflict" if text.strip() else "added"] += 1
                    text = merged
            if text != ours and ((self.kinds is not None and kind not in self.kinds)
                                 or (kind, target_id) in self._refused):
                self.withheld[kind] += 1
                continue
            self.added, self.matched = self.added + tally["added"], self.matched + tally["matched"]
            self.conflict += tally["conflict"]
            if text != ours:
                values.append((kind, target_id, text))
        return put_memos(session, memos=tuple(values))


def _current(session: Session, keys: Sequence[tuple[str, int]]) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    for kind, model in _TABLES.items():
        ids = [i for k, i in keys if k == kind]
        for chunk in chunks(ids):
            out.update(((kind, i), memo) for i, memo in session.execute(
                select(model.id, model.memo).where(model.id.in_(chunk))))
    if ("project", 0) in keys:
        out["project", 0] = session.scalar(
            select(ProjectInfo.value).where(ProjectInfo.key == "memo")) or ""
    return out


def put_memos(session: Session, *, memos: Sequence[MemoValue]) -> Changes:
    """Set memos of the project, documents, codes and codings; the inverse sets them back."""
    session.flush()
    memos = tuple(memos)
    before = _current(session, [(kind, i) for kind, i, _ in memos])
    for kind, model in _TABLES.items():
        rows = [{"memo_id": i, "new_memo": text} for k, i, text in memos if k == kind]
        if rows:
            table = model.__table__
            session.connection().execute(
                update(table).where(table.c.id == bindparam("memo_id"))
                .values(memo=bindparam("new_memo")), rows)
    for kind, _, text in memos:
        if kind == "project":
            _put_project_memo(session, text)
    session.expire_all()

    def ids(kind: str) -> frozenset[int]:
        return frozenset(i for k, i, _ in memos if k == kind)

    return Changes(
        description="Merge memos",
        documents=ids("document"), codes=ids("code"), codings=ids("coding"),
        project=any(kind == "project" for kind, _, _ in memos),
        inverse=partial(put_memos, memos=tuple((k, i, before.get((k, i), ""))
                                               for k, i, _ in memos)),
    )


def _put_project_memo(session: Session, text: str) -> None:
    info = session.get(ProjectInfo, "memo")
    if info is None:
        session.add(ProjectInfo(key="memo", value=text))
    else:
        info.value = text
    session.flush()

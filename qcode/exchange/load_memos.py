"""REFI-QDA notes into qcode's memos: the project's, a document's, a code's, a coding's.

qcode holds one memo per thing, so several notes on one thing are joined with a blank line,
in the order the notes come in the file. A note on a selection becomes the memo of each coding
made from it. Notes come after the sources that reference them, and the project's own
references come last of all, so only the references are remembered on the way (never the
codings), and a note no target has named yet is held until the end. A note that nothing
references, or whose only target was not imported, is not dropped: it joins the project memo
under its name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.exchange import records
from qcode.importers.normalise import normalise_text
from qcode.models import Code, Coding, Document, ProjectInfo
from qcode.ops.codebook_fields import set_code_memo
from qcode.ops.codings import set_coding_memo
from qcode.ops.documents import set_document_memo, set_project_memo

#: ("document", (id,)), ("code", (id,)) or ("codings", (id, id, ...)) - one selection's codings
Target = tuple[str, tuple[int, ...]]


def joined(memo: str, text: str) -> str:
    """``text`` after ``memo``, a blank line between them when both have something."""
    return f"{memo}\n\n{text}" if memo and text else memo or text


@dataclass
class MemoLoader:
    session: Session
    #: the targets waiting for each note, by the note's guid_key, with what they are
    waiting: dict[str, list[tuple[Target, str]]] = field(default_factory=dict)
    held: list[records.Note] = field(default_factory=list)
    kept: int = 0
    skipped: list[records.Skipped] = field(default_factory=list)

    def expect(self, note_guids: Iterable[str], target: Target, what: str) -> None:
        """``target`` (``what`` it is, for the report) references these notes."""
        for guid in note_guids:
            self.waiting.setdefault(records.guid_key(guid), []).append((target, what))

    def note(self, note: records.Note) -> None:
        targets = self.waiting.pop(records.guid_key(note.guid), None)
        if targets is None:
            self.held.append(note)
            return
        text = normalise_text(note.text)
        for target, _ in targets:
            self._append(target, text)
        self.kept += 1

    def finish(self, facts: records.ProjectFacts | None) -> None:
        """The project's notes, then the notes nothing took, into the project memo; a
        reference to a note the file does not hold is reported."""
        wanted = {records.guid_key(g) for g in facts.note_guids} if facts else set()
        own = [n for n in self.held if records.guid_key(n.guid) in wanted]
        loose = [n for n in self.held if records.guid_key(n.guid) not in wanted]
        parts = [normalise_text(facts.description) if facts else ""]
        parts += [normalise_text(n.text) for n in own]
        parts += [joined_heading(n) for n in loose]
        text = "\n\n".join(p for p in parts if p)
        if text:
            memo = self.session.scalar(select(ProjectInfo.value).where(ProjectInfo.key == "memo"))
            set_project_memo(self.session, memo=joined(memo or "", text))
        self.kept += len(own) + len(loose)
        found = {records.guid_key(n.guid) for n in own}
        for guid in sorted(wanted - found):
            self.skipped.append(records.Skipped(f"note {guid} of the project",
                                                "the file holds no such note"))
        for guid, targets in self.waiting.items():
            for _, what in targets:
                self.skipped.append(records.Skipped(f"note {guid} of {what}",
                                                    "the file holds no such note"))
        self.waiting.clear()

    def _append(self, target: Target, text: str) -> None:
        if not text:
            return
        kind, ids = target
        if kind == "document":
            memo = self.session.scalar(select(Document.memo).where(Document.id == ids[0]))
            set_document_memo(self.session, document_id=ids[0], memo=joined(memo or "", text))
        elif kind == "code":
            memo = self.session.scalar(select(Code.memo).where(Code.id == ids[0]))
            set_code_memo(self.session, code_id=ids[0], memo=joined(memo or "", text))
        else:
            memos = dict(self.session.execute(select(Coding.id, Coding.memo)
                                              .where(Coding.id.in_(ids))).all())
            for coding_id in ids:
                set_coding_memo(self.session, coding_id=coding_id,
                                memo=joined(memos[coding_id], text))


def joined_heading(note: records.Note) -> str:
    """A note nothing references, as a part of the project memo: its name, then its text."""
    text = normalise_text(note.text)
    name = " ".join(note.name.split())
    return "\n".join(part for part in (name, text) if part) if name != text else text

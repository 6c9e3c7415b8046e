"""Codings of another copy, brought into the project's documents without doubling any.

A coding is the same as one the project holds when document, code, coder and span are the
same: it is then matched (its memo merged), not added again, so merging a copy twice adds
nothing. A coding made on a text other than the project's text of its document (a document in
conflict, or a coding left on an earlier text in the other copy) is placed in the project's
text where its passage is found (:mod:`qcode.ops.text_alignment`); otherwise it is reported
as unplaced, never attached to text that was not coded. New codings go in batches through the
bulk insert (:func:`qcode.ops.codings.add_codings`), keeping the other copy's uuid unless the
project already uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.models import Coding
from qcode.models.types import new_uuids
from qcode.ops.codings import NewCoding, add_codings
from qcode.ops.text_alignment import TextAlignment
from qcode.team.merge_documents import TargetDocument
from qcode.team.merge_memos import MemoMerger
from qcode.team.merge_report import MergeReport, Unplaced
from qcode.team.merge_source import SourceCoding

#: codings inserted a statement
BATCH = 50_000
_LOOKUP = 500

#: (code id, coder id, start, end) in the project
Key = tuple[int, int, int, int]


@dataclass
class CodingMerger:
    """Brings one source's codings in, document by document; ``flush`` writes what is left."""

    session: Session
    file: str
    report: MergeReport
    memos: MemoMerger
    code_ids: dict[int, int]
    coder_ids: dict[int, int]
    #: project coder id -> name, project code id -> path (for memo origins and reports)
    coder_names: dict[int, str]
    code_paths: dict[int, str]
    parts: list[Changes] = field(default_factory=list)
    _pending: list[NewCoding] = field(default_factory=list)

    def merge_document(self, target: TargetDocument, codings: list[SourceCoding],
                       text_of: Callable[[int], str | None], reanchoring: bool) -> None:
        """Bring ``codings`` (of one source document) into ``target``; ``text_of(version)`` is
        the source's text a coding's span is in; ``reanchoring``: the document is in
        conflict, so codings placed are counted as re-anchored."""
        existing = self._existing(target)
        pending: dict[Key, int] = {}
        alignments: dict[int, TextAlignment | None] = {}
        for coding in codings:
            if coding.version not in alignments:
                alignments[coding.version] = _alignment(text_of(coding.version), target.text)
            alignment = alignments[coding.version]
            span = (coding.start, coding.end) if alignment is None else \
                alignment.place(coding.start, coding.end)
            code, coder = self.code_ids[coding.code_id], self.coder_ids[coding.coder_id]
            if span is None:
                self._unplaced(target, coding, code, coder, alignment)
                continue
            added = self._bring(target, (code, coder, *span), coding, existing, pending)
            self.report.reanchored += added and alignment is not None and reanchoring

    def _bring(self, target: TargetDocument, key: Key, coding: SourceCoding,
               existing: dict[Key, int], pending: dict[Key, int]) -> bool:
        """Whether the coding is new here (else it joins the one already here or pending)."""
        origin = f"{self.file} ({self.coder_names[key[1]]})"
        if key in existing:
            self.report.codings.matched += 1
            self.memos.bring("coding", existing[key], coding.memo, origin)
            return False
        if key in pending:  # the other copy holds it twice: one coding, both memos
            index = pending[key]
            self.report.codings.matched += 1
            new = self._pending[index]
            memo = coding.memo.strip()
            if memo and memo != new.memo.strip() and memo not in _paragraphs(new.memo):
                joined = f"{new.memo.rstrip()}\n\n{memo}".strip()
                self._pending[index] = replace(new, memo=joined)
            return False
        pending[key] = len(self._pending)
        self._pending.append(NewCoding(target.id, key[0], key[1], key[2], key[3],
                                       coding.memo, coding.uuid))
        self.report.codings.added += 1
        self.memos.count_new(coding.memo)
        return True

    def _unplaced(self, target: TargetDocument, coding: SourceCoding, code: int, coder: int,
                  alignment: TextAlignment | None) -> None:
        self.report.codings.conflict += 1
        text = alignment.old[coding.start:coding.end] if alignment is not None else ""
        self.report.unplaced.append(Unplaced(
            self.file, target.name, self.code_paths[code], self.coder_names[coder],
            coding.start, coding.end, text))

    def _existing(self, target: TargetDocument) -> dict[Key, int]:
        """The project's codings of the document on its current text: key -> coding id."""
        query = select(Coding.code_id, Coding.coder_id, Coding.start, Coding.end, Coding.id) \
            .where(Coding.document_id == target.id)
        if target.version != 1:  # on a first text every coding is (read from the index alone)
            query = query.where(Coding.version == target.version)
        return {(code, coder, start, end): coding_id
                for code, coder, start, end, coding_id in self.session.connection().execute(query)}

    def batch_full(self) -> bool:
        return len(self._pending) >= BATCH

    def flush(self) -> None:
        """Insert the codings collected; a uuid the project already uses is given a new one."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        try:
            with self.session.begin_nested():
                changes = add_codings(self.session, codings=pending, unique=True)
        except IntegrityError:  # a uuid the project holds (rare: not looked for first)
            changes = add_codings(self.session, codings=self._fresh_uuids(pending),
                                  unique=True)
        self.parts.append(changes)

    def _fresh_uuids(self, pending: list[NewCoding]) -> list[NewCoding]:
        uuids = [c.uuid for c in pending]
        taken: set[str] = set()
        for first in range(0, len(uuids), _LOOKUP):
            taken.update(self.session.scalars(select(Coding.uuid).where(
                Coding.uuid.in_(uuids[first:first + _LOOKUP]))))
        if not taken:
            return pending
        fresh = iter(new_uuids(len(taken)))
        return [replace(c, uuid=next(fresh)) if c.uuid in taken else c for c in pending]


def _alignment(anchor_text: str | None, target_text: str) -> TextAlignment | None:
    """None when the coding's text is the project's text (spans carry over as they are)."""
    if anchor_text == target_text:
        return None
    return TextAlignment(anchor_text or "", target_text)


def _paragraphs(memo: str) -> set[str]:
    return {part.strip() for part in memo.split("\n\n")}

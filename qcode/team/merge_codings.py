"""Codings of another copy, brought into the project's documents without doubling any.

A coding is the same as one the project holds when document, code, coder and span are the
same: it is then matched (its memo merged), not added again, so merging a copy twice adds
nothing. A coding made on a text other than the project's text of its document (a document in
conflict, or a coding left on an earlier text in the other copy) is placed in the project's
text where its passage is found (:mod:`qcode.ops.text_alignment`); otherwise it is reported
as unplaced, never attached to text that was not coded. New codings keep the other copy's
uuid unless the project already uses it.

At a million codings this is SQL, not Python rows: the other file's codings go as stored into
staging tables (:mod:`qcode.team.merge_staging`), where one statement puts those whose spans
carry over in the project's ids, repeats and the codings already here are found, and one
statement writes the rest. Only the codings to re-anchor pass through Python, a document at a
time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.errors import InputError
from qcode.models import Document
from qcode.models.base import utcnow
from qcode.models.types import epoch_seconds
from qcode.ops.codings import remove_codings
from qcode.ops.text_alignment import TextAlignment
from qcode.team.merge_documents import TargetDocument
from qcode.team.merge_memos import MemoMerger
from qcode.team.merge_report import MergeReport, Unplaced
from qcode.team.merge_source import SourceCoding, SourceReader
from qcode.team.merge_staging import Staging
from qcode.team.merge_staging_server import ServerStaging

#: codings read from the other file a batch
BATCH = 50_000


@dataclass(frozen=True)
class _Target:
    """Where a document of the other copy went: the project's document (id, name, version),
    whether it is in conflict, and the source document's current version."""

    id: int
    name: str
    version: int
    conflict: bool
    source_version: int


@dataclass
class CodingMerger:
    """Told where each document of one source went (:meth:`place`), brings its codings in
    (:meth:`merge`)."""

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
    #: on a server, the project coders whose codings this login may write (None: all)
    allowed_coders: frozenset[int] | None = None
    #: source document -> (its version whose text is the project's, project document, version)
    _straight: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    _targets: dict[int, _Target] = field(default_factory=dict)
    #: project document -> its length (spans are checked against it)
    _lengths: dict[int, int] = field(default_factory=dict)

    def place(self, source_id: int, source_version: int, target: TargetDocument,
              conflict: bool) -> None:
        """The source document ``source_id`` went to ``target`` (``conflict``: its text
        differs, so its codings are re-anchored)."""
        self._targets[source_id] = _Target(target.id, target.name, target.version, conflict,
                                           source_version)
        self._lengths[target.id] = len(target.text)
        if not conflict:
            self._straight[source_id] = (source_version, target.id, target.version)

    def merge(self, source: SourceReader) -> None:
        on_server = self.session.get_bind().dialect.name == "postgresql"
        with (ServerStaging if on_server else Staging).opened(self.session) as staging:
            staging.map(self._straight, self.code_ids, self.coder_ids)
            for rows in source.coding_rows(BATCH):
                staging.load(rows)
            staging.stage_straight()
            for document, rows in staging.others():
                if document not in self._targets:  # a document that did not come
                    self.report.codings.conflict += len(rows)
                    continue
                self._reanchor(source, document, [SourceCoding(*row) for row in rows],
                               staging)
            self._write(staging)

    def _reanchor(self, source: SourceReader, source_id: int, codings: list[SourceCoding],
                  staging: Staging | ServerStaging) -> None:
        """Stage the codings of one source document made on a text other than the
        project's, placed where their passages are found; report those that are not."""
        target = self._targets[source_id]
        text = self.session.scalar(select(Document.text).where(Document.id == target.id))
        alignments: dict[int, TextAlignment | None] = {}
        rows = []
        for coding in codings:
            if coding.version not in alignments:
                anchor = source.text(source_id, None if coding.version == target.source_version
                                     else coding.version)
                alignments[coding.version] = _alignment(anchor, text)
            alignment = alignments[coding.version]
            span = (coding.start, coding.end) if alignment is None else \
                alignment.place(coding.start, coding.end)
            code, coder = self.code_ids[coding.code_id], self.coder_ids[coding.coder_id]
            if span is None:
                self._unplaced(target, coding, code, coder, alignment)
                continue
            rows.append((target.id, *span, code, coder, target.version, coding.memo,
                         coding.uuid, int(alignment is not None and target.conflict)))
        staging.stage(rows)

    def _unplaced(self, target: _Target, coding: SourceCoding, code: int, coder: int,
                  alignment: TextAlignment | None) -> None:
        self.report.codings.conflict += 1
        text = alignment.old[coding.start:coding.end] if alignment is not None else ""
        self.report.unplaced.append(Unplaced(
            self.file, target.name, self.code_paths[code], self.coder_names[coder],
            coding.start, coding.end, text))

    def _write(self, staging: Staging | ServerStaging) -> None:
        """Memos of the codings already here merged, the new codings written."""
        staged, _ = staging.count()
        for coding_id, coder, memo in staging.matched_memos():
            self.memos.bring("coding", coding_id, memo, f"{self.file} ({self.coder_names[coder]})",
                             allowed=self.allowed_coders is None or coder in self.allowed_coders)
        matched = staging.offered - staged + staging.drop_matched()
        self.report.codings.matched += matched
        if self.allowed_coders is not None:
            for coder, count in sorted(staging.set_aside(self.allowed_coders).items()):
                self.report.not_brought[self.coder_names[coder]] = count
        added, reanchored = staging.count()
        if not added:
            return
        self._refuse_spans_outside(staging)
        joined = []
        for key, memo, repeats in staging.new_memos():
            self.memos.count_new(memo)
            if (whole := _joined(memo, repeats)) != memo:
                joined.append((whole, key))
        staging.set_memos(joined)
        codes, documents = staging.codes_and_documents()
        ids = staging.write(self.session, added, epoch_seconds(utcnow()))
        self.report.codings.added += added
        self.report.reanchored += reanchored
        self.parts.append(Changes(
            description=f"Add {len(ids)} codings", codings=frozenset(ids), codes=codes,
            documents=documents, inverse=partial(remove_codings, coding_ids=ids, undoing=True)))

    def _refuse_spans_outside(self, staging: Staging | ServerStaging) -> None:
        """A span of the other copy that is empty or runs past its text: one line (as adding
        such a coding would say), the project left as it was."""
        found = staging.outside(self._lengths)
        if found is None:
            return
        document, start, end = found
        name = next(t.name for t in self._targets.values() if t.id == document)
        if start >= end:
            raise InputError(f"empty span {start}-{end} in {name!r}: the end must be after "
                             "the start")
        raise InputError(f"span {start}-{end} lies outside {name!r} "
                         f"(0-{self._lengths[document]})")


def _joined(memo: str, repeats: list[str]) -> str:
    """``memo`` with the memos of the same coding repeated in the other copy, each once."""
    for other in repeats:
        other = other.strip()
        if other and other != memo.strip() and other not in _paragraphs(memo):
            memo = f"{memo.rstrip()}\n\n{other}".strip()
    return memo


def _alignment(anchor_text: str | None, target_text: str) -> TextAlignment | None:
    """None when the coding's text is the project's text (spans carry over as they are)."""
    if anchor_text == target_text:
        return None
    return TextAlignment(anchor_text or "", target_text)


def _paragraphs(memo: str) -> set[str]:
    return {part.strip() for part in memo.split("\n\n")}


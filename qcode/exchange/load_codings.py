"""The codings of a REFI-QDA file, added in bulk batches as the sources stream by.

Each coding keeps the file's GUID as its uuid; a GUID that is not one, or that an earlier
coding already has, gets a new uuid (found by the unique index refusing a batch, which is then
written again: looking each uuid up first cost more than the insert). A second coding of the
same code on the same passage by the same coder is skipped and reported (it would count the
passage twice in every matrix).
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qcode.exchange import records
from qcode.exchange.load_memos import MemoLoader
from qcode.importers.normalise import normalise_text
from qcode.models import Coding, document_stale, rollup_rebuild
from qcode.models.types import new_uuids
from qcode.ops.codebook_match import canonical_uuid
from qcode.ops.codings import CodingColumns, add_coding_columns

#: Codings gathered before they are written (the bulk insert's speed without holding many).
BATCH = 20_000
_LOOKUP = 500  # uuids looked up per query
#: A GUID already as qcode stores it (as nearly every file writes them): taken as it is.
_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                        ).fullmatch


@dataclass
class CodingBatch:
    session: Session
    memos: MemoLoader
    count: int = 0
    skipped: list[records.Skipped] = field(default_factory=list)
    _pending: CodingColumns = field(default_factory=CodingColumns)
    _uuids: set[str] = field(default_factory=set)  # of the pending codings
    #: (first, end) of the pending codings of a selection or coding with notes, the notes, and
    #: what has them
    _noted: list[tuple[int, int, tuple[str, ...], str]] = field(default_factory=list)
    _keys: set[tuple[int, int, int, int, int]] = field(default_factory=set)  # of one document
    _document: int | None = None
    _selection_start: int = 0
    _ids: array = field(default_factory=lambda: array("q"))
    #: the documents given codings
    documents: set[int] = field(default_factory=set)
    #: the file's GUIDs of codings given a new uuid (another coding's GUID, or no GUID)
    renewed: list[str] = field(default_factory=list)
    #: the last creation time given, and as it is kept
    _last_time: tuple[datetime | None, datetime | None] = (None, None)

    def add(self, document_id: int, name: str, code_id: int, coder_id: int, start: int,
            end: int, guid: str, memo: str = "", note_guids: tuple[str, ...] = (),
            created: datetime | None = None) -> None:
        key = (document_id, code_id, coder_id, start, end)
        if document_id != self._document:
            self._keys.clear()  # a new source: its codings cannot repeat the last one's
            self._document = document_id
        if key in self._keys:
            self.skipped.append(records.Skipped(
                f"coding {guid} in {name!r}",
                "the same code on the same passage by the same coder again"))
            return
        self._keys.add(key)
        coding_uuid = guid if _CANONICAL(guid) else canonical_uuid(guid)
        if coding_uuid is None or coding_uuid in self._uuids:
            self.renewed.append(guid)
            coding_uuid = new_uuids(1)[0]
        self._uuids.add(coding_uuid)
        pending = self._pending
        pending.document_id.append(document_id)
        pending.code_id.append(code_id)
        pending.coder_id.append(coder_id)
        pending.start.append(start)
        pending.end.append(end)
        pending.memo.append(normalise_text(memo) if memo else "")
        pending.uuid.append(coding_uuid)
        if created is not self._last_time[0]:  # codings made together share a time object
            self._last_time = (created, records.utc_time(created))
        pending.created_at.append(self._last_time[1])
        if note_guids:
            at = len(pending)
            self._noted.append((at - 1, at, note_guids, f"coding {guid} in {name!r}"))

    def start_selection(self) -> None:
        self._selection_start = len(self._pending.uuid)

    def end_selection(self, selection: records.Selection, name: str) -> None:
        """Remember the notes of the selection just added, for its codings."""
        end = len(self._pending.uuid)
        if selection.note_guids and end > self._selection_start:
            self._noted.append((self._selection_start, end, selection.note_guids,
                                f"selection {selection.guid} in {name!r}"))
        if end >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        pending = self._pending
        try:
            with self.session.begin_nested():
                changes = add_coding_columns(self.session, columns=pending)
        except IntegrityError:  # a uuid an earlier batch took (rare: not looked for first)
            self._fresh_uuids(pending)
            changes = add_coding_columns(self.session, columns=pending)
        self._ids.extend(changes.codings)
        self.documents.update(changes.documents)
        self.count += len(pending)
        for first, end, notes, what in self._noted:
            wanted = pending.uuid[first:end]
            ids = tuple(self.session.scalars(select(Coding.id).where(Coding.uuid.in_(wanted))
                                             .order_by(Coding.id)))
            self.memos.expect(notes, ("codings", ids), what)
        self._pending, self._noted, self._uuids = CodingColumns(), [], set()
        self._selection_start = 0

    def _fresh_uuids(self, pending: CodingColumns) -> None:
        """Give each pending coding whose uuid an earlier batch took a new one."""
        uuids = pending.uuid
        taken: set[str] = set()
        for first in range(0, len(uuids), _LOOKUP):
            taken.update(self.session.scalars(select(Coding.uuid).where(
                Coding.uuid.in_(uuids[first:first + _LOOKUP]))))
        self.renewed.extend(u for u in uuids if u in taken)
        pending.uuid = [new_uuids(1)[0] if u in taken else u for u in uuids]

    def ids(self) -> frozenset[int]:
        return frozenset(self._ids)


def mark_for_rebuild(session: Session, documents: set[int]) -> None:
    """After codings went in without their triggers (a load into an empty project): mark
    their documents stale and the derived tables for a whole rebuild, which the commit's
    refresh does once, as it would for the million (code, document) pairs the triggers mark
    one row at a time."""
    marked = set(session.scalars(select(document_stale.c.document_id)))
    if fresh := documents - marked:
        session.execute(insert(document_stale), [{"document_id": d} for d in sorted(fresh)])
    if session.execute(select(rollup_rebuild.c.id)).first() is None:
        session.execute(insert(rollup_rebuild), [{"id": 1}])

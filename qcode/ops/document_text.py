"""Giving a document a new text (a corrected transcript) without losing what codings covered.

The old text is kept once, in ``document_versions``, under the document's current version, and
the document's version goes up by one. Each coding made on the old text is then re-anchored
when what it covered is plainly in the new text: at the same offsets, where the alignment of
the two texts takes it, or else its only occurrence (:mod:`qcode.ops.text_alignment`). A
coding that cannot be re-anchored stays on the old version: its span still points into that
text, so it still shows what it covered (:mod:`qcode.covered`) and can be re-anchored by hand
later.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.errors import InputError
from qcode.importers.turns import Turn
from qcode.models import (
    Coding,
    Document,
    DocumentVersion,
    SpeakerTurn,
    coverage_stale,
    document_stale,
)
from qcode.models.base import utcnow
from qcode.ops.text_alignment import TextAlignment


@dataclass(frozen=True)
class Anchor:
    """Where a coding's span is: its id, the version of the text and the offsets."""

    coding_id: int
    version: int
    start: int
    end: int


def replace_document_text(session: Session, *, document_id: int, text: str,
                          turns: Sequence[Turn] = (), sha256: str | None = None) -> Changes:
    """Give a document ``text`` (with the speaker ``turns`` found in it), keeping the old text
    and re-anchoring the codings made on it where that is unambiguous.

    ``sha256`` is that of the file the text was read from (default: of the text's UTF-8): a
    new text needs a new one, as the derived tables' word masks are cached under it."""
    doc = session.get(Document, document_id)
    if doc is None:
        raise InputError(f"no document with id {document_id}")
    if not text.strip():
        raise InputError(f"a document needs some text: {doc.name!r} would be empty")
    old_text, old_version, old_turns = doc.text, doc.version, _turns_of(session, document_id)
    old_sha256, new_sha256 = doc.sha256, sha256 or hashlib.sha256(text.encode()).hexdigest()
    session.execute(insert(DocumentVersion).values(
        document_id=document_id, version=old_version, text=old_text, created_at=utcnow()))
    doc.text, doc.version, doc.sha256 = text, old_version + 1, new_sha256
    _set_turns(session, document_id, turns)
    before = _anchors(session, document_id, old_version)
    alignment = TextAlignment(old_text, text)
    after = [found for a in before if (found := _reanchored(a, alignment, doc.version))]
    _move(session, after)
    session.flush()
    _recount(session, document_id)
    moved = frozenset(a.coding_id for a in after)
    return Changes(
        description=f"Replace the text of {doc.name}",
        documents=frozenset({document_id}),
        codings=moved,
        inverse=partial(_restore_text, document_id=document_id, version=old_version,
                        turns=tuple(old_turns), anchors=tuple(
                            a for a in before if a.coding_id in moved), sha256=old_sha256,
                        redo_text=text, redo_turns=tuple(turns), redo_sha256=new_sha256),
    )


def _reanchored(anchor: Anchor, alignment: TextAlignment, version: int) -> Anchor | None:
    """Where the coding's covered text is in the new text (:mod:`qcode.ops.text_alignment`);
    None when it cannot be placed there."""
    placed = alignment.place(anchor.start, anchor.end)
    return None if placed is None else Anchor(anchor.coding_id, version, *placed)


def _anchors(session: Session, document_id: int, version: int) -> list[Anchor]:
    rows = session.execute(select(Coding.id, Coding.version, Coding.start, Coding.end)
                           .where(Coding.document_id == document_id, Coding.version == version)
                           .order_by(Coding.id))
    return [Anchor(*row) for row in rows]


def _move(session: Session, anchors: Sequence[Anchor]) -> None:
    """Set the codings' spans and versions (the span columns are set even when unchanged, so
    the kept-fresh tables recount their words in the new text)."""
    if not anchors:
        return
    table = Coding.__table__
    statement = (update(table).where(table.c.id == bindparam("coding_id"))
                 .values(version=bindparam("new_version"), start=bindparam("new_start"),
                         end=bindparam("new_end")))
    session.connection().execute(statement, [
        {"coding_id": a.coding_id, "new_version": a.version, "new_start": a.start,
         "new_end": a.end} for a in anchors])


def _recount(session: Session, document_id: int) -> None:
    """Mark every (code, document) pair and the document for recounting: the codings left on
    the old text no longer count (:mod:`qcode.derived.placed`), and the triggers see only the
    codings that moved."""
    codes = select(Coding.code_id).where(Coding.document_id == document_id).distinct()
    session.execute(delete(coverage_stale).where(coverage_stale.c.document_id == document_id))
    session.execute(insert(coverage_stale).from_select(
        ["code_id", "document_id"], codes.add_columns(Coding.document_id)))
    session.execute(delete(document_stale).where(document_stale.c.document_id == document_id))
    session.execute(insert(document_stale).values(document_id=document_id))


def _turns_of(session: Session, document_id: int) -> list[Turn]:
    rows = session.execute(select(SpeakerTurn.speaker, SpeakerTurn.start, SpeakerTurn.end,
                                  SpeakerTurn.timestamp)
                           .where(SpeakerTurn.document_id == document_id)
                           .order_by(SpeakerTurn.start))
    return [Turn(*row) for row in rows]


def _set_turns(session: Session, document_id: int, turns: Sequence[Turn]) -> None:
    session.execute(delete(SpeakerTurn).where(SpeakerTurn.document_id == document_id))
    if turns:
        session.execute(insert(SpeakerTurn), [
            dict(document_id=document_id, speaker=t.speaker, start=t.start, end=t.end,
                 timestamp=t.time) for t in turns])


def _restore_text(session: Session, *, document_id: int, version: int, turns: tuple[Turn, ...],
                  anchors: tuple[Anchor, ...], sha256: str, redo_text: str,
                  redo_turns: tuple[Turn, ...], redo_sha256: str) -> Changes:
    """The inverse of a replacement: the kept text back as the current one, the turns and the
    re-anchored codings' spans as they were."""
    doc = session.get(Document, document_id)
    kept = session.get(DocumentVersion, (document_id, version))
    if doc is None or kept is None:
        raise InputError(f"no earlier text of document {document_id} to go back to")
    doc.text, doc.version, doc.sha256 = kept.text, version, sha256
    session.delete(kept)
    _set_turns(session, document_id, turns)
    _move(session, anchors)
    session.flush()
    _recount(session, document_id)
    return Changes(
        description=f"Restore the text of {doc.name}",
        documents=frozenset({document_id}),
        codings=frozenset(a.coding_id for a in anchors),
        inverse=partial(replace_document_text, document_id=document_id, text=redo_text,
                        turns=redo_turns, sha256=redo_sha256),
    )

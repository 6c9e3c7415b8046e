"""Re-importing a corrected transcript over a document (``qcode reimport``, and the app's
Re-import corrected transcript…, one undo step), and the unplaced codings it leaves.

The op wraps :func:`qcode.ops.document_text.replace_document_text` and also says what happened
to each coding (moved, kept in place, unplaced), which the summary dialog shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.covered import covered_texts
from qcode.errors import InputError
from qcode.importers import ImportedDocument
from qcode.models import Coder, Coding, Document
from qcode.ops.document_text import replace_document_text
from qcode.queries import code_paths


@dataclass(frozen=True)
class UnplacedCoding:
    """A coding left on an earlier text of its document: what it was and what it covered."""

    id: int
    code: str
    coder: str
    text: str
    uuid: str = ""


@dataclass(frozen=True)
class ReimportSummary:
    """What a re-import did to one document's codings."""

    document: str
    file: str
    moved: int
    kept: int
    unplaced: tuple[UnplacedCoding, ...]
    unchanged: bool = False


def reimport_document(session: Session, *, document_id: int, imported: ImportedDocument,
                      reports: list[ReimportSummary]) -> Changes:
    """Give the document ``imported``'s text; its summary is appended to ``reports`` (the
    workspace hands back only the ``Changes``)."""
    doc = session.get(Document, document_id)
    if doc is None:
        raise InputError(f"{imported.original_filename}: its document is no longer in the project")
    name, file = doc.name, imported.original_filename
    if doc.text == imported.text:
        reports.append(ReimportSummary(name, file, 0, 0, (), unchanged=True))
        return Changes(description=f"Re-import {name}")
    before = _spans(session, document_id, doc.version)
    changes = replace_document_text(session, document_id=document_id, text=imported.text,
                                    turns=imported.turns, sha256=imported.sha256)
    after = _spans(session, document_id, doc.version)
    kept = sum(1 for cid, span in after.items() if before.get(cid) == span)
    lost = set(before) - set(after)
    unplaced = tuple(u for u in unplaced_codings(session, document_id) if u.id in lost)
    reports.append(ReimportSummary(name, file, len(after) - kept, kept, unplaced))
    return changes


def _spans(session: Session, document_id: int, version: int) -> dict[int, tuple[int, int]]:
    rows = session.execute(select(Coding.id, Coding.start, Coding.end).where(
        Coding.document_id == document_id, Coding.version == version))
    return {cid: (start, end) for cid, start, end in rows}


def unplaced_codings(session: Session, document_id: int) -> list[UnplacedCoding]:
    """The document's codings on an earlier text than its current one, in text order, each
    with the old text it covered."""
    current = select(Document.version).where(Document.id == document_id).scalar_subquery()
    rows = session.execute(
        select(Coding.id, Coding.code_id, Coder.name, Coding.version, Coding.start, Coding.end,
               Coding.uuid)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Coding.document_id == document_id, Coding.version != current)
        .order_by(Coding.version, Coding.start, Coding.end, Coding.id)).all()
    if not rows:
        return []
    paths = code_paths(session)
    texts = covered_texts(session, [(document_id, v, s, e) for _i, _c, _n, v, s, e, _u in rows])
    return [UnplacedCoding(cid, paths[code_id], coder, text, uuid)
            for (cid, code_id, coder, *_span, uuid), text in zip(rows, texts, strict=True)]


def count_unplaced(session: Session, document_id: int) -> int:
    current = select(Document.version).where(Document.id == document_id).scalar_subquery()
    return session.scalar(select(func.count()).select_from(Coding).where(
        Coding.document_id == document_id, Coding.version != current)) or 0

"""What a coding covers: the text of the document version it was made on, sliced at its span.

Codings keep no copy of their text (migration 0011). A coding's ``version`` is its document's
current ``version`` (the text in ``documents``) or an earlier one (kept in
``document_versions``). Offsets are code points, end exclusive; SQL ``substr`` counts code
points too (SQLite and PostgreSQL alike), from 1.

Two ways to read it: :func:`covered_sql`, an SQL expression for queries that read a few
codings; :func:`covered_texts`, for many codings, which reads each
(document, version) text once and slices it in Python (the SQL expression copies the whole
document text once per row: about 15 us a coding on 20,000-character documents).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from qcode.models import Coding, Document, DocumentVersion

#: (document id, version, start, end) of a coding
Span = tuple[int, int, int, int]


def covered_sql(coding: Any = Coding) -> ColumnElement[str]:
    """The covered text of ``coding`` (the model or an alias of it) in any query that reads it:
    a correlated subquery on its document, so the query needs no join."""
    earlier = (select(DocumentVersion.text)
               .where(DocumentVersion.document_id == coding.document_id,
                      DocumentVersion.version == coding.version)
               .correlate(coding)
               .scalar_subquery())
    text = case((coding.version == Document.version, Document.text), else_=earlier)
    return (select(func.substr(text, coding.start + 1, coding.end - coding.start))
            .where(Document.id == coding.document_id)
            .correlate(coding)
            .scalar_subquery())


def covered_texts(session: Session, spans: Sequence[Span]) -> list[str]:
    """The covered text of each span, in order; each (document, version) text read once and
    only one held at a time. A span of a document or version that is gone gives ""."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, (document_id, version, _start, _end) in enumerate(spans):
        groups.setdefault((document_id, version), []).append(i)
    out = [""] * len(spans)
    for (document_id, version), indexes in groups.items():
        text = version_text(session, document_id, version)
        for i in indexes:
            out[i] = text[spans[i][2]:spans[i][3]]
    return out


def version_text(session: Session, document_id: int, version: int) -> str:
    """A document's text as of ``version`` ("" when the document or version is gone)."""
    current = session.scalar(select(Document.version).where(Document.id == document_id))
    if current is None:
        return ""
    if current == version:
        return session.scalar(select(Document.text).where(Document.id == document_id)) or ""
    return session.scalar(select(DocumentVersion.text).where(
        DocumentVersion.document_id == document_id, DocumentVersion.version == version)) or ""

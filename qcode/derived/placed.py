"""Only codings placed on their document's current text are counted in the derived tables.

A coding that a corrected transcript could not re-anchor stays on the earlier text it was made
on (``codings.version`` < ``documents.version``, :mod:`qcode.ops.document_text`): its span
points into that text, so counting it against the current one would count the wrong
characters and words, or read past the end of a shorter text. Only a document whose text was
replaced (it has a row in ``document_versions``) can have such codings, so only the reads
that include one add the version check; the others keep reading the codings' covering
indexes alone.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from qcode.models import Coding, Document, DocumentVersion


def replaced_documents(session: Session) -> frozenset[int]:
    """The documents whose text was ever replaced (read from a small table's primary key)."""
    return frozenset(session.execute(select(DocumentVersion.document_id).distinct()).scalars())


def placed_only(stmt: Select, documents: Collection[int], replaced: frozenset[int]) -> Select:
    """``stmt`` (a read of the codings of ``documents``), keeping only codings on their
    document's current text when any of ``documents`` had its text replaced."""
    if replaced.isdisjoint(documents):
        return stmt
    current = (select(Document.version).where(Document.id == Coding.document_id)
               .correlate(Coding).scalar_subquery())
    return stmt.where(Coding.version == current)

"""Only codings placed on their document's current text are counted, listed or exported.

A coding that a corrected transcript could not re-anchor stays on the earlier text it was made
on (``codings.version`` < ``documents.version``, :mod:`qcode.ops.document_text`): its span
points into that text, so counting it against the current one would count the wrong
characters and words, or read past the end of a shorter text. Only a document whose text was
replaced (it has a row in ``document_versions``) can have such codings, so only the reads
that include one add the version check; the others keep reading the codings' covering
indexes alone.

Two forms of the check, for two kinds of read:

* :func:`placed_only`, for reads a batch of documents at a time (the derived tables, word
  counts): the version compared in the batches that hold a replaced document;
* :func:`placed_codings`, for reads over the whole project (the analyses, exports and counts
  with a coder filter, which the derived tables do not serve): a condition ``coding.id NOT IN
  (the unplaced codings)``, added only when the project has an unplaced coding at all. The ids
  are found once per statement through the replaced documents' codings, and the test per
  coding is on its id, which every index of the codings holds: the covering indexes still
  serve the read.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, Select, exists, select, true
from sqlalchemy.orm import Session, aliased

from qcode.derived.bulk import bound_rows
from qcode.derived.memo import remembered
from qcode.models import Coding, Document, DocumentVersion


def replaced_documents(session: Session) -> frozenset[int]:
    """The documents whose text was ever replaced (read from a small table's primary key;
    once per refresh of the derived tables, :mod:`qcode.derived.memo`)."""
    return remembered(session, "replaced documents", lambda: frozenset(
        document for document, in bound_rows(session, ("replaced documents",), lambda: select(
            DocumentVersion.document_id).distinct())))


def placed_only(stmt: Select, documents: Collection[int], replaced: frozenset[int]) -> Select:
    """``stmt`` (a read of the codings of ``documents``), keeping only codings on their
    document's current text when any of ``documents`` had its text replaced."""
    if replaced.isdisjoint(documents):
        return stmt
    current = (select(Document.version).where(Document.id == Coding.document_id)
               .correlate(Coding).scalar_subquery())
    return stmt.where(Coding.version == current)


def unplaced_coding_ids() -> Select:
    """The ids of the codings left on an earlier text (only the codings of documents whose
    text was replaced are looked at)."""
    left, document = aliased(Coding, name="unplaced"), aliased(Document, name="replaced")
    return (select(left.id).join(document, document.id == left.document_id)
            .where(left.document_id.in_(select(DocumentVersion.document_id)),
                   left.version != document.version)
            .correlate(None))  # never tied to the codings or documents of the outer read


def has_unplaced_codings(session: Session) -> bool:
    """True if some coding is left on an earlier text of its document."""
    return bool(session.scalar(select(exists(unplaced_coding_ids()))))


def placed_condition(coding: type[Coding] | object = Coding) -> ColumnElement[bool]:
    """True for a coding (``Coding`` or an alias of it) on its document's current text."""
    return coding.id.not_in(unplaced_coding_ids())  # type: ignore[attr-defined]


def placed_codings(session: Session, coding: type[Coding] | object = Coding
                   ) -> ColumnElement[bool]:
    """:func:`placed_condition`, or a plain TRUE when no coding of the project is unplaced
    (then no read pays for the check)."""
    return placed_condition(coding) if has_unplaced_codings(session) else true()

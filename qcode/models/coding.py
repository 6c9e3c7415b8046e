from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qcode.models.base import Base, new_uuid, utcnow
from qcode.models.code import Code
from qcode.models.coder import Coder
from qcode.models.document import Document
from qcode.models.types import CompactUuid, EpochSeconds


class Coding(Base):
    """A code applied by a coder to document text [start, end), in Unicode code points.

    ``version`` is the version of the document's text the span was made on: the document's
    current ``version``, or an earlier one kept in ``document_versions`` when the text changed
    since and the coding could not be re-anchored. The covered text is that version's text
    sliced at the span (:mod:`qcode.covered`), never a copy per coding: a project holds a
    million codings, and copies were half its file (migration 0011).

    The uuid and creation time are stored compactly (:mod:`qcode.models.types`); there is no
    index on ``coder_id`` (a coder is removed rarely; filters by coder read the covering
    document index).
    """

    __tablename__ = "codings"
    __table_args__ = (
        CheckConstraint("start >= 0 AND \"end\" > start", name="span"),
        # Covering indexes: per-document and per-code reads, the span unions of the analysis
        # (characters, words, coverage) and the pairs of co-occurrence come out in order
        # without touching the table.
        Index("ix_codings_document_span", "document_id", "start", "end", "code_id", "coder_id"),
        Index("ix_codings_code_span", "code_id", "document_id", "start", "end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("codes.id", ondelete="CASCADE"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id", ondelete="RESTRICT"))
    start: Mapped[int]
    end: Mapped[int]
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    memo: Mapped[str] = mapped_column(Text, default="")
    uuid: Mapped[str] = mapped_column(CompactUuid, unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(EpochSeconds, default=utcnow)

    document: Mapped[Document] = relationship()
    code: Mapped[Code] = relationship()
    coder: Mapped[Coder] = relationship()

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qcode.models.base import Base, HasCreated, HasUuid
from qcode.models.code import Code
from qcode.models.coder import Coder
from qcode.models.document import Document


class Coding(HasUuid, HasCreated, Base):
    """A code applied by a coder to document text [start, end), in Unicode code points.

    ``text`` keeps the covered text beside the span, so a coding can be checked and re-anchored
    when a corrected transcript is re-imported, and exported without the document.
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
    coder_id: Mapped[int] = mapped_column(ForeignKey("coders.id", ondelete="RESTRICT"), index=True)
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    memo: Mapped[str] = mapped_column(Text, default="")

    document: Mapped[Document] = relationship()
    code: Mapped[Code] = relationship()
    coder: Mapped[Coder] = relationship()

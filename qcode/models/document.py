from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qcode.models.base import Base, HasCreated, HasUuid, utcnow

DIRECTIONS = ("ltr", "rtl", "mixed")


class Document(HasUuid, HasCreated, Base):
    """An imported transcript. ``text`` is normalised once at import.

    ``version`` counts the texts the document has had: replacing the text
    (:func:`qcode.ops.document_text.replace_document_text`) keeps the old one once in
    ``document_versions`` and adds one, so codings made on the old text keep what they covered.
    """

    __tablename__ = "documents"
    __table_args__ = (CheckConstraint("direction IN ('ltr', 'rtl', 'mixed')", name="direction"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500), unique=True)
    text: Mapped[str] = mapped_column(Text)
    original_filename: Mapped[str] = mapped_column(String(1000), default="")
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    direction: Mapped[str] = mapped_column(String(5), default="ltr")
    position: Mapped[int] = mapped_column(default=0)
    memo: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    turns: Mapped[list[SpeakerTurn]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SpeakerTurn.start",
    )


class SpeakerTurn(Base):
    """A stretch of a document spoken by one speaker: [start, end) in code points.

    ``timestamp``: the time stamp of the turn's label, in seconds from the start of the
    recording (``[00:01:23]`` is 83.0); None when the label has none (migration 0010).
    """

    __tablename__ = "speaker_turns"
    __table_args__ = (
        CheckConstraint("start >= 0 AND \"end\" >= start", name="span"),
        # Covering: the turn (or speaker) containing a position is read from the index alone.
        Index("ix_speaker_turns_document_span", "document_id", "start", "end", "speaker"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    speaker: Mapped[str] = mapped_column(String(200))
    start: Mapped[int]
    end: Mapped[int]
    timestamp: Mapped[float | None] = mapped_column(Float, default=None)

    document: Mapped[Document] = relationship(back_populates="turns")


class DocumentVersion(Base):
    """An earlier text of a document, kept once when the text was replaced: the text codings
    made on it (``codings.version``) were anchored in, so they can show what they covered and
    be re-anchored in the new text."""

    __tablename__ = "document_versions"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

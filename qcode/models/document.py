from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qcode.models.base import Base, HasCreated, HasUuid, utcnow

DIRECTIONS = ("ltr", "rtl", "mixed")


class Document(HasUuid, HasCreated, Base):
    """An imported transcript. ``text`` is normalised once at import and never changes."""

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

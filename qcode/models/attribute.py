from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qcode.models.base import Base, HasUuid

ATTRIBUTE_TYPES = ("text", "number", "date", "choice")


class Attribute(HasUuid, Base):
    """A typed document attribute (REFI-QDA variable): role, city, years of experience...

    Values are stored as canonical text: numbers as Python's ``repr`` of int/float, dates as ISO
    ``YYYY-MM-DD``, choices as the choice itself.
    """

    __tablename__ = "attributes"
    __table_args__ = (
        CheckConstraint("type IN ('text', 'number', 'date', 'choice')", name="type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[str] = mapped_column(String(10), default="text")
    position: Mapped[int] = mapped_column(default=0)


class DocumentAttribute(Base):
    """One document's value for one attribute. A missing row means no value."""

    __tablename__ = "document_attributes"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    attribute_id: Mapped[int] = mapped_column(
        ForeignKey("attributes.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[str] = mapped_column(Text)

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qcode.models.base import Base, HasCreated, HasUuid


class Code(HasUuid, HasCreated, Base):
    """A node of the codebook tree. Names are unique among siblings (top level included)."""

    __tablename__ = "codes"
    __table_args__ = (
        CheckConstraint("length(colour) = 7 AND substr(colour, 1, 1) = '#'", name="colour"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("codes.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    colour: Mapped[str] = mapped_column(String(7), default="#9e9e9e")
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    memo: Mapped[str] = mapped_column(Text, default="")
    #: counts changes of the fields above (and the parent and position): an edit names the
    #: version its user saw and is refused when another edit came first (migration 0012)
    row_version: Mapped[int] = mapped_column(server_default="1")
    #: who made the last of those changes: the login role on a server, '' in a project file
    changed_by: Mapped[str] = mapped_column(Text, server_default="")

    parent: Mapped[Code | None] = relationship(remote_side="Code.id", back_populates="children")
    children: Mapped[list[Code]] = relationship(
        back_populates="parent", order_by="Code.position", passive_deletes=True
    )


# NULL parents are distinct in a plain unique constraint; coalesce makes top-level names unique
# too (an expression index that SQLite and PostgreSQL both support).
Index("uq_codes_parent_name", func.coalesce(Code.parent_id, 0), Code.name, unique=True)

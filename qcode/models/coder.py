from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from qcode.models.base import Base, HasCreated, HasUuid


class Coder(HasUuid, HasCreated, Base):
    """A person who codes. Every coding names its coder (inter-coder agreement, merging)."""

    __tablename__ = "coders"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

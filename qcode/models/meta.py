from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qcode.models.base import Base


class ProjectInfo(Base):
    """Project-level facts as key/value rows: ``uuid``, ``name``, ``memo``, ``created_at``."""

    __tablename__ = "project_info"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")

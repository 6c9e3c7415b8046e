"""The coders of a project as the coder filter lists them (plain data)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.models import Coder


def coder_names(session: Session) -> dict[int, str]:
    """Coder id -> name of every coder, in name order (ties by id)."""
    rows = session.execute(select(Coder.id, Coder.name).order_by(Coder.name, Coder.id)).all()
    return {coder_id: name for coder_id, name in rows}

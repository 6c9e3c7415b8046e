"""The coders of a project as the coder filter lists them (plain data)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.derived.tree import code_tree
from qcode.models import Coder, Coding


def coder_names(session: Session) -> dict[int, str]:
    """Coder id -> name of every coder, in name order (ties by id)."""
    rows = session.execute(select(Coder.id, Coder.name).order_by(Coder.name, Coder.id)).all()
    return {coder_id: name for coder_id, name in rows}


def hidden_codings(session: Session, code_ids: Collection[int], coder_ids: Collection[int]
                   ) -> int:
    """How many codings of ``code_ids`` and every code below them are by coders other than
    ``coder_ids`` (what a change to those codes would touch unseen under a coder filter)."""
    tree = code_tree()
    below = select(tree.c.code_id).where(tree.c.ancestor_id.in_(sorted(code_ids)))
    return session.scalar(select(func.count()).select_from(Coding).where(
        Coding.code_id.in_(below), Coding.coder_id.not_in(sorted(coder_ids)))) or 0

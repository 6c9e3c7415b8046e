"""The code hierarchy as SQL: each code with every one of its ancestors."""

from __future__ import annotations

from sqlalchemy import CTE, select
from sqlalchemy.orm import aliased

from qcode.models import Code


def code_tree() -> CTE:
    """``(ancestor_id, code_id)`` for every code and each of its ancestors, itself included.

    A recursive common table expression, the same in SQLite and PostgreSQL.
    """
    base = select(Code.id.label("ancestor_id"), Code.id.label("code_id")).cte(
        "code_tree", recursive=True)
    child = aliased(Code)
    step = select(base.c.ancestor_id, child.id).where(child.parent_id == base.c.code_id)
    return base.union_all(step)


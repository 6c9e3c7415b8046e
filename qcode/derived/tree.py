"""The code hierarchy: as SQL (each code with every one of its ancestors), or read whole."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import CTE, select
from sqlalchemy.orm import Session, aliased

from qcode.derived.bulk import bound_rows
from qcode.models import Code
from qcode.queries import without_loops


def code_tree() -> CTE:
    """``(ancestor_id, code_id)`` for every code and each of its ancestors, itself included.

    A recursive common table expression, the same in SQLite and PostgreSQL. UNION, not
    UNION ALL: a loop in the codebook (left by SQL from outside the app) then ends the
    recursion instead of running forever, since each pair is taken once.
    """
    base = select(Code.id.label("ancestor_id"), Code.id.label("code_id")).cte(
        "code_tree", recursive=True)
    child = aliased(Code)
    step = select(base.c.ancestor_id, child.id).where(child.parent_id == base.c.code_id)
    return base.union(step)


@dataclass(frozen=True)
class Codebook:
    """The code tree read whole (a codebook is small): parents, children and ancestor chains.
    A loop left by SQL from outside the app is cut (:func:`qcode.queries.without_loops`)."""

    parents: dict[int, int | None]
    children: dict[int, list[int]]

    @classmethod
    def read(cls, session: Session) -> Codebook:
        parents = without_loops(dict(bound_rows(  # type: ignore[arg-type]
            session, ("code tree",), lambda: select(Code.id, Code.parent_id))))
        children: dict[int, list[int]] = {code: [] for code in parents}
        for code, parent in parents.items():
            if parent in children:
                children[parent].append(code)
        return cls(parents, children)

    def chain(self, code: int) -> list[int]:
        """The code and its ancestors, nearest first (empty for a code that is gone)."""
        out: list[int] = []
        node: int | None = code
        while node is not None and node in self.parents and node not in out:
            out.append(node)
            node = self.parents[node]
        return out

    def subtree(self, code: int) -> list[int]:
        """The code and all its descendants."""
        out, todo, seen = [], [code], set()
        while todo:
            node = todo.pop()
            if node in seen:  # a loop in the codebook
                continue
            seen.add(node)
            out.append(node)
            todo.extend(self.children.get(node, ()))
        return out

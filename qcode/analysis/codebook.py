"""Code rows in codebook order, and the code tree as an ancestor/descendant relation in SQL."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.results import CodeLabel
from qcode.models import Code
from qcode.queries import PATH_SEP, find_code


def codebook_order(session: Session) -> list[CodeLabel]:
    """Every code, depth first: a parent, then its children by position (then id)."""
    rows = session.execute(select(Code.id, Code.parent_id, Code.name, Code.description)
                           .order_by(Code.position, Code.id)).all()
    children: dict[int | None, list] = {}
    for r in rows:
        children.setdefault(r.parent_id, []).append(r)
    out: list[CodeLabel] = []
    stack = [(r, r.name, 0) for r in reversed(children.get(None, []))]
    while stack:
        row, path, depth = stack.pop()
        out.append(CodeLabel(row.id, path, row.name, depth, row.description))
        stack.extend((c, f"{path}{PATH_SEP}{c.name}", depth + 1)
                     for c in reversed(children.get(row.id, [])))
    return out


def subtree_labels(session: Session, labels: list[CodeLabel], paths: tuple[str, ...]
                   ) -> list[CodeLabel]:
    """The codes named by ``paths`` and every code below them, in codebook order.

    ``labels`` is in codebook order (depth first), so a subtree is the run of labels after its
    root that are deeper than the root.
    """
    if not paths:
        return labels
    roots = {find_code(session, path).id for path in paths}
    keep: list[CodeLabel] = []
    root_depth: int | None = None
    for label in labels:
        if root_depth is not None and label.depth <= root_depth:
            root_depth = None
        if root_depth is None and label.code_id in roots:
            root_depth = label.depth
        if root_depth is not None:
            keep.append(label)
    return keep

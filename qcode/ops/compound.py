"""Ops the UI runs as one undo step: several plain ops in one transaction.

Qt-free, like every op: each returns a :class:`~qcode.changes.Changes` whose inverse (built by
:func:`qcode.changes.combine`) undoes all its parts, the last first.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from qcode.changes import Changes, combine
from qcode.ops.codebook import ensure_code_path, move_code
from qcode.ops.codebook_patch import sibling_ids
from qcode.ops.codings import add_coding


def create_and_apply(session: Session, *, path: str, coder_id: int,
                     document_id: int | None = None, start: int = 0, end: int = 0,
                     description: str = "") -> Changes:
    """Make sure the code at ``path`` exists (creating it and missing parents), then apply it to
    [start, end) of ``document_id`` when a document is given."""
    code_id, made = ensure_code_path(session, path)
    parts = [made]
    if document_id is not None:
        parts.append(add_coding(session, document_id=document_id, code_id=code_id,
                                coder_id=coder_id, start=start, end=end))
    leaf = path.rsplit("/", 1)[-1].strip()
    return combine(description or f"Add code {leaf} and apply it", parts)


def move_codes(session: Session, *, code_ids: Sequence[int], parent_id: int | None,
               before_id: int | None = None) -> Changes:
    """Move codes, in order, under ``parent_id`` just before sibling ``before_id`` (None: last)."""
    parts = []
    for code_id in code_ids:
        group = [c for c in sibling_ids(session, parent_id) if c != code_id]
        position = group.index(before_id) if before_id in group else None
        parts.append(move_code(session, code_id=code_id, parent_id=parent_id, position=position))
    description = parts[0].description if len(parts) == 1 else f"Move {len(parts)} codes"
    return combine(description, parts)

"""Codebook operations: create, rename, recolour, describe, move, merge and delete codes.

Every op returns a :class:`~qcode.changes.Changes` whose inverse restores the codebook exactly
(same ids, uuids, positions and codings). Sibling positions are kept dense (0..n-1) in every group
an op touches. Names are unique among siblings, non-empty and free of "/" (the path separator).

Deleting a code deletes its codings. Its sub-codes are deleted with it when ``with_children`` is
true; otherwise they move up to the deleted code's parent, in its place, which is refused when a
sub-code's name is taken there (rename it first, or delete with the sub-codes).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.errors import InputError
from qcode.models import Code
from qcode.names import name_key
from qcode.ops.codebook_create import (
    PALETTE,
    check_free,
    check_parent,
    create_code,
    create_code_path,
    ensure_code_path,
)
from qcode.ops.codebook_fields import (
    describe_code,
    get_code,
    recolour_code,
    rename_code,
    set_code_memo,
)
from qcode.ops.codebook_merge import merge_codes
from qcode.ops.codebook_patch import (
    CodePatch,
    apply_code_patch,
    changed,
    code_rows,
    placed,
    sibling_ids,
)
from qcode.queries import descendant_ids

__all__ = [
    "PALETTE",
    "create_code",
    "create_code_path",
    "delete_code",
    "describe_code",
    "ensure_code_path",
    "merge_codes",
    "move_code",
    "recolour_code",
    "rename_code",
    "set_code_memo",
]


def move_code(session: Session, *, code_id: int, parent_id: int | None,
              position: int | None = None) -> Changes:
    """Put a code under ``parent_id`` (None: top level) at ``position`` (None: last).

    Refused when the new parent is the code itself or one of its sub-codes, or when a sibling
    there already has the code's name.
    """
    code = get_code(session, code_id)
    check_parent(session, parent_id)
    if parent_id == code_id or parent_id in descendant_ids(session, code_id):
        raise InputError(f"cannot move {code.name!r} under itself or one of its own sub-codes")
    check_free(session, parent_id, code.name, moving=code_id)
    old_parent = code.parent_id
    old_group = [c for c in sibling_ids(session, old_parent) if c != code_id]
    new_group = old_group if parent_id == old_parent else sibling_ids(session, parent_id)
    new_group = [c for c in new_group if c != code_id]
    at = len(new_group) if position is None else max(0, min(position, len(new_group)))
    new_group.insert(at, code_id)
    groups = {old_parent: old_group, parent_id: new_group}
    before = code_rows(session, [cid for ids in groups.values() for cid in ids])
    return apply_code_patch(session, patch=CodePatch(
        description=f"Move code {code.name}",
        update_codes=changed(before, placed(before, groups))))


def delete_code(session: Session, *, code_id: int, with_children: bool = False) -> Changes:
    """Delete a code and its codings; its sub-codes too, or (default) move them up a level."""
    code = get_code(session, code_id)
    children = sibling_ids(session, code_id)
    group = sibling_ids(session, code.parent_id)
    messages: tuple[str, ...] = ()
    if children and not with_children:
        _check_children_fit(session, code, children)
        at = group.index(code_id)
        group[at:at + 1] = children
        where = "the top level" if code.parent_id is None else repr(get_code(
            session, code.parent_id).name)
        messages = (f"{len(children)} sub-code{'s' * (len(children) != 1)} of {code.name!r} "
                    f"moved up to {where}",)
    else:
        group.remove(code_id)
    before = code_rows(session, group)
    return apply_code_patch(session, patch=CodePatch(
        description=f"Delete code {code.name}", delete_codes=(code_id,),
        update_codes=changed(before, placed(before, {code.parent_id: group})),
        messages=messages))


def _check_children_fit(session: Session, code: Code, children: list[int]) -> None:
    taken = {name_key(r.name) for cid, r in code_rows(session, sibling_ids(
        session, code.parent_id)).items() if cid != code.id}
    clashes = sorted(r.name for r in code_rows(session, children).values()
                     if name_key(r.name) in taken)
    if clashes:
        names = ", ".join(repr(n) for n in clashes)
        raise InputError(f"cannot move the sub-codes of {code.name!r} up a level: {names} "
                         "already exist there; rename them first, or delete them with the code")

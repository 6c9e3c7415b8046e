"""Merging one code into another: the usual clean-up when two codes turn out to mean one thing.

The source's codings move to the target, except exact duplicates (same document, coder, start
and end as a coding already there), which are dropped. The source's sub-codes move under the
target; a sub-code whose name the target already uses is merged into that one the same way. The
source's memo is appended to the target's. Then the source is deleted. Undo restores it all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.errors import InputError
from qcode.models import Code, Coding
from qcode.ops.codebook_patch import (
    CodePatch,
    apply_code_patch,
    changed,
    code_rows,
    placed,
    sibling_ids,
)
from qcode.queries import descendant_ids


@dataclass
class _Plan:
    repoint: list[tuple[int, int]] = field(default_factory=list)
    drop: list[int] = field(default_factory=list)
    groups: dict[int | None, list[int]] = field(default_factory=dict)
    #: target id -> memos of the codes merged into it
    memos: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    merged_children: list[str] = field(default_factory=list)


def merge_codes(session: Session, *, source_id: int, target_id: int) -> Changes:
    """Merge code ``source_id`` into ``target_id`` (see the module docstring)."""
    source, target = _get(session, source_id), _get(session, target_id)
    if source_id == target_id:
        raise InputError(f"cannot merge {source.name!r} into itself")
    if target_id in descendant_ids(session, source_id):
        raise InputError(f"cannot merge {source.name!r} into its own sub-code {target.name!r}")
    plan = _Plan()
    plan.groups[source.parent_id] = [c for c in sibling_ids(session, source.parent_id)
                                     if c != source_id]
    _plan_merge(session, source_id, target_id, plan)
    touched = {cid for ids in plan.groups.values() for cid in ids} | set(plan.memos)
    before = code_rows(session, touched)
    after = placed(before, plan.groups)
    for tid, memos in plan.memos.items():
        after[tid] = replace(after[tid], memo=_joined_memo(after[tid].memo, memos))
    return apply_code_patch(session, patch=CodePatch(
        description=f"Merge code {source.name} into {target.name}",
        update_codes=changed(before, after),
        delete_codes=(source_id,),
        repoint_codings=tuple(plan.repoint),
        delete_codings=tuple(plan.drop),
        messages=_messages(plan, target.name),
    ))


def _get(session: Session, code_id: int) -> Code:
    code = session.get(Code, code_id)
    if code is None:
        raise InputError(f"no code with id {code_id}")
    return code


def _plan_merge(session: Session, source_id: int, target_id: int, plan: _Plan) -> None:
    keys = {tuple(r) for r in session.execute(
        select(Coding.document_id, Coding.coder_id, Coding.start, Coding.end)
        .where(Coding.code_id == target_id))}
    for coding_id, *key in session.execute(
            select(Coding.id, Coding.document_id, Coding.coder_id, Coding.start, Coding.end)
            .where(Coding.code_id == source_id).order_by(Coding.id)):
        if tuple(key) in keys:
            plan.drop.append(coding_id)
        else:
            plan.repoint.append((coding_id, target_id))
            keys.add(tuple(key))
    group = plan.groups.setdefault(target_id, sibling_ids(session, target_id))
    existing = code_rows(session, [c for c in group if c != source_id])
    by_name = {row.name: cid for cid, row in existing.items()}
    source_row = code_rows(session, [source_id])[source_id]
    if source_row.memo.strip():
        plan.memos.setdefault(target_id, []).append((source_row.name, source_row.memo))
    children = sibling_ids(session, source_id)
    rows = code_rows(session, children)
    for child_id in children:
        child = rows[child_id]
        if child.name in by_name:
            plan.merged_children.append(child.name)
            _plan_merge(session, child_id, by_name[child.name], plan)
        else:
            group.append(child_id)


def _joined_memo(memo: str, merged: list[tuple[str, str]]) -> str:
    parts = [memo.rstrip()] if memo.strip() else []
    parts.extend(f"[merged from {name}]\n{text.strip()}" for name, text in merged)
    return "\n\n".join(parts)


def _messages(plan: _Plan, target: str) -> tuple[str, ...]:
    out = []
    if plan.drop:
        n = len(plan.drop)
        out.append(f"{n} duplicate coding{'s' * (n != 1)} dropped (already coded with the "
                   "code merged into)")
    out.extend(f"sub-code {name!r} merged into the sub-code of the same name under {target!r}"
               for name in plan.merged_children)
    return tuple(out)

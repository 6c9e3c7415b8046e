"""Creating codes: names and colours checked, new codes placed among their siblings."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.changes import Changes, combine
from qcode.errors import InputError, NotFound
from qcode.models import Code
from qcode.models.base import new_uuid
from qcode.names import check_colour, check_name, same_name
from qcode.ops.codebook_patch import (
    CodePatch,
    CodeRow,
    apply_code_patch_ids,
    changed,
    code_rows,
    sibling_ids,
)
from qcode.queries import PATH_SEP, child_code, find_code, split_path

#: Default colours of new codes, in turn: distinct hues of similar, readable lightness.
PALETTE = (
    "#3b7dd8", "#e0803a", "#4caf7a", "#d9534f", "#8e6bbf", "#c9a227",
    "#2fa4a9", "#d46fa6", "#7d8c3a", "#a0643c", "#5c6bc0", "#e57373",
)


def check_free(session: Session, parent_id: int | None, name: str,
               moving: int | None = None) -> None:
    """Refuse ``name`` when a sibling under ``parent_id`` (other than ``moving``) has it, in any
    case: ``Trust`` beside ``TRUST`` would be two codes no one can tell apart by name."""
    match = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    for other_id, other in session.execute(select(Code.id, Code.name).where(match)):
        if other_id != moving and same_name(other, name):
            where = "at the top of the codebook" if parent_id is None else "under the same parent"
            case = "" if other == name else " (names may not differ only in case)"
            raise InputError(f"there is already a code named {other!r} {where}{case}")


def check_parent(session: Session, parent_id: int | None) -> None:
    if parent_id is not None and session.get(Code, parent_id) is None:
        raise InputError(f"no code with id {parent_id}")


def next_colour(session: Session) -> str:
    count = session.scalar(select(func.count(Code.id))) or 0
    return PALETTE[count % len(PALETTE)]


def create_code(session: Session, *, name: str, parent_id: int | None = None,
                colour: str | None = None, description: str = "",
                position: int | None = None) -> Changes:
    """A new code under ``parent_id`` (None: top level) at ``position`` (None: last)."""
    return _create(session, name=name, parent_id=parent_id, colour=colour,
                   description=description, position=position)[0]


def _create(session: Session, *, name: str, parent_id: int | None, colour: str | None,
            description: str = "", position: int | None = None) -> tuple[Changes, int]:
    name = check_name(name)
    check_parent(session, parent_id)
    check_free(session, parent_id, name)
    colour = check_colour(colour) if colour else next_colour(session)
    siblings = sibling_ids(session, parent_id)
    at = len(siblings) if position is None else max(0, min(position, len(siblings)))
    before = code_rows(session, siblings)
    after = {cid: replace(before[cid], position=i if i < at else i + 1)
             for i, cid in enumerate(siblings)}
    row = CodeRow.new(uuid=new_uuid(), parent_id=parent_id, name=name, colour=colour,
                      description=description, position=at)
    changes, ids = apply_code_patch_ids(session, CodePatch(
        description=f"Add code {name}", insert_codes=(row,),
        update_codes=changed(before, after)))
    return changes, ids[0]


def checked_path(path: str) -> list[str]:
    """The names of a code path a code could be made at; InputError for one that cannot be
    (an empty part, a name qcode cannot hold), as making it would refuse it: a dry run says
    what the real run would."""
    try:
        names = split_path(path)
    except NotFound:
        raise InputError(f"not a code path: {path!r}") from None
    return [check_name(name) for name in names]


def ensure_code_path(session: Session, path: str, colour: str | None = None
                     ) -> tuple[int, Changes]:
    """The id of the code at ``path`` ("Parent/Child"), creating the missing codes on the way.

    ``colour`` is given to the last code if it is created; parents get the palette's colours.
    """
    names = checked_path(path)
    parts: list[Changes] = []
    parent_id: int | None = None
    for depth, name in enumerate(names):
        existing = child_code(session, parent_id, name)
        if existing is not None:
            parent_id = existing.id
            continue
        last = depth == len(names) - 1
        created, parent_id = _create(session, name=name, parent_id=parent_id,
                                     colour=colour if last else None)
        parts.append(created)
    assert parent_id is not None
    return parent_id, combine(f"Add code {path}", parts)


def create_code_path(session: Session, *, path: str, colour: str | None = None,
                     description: str = "") -> Changes:
    """A new code at ``path`` with its missing parents; refused if the code already exists."""
    try:
        *parents, leaf = split_path(path)
    except NotFound:
        raise InputError(f"not a code path: {path!r}") from None
    try:
        find_code(session, path)
    except NotFound:
        pass
    else:
        raise InputError(f"code {path!r} already exists")
    parts: list[Changes] = []
    parent_id = None
    if parents:
        parent_id, made = ensure_code_path(session, PATH_SEP.join(parents))
        parts.append(made)
    parts.append(_create(session, name=leaf, parent_id=parent_id, colour=colour,
                         description=description)[0])
    return combine(f"Add code {path}", parts)

"""Editing one code's own fields: name, colour, description, memo (each undone by itself)."""

from __future__ import annotations

from functools import partial

from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.errors import InputError
from qcode.models import Code
from qcode.ops.codebook_create import check_colour, check_free, check_name


def get_code(session: Session, code_id: int) -> Code:
    code = session.get(Code, code_id)
    if code is None:
        raise InputError(f"no code with id {code_id}")
    return code


def rename_code(session: Session, *, code_id: int, name: str) -> Changes:
    code = get_code(session, code_id)
    name = check_name(name)
    check_free(session, code.parent_id, name, moving=code_id)
    old = code.name
    code.name = name
    session.flush()
    return Changes(description=f"Rename code {old} to {name}", codes=frozenset({code_id}),
                   inverse=partial(rename_code, code_id=code_id, name=old))


def recolour_code(session: Session, *, code_id: int, colour: str) -> Changes:
    code = get_code(session, code_id)
    old, code.colour = code.colour, check_colour(colour)
    session.flush()
    return Changes(description=f"Change colour of {code.name}", codes=frozenset({code_id}),
                   inverse=partial(recolour_code, code_id=code_id, colour=old))


def describe_code(session: Session, *, code_id: int, description: str) -> Changes:
    code = get_code(session, code_id)
    old, code.description = code.description, description
    session.flush()
    return Changes(description=f"Edit description of {code.name}", codes=frozenset({code_id}),
                   inverse=partial(describe_code, code_id=code_id, description=old))


def set_code_memo(session: Session, *, code_id: int, memo: str) -> Changes:
    code = get_code(session, code_id)
    old, code.memo = code.memo, memo
    session.flush()
    return Changes(description=f"Edit memo of {code.name}", codes=frozenset({code_id}),
                   inverse=partial(set_code_memo, code_id=code_id, memo=old))

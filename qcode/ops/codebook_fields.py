"""Editing one code's own fields: name, colour, description, memo (each undone by itself)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.errors import InputError
from qcode.models import Code
from qcode.names import check_colour, check_name
from qcode.ops.codebook_create import check_free


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


def _set_field(session: Session, code_id: int, field: str, value: str, what: str,
               undo: Callable[..., Changes]) -> Changes:
    """Set one plain field of a code; the inverse sets the old value back through ``undo``."""
    code = get_code(session, code_id)
    old = getattr(code, field)
    setattr(code, field, value)
    session.flush()
    return Changes(description=f"{what} {code.name}", codes=frozenset({code_id}),
                   inverse=partial(undo, code_id=code_id, **{field: old}))


def recolour_code(session: Session, *, code_id: int, colour: str) -> Changes:
    return _set_field(session, code_id, "colour", check_colour(colour), "Change colour of",
                      recolour_code)


def describe_code(session: Session, *, code_id: int, description: str) -> Changes:
    return _set_field(session, code_id, "description", description, "Edit description of",
                      describe_code)


def set_code_memo(session: Session, *, code_id: int, memo: str) -> Changes:
    return _set_field(session, code_id, "memo", memo, "Edit memo of", set_code_memo)

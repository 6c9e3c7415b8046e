"""Editing one code's own fields: name, colour, description, memo (each undone by itself).

Each edit takes an optional ``expected_version``: the code's row version the user saw (and
``seen_name``, the name they saw, for the message). When the code has changed since, the edit
is refused with :class:`~qcode.errors.ChangedMeanwhile` naming who changed it, never written
over. Undo goes through :func:`restore_code_field`, checked by content (see
:mod:`qcode.ops.code_versions`).
"""

from __future__ import annotations

from functools import partial

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.errors import ChangedMeanwhile, InputError
from qcode.models import Code
from qcode.names import check_colour, check_name
from qcode.ops.code_versions import (
    NOTHING_UNDONE,
    bumped,
    changed_line,
    check_seen,
    code_state,
    deleted_line,
)
from qcode.ops.codebook_create import check_free

#: field -> the start of an edit's description
_WHAT = {"name": "Rename code", "colour": "Change colour of", "description":
         "Edit description of", "memo": "Edit memo of"}


def get_code(session: Session, code_id: int) -> Code:
    code = session.get(Code, code_id)
    if code is None:
        raise InputError(f"no code with id {code_id}")
    return code


def rename_code(session: Session, *, code_id: int, name: str,
                expected_version: int | None = None, seen_name: str | None = None) -> Changes:
    check_seen(session, code_id, expected_version, seen_name)
    code = get_code(session, code_id)
    name = check_name(name)
    check_free(session, code.parent_id, name, moving=code_id)
    return _write(session, code, "name", name)


def recolour_code(session: Session, *, code_id: int, colour: str,
                  expected_version: int | None = None, seen_name: str | None = None) -> Changes:
    check_seen(session, code_id, expected_version, seen_name)
    return _write(session, get_code(session, code_id), "colour", check_colour(colour))


def describe_code(session: Session, *, code_id: int, description: str,
                  expected_version: int | None = None, seen_name: str | None = None) -> Changes:
    check_seen(session, code_id, expected_version, seen_name)
    return _write(session, get_code(session, code_id), "description", description)


def set_code_memo(session: Session, *, code_id: int, memo: str,
                  expected_version: int | None = None, seen_name: str | None = None) -> Changes:
    check_seen(session, code_id, expected_version, seen_name)
    return _write(session, get_code(session, code_id), "memo", memo)


def restore_code_field(session: Session, *, code_id: int, field: str, value: str,
                       left_value: str, left_version: int, seen_name: str) -> Changes:
    """Undo (or redo) an edit of one field: write ``value`` back, unless another edit changed
    the field since the edit left it at ``left_value`` (then nothing is written) or the code
    is gone. Edits in between that were undone, or that changed other fields, do not stop it."""
    state = code_state(session, code_id)
    if state is None:
        raise ChangedMeanwhile(deleted_line(session, seen_name, NOTHING_UNDONE))
    current = session.scalar(select(getattr(Code, field)).where(Code.id == code_id))
    if state.row_version != left_version and current != left_value:
        raise ChangedMeanwhile(changed_line(session, seen_name, state, NOTHING_UNDONE))
    code = get_code(session, code_id)
    if field == "name":
        check_free(session, code.parent_id, value, moving=code_id)
    return _write(session, code, field, value)


def _write(session: Session, code: Code, field: str, value: str) -> Changes:
    """Set one field of ``code`` with the next row version; the inverse puts the old value back
    while the field still holds ``value``."""
    old, old_name = getattr(code, field), code.name
    session.flush()
    changes = {field: value, **(bumped() if value != old else {})}
    session.execute(update(Code).where(Code.id == code.id).values(changes)
                    .execution_options(synchronize_session=False))
    session.expire(code)
    state = code_state(session, code.id)
    assert state is not None  # just written
    description = (f"Rename code {old_name} to {value}" if field == "name"
                   else f"{_WHAT[field]} {old_name}")
    return Changes(description=description, codes=frozenset({code.id}),
                   inverse=partial(restore_code_field, code_id=code.id, field=field, value=old,
                                   left_value=value, left_version=state.row_version,
                                   seen_name=state.name))

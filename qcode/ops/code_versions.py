"""Row versions of codes: an edit made on what a user saw never silently overwrites another's.

Every change of a code's own fields (name, colour, description, memo, parent, position) raises
``codes.row_version`` by one and records in ``codes.changed_by`` who made it. On PostgreSQL a
trigger does both (the login role; migration 0012); in a project file the ops do it through
:func:`bumped`. An edit from a dialog names the version the dialog showed
(``expected_version``) and is refused with :class:`~qcode.errors.ChangedMeanwhile` when the
row has moved on since.

Undo is checked by content, not by version: an inverse carries what its op left in the field it
will write back (and the version it produced). It goes ahead while the field still holds that
value, however many versions later (an analyst's own later edits that were undone in between
leave the value as it was, with a higher version), and is refused once someone changed that
field meanwhile. Another analyst's change of a different field (a colour, when undoing a
rename) is left as it is and does not stop the undo.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.errors import ChangedMeanwhile
from qcode.models import Code

#: how a refused edit ends: the user looks at the code again before deciding anything
RETRY = "nothing was saved — look again and retry"
#: how a refused undo ends
NOTHING_UNDONE = "nothing was undone"


@dataclass(frozen=True)
class CodeState:
    """A code's name and version as stored now, and who changed it last ('' if unknown)."""

    id: int
    name: str
    row_version: int
    changed_by: str


def code_state(session: Session, code_id: int) -> CodeState | None:
    """The stored state of ``code_id`` (read from the database, never a stale ORM object)."""
    row = session.execute(select(Code.id, Code.name, Code.row_version, Code.changed_by)
                          .where(Code.id == code_id)).one_or_none()
    return None if row is None else CodeState(*row)


def bumped() -> dict[str, object]:
    """The values an UPDATE of a code's own fields adds: the next version, by nobody known.
    (On PostgreSQL the trigger of migration 0012 sets both itself: the login role.)"""
    return {"row_version": Code.row_version + 1, "changed_by": ""}


def someone(session: Session) -> str:
    """Who else can have changed a project: another analyst on a server; in a project file,
    only another window or step of the same user."""
    return " by another analyst" if session.get_bind().dialect.name != "sqlite" else ""


def by(session: Session, state: CodeState) -> str:
    """" by omar" (who changed ``state`` last), or who else it can have been."""
    return f" by {state.changed_by}" if state.changed_by else someone(session)


def changed_line(session: Session, seen_name: str, state: CodeState, end: str) -> str:
    """code 'Trust' was changed by omar meanwhile (now named 'Trust in state'); ``end``"""
    now = f" (now named {state.name!r})" if state.name != seen_name else ""
    return f"code {seen_name!r} was changed{by(session, state)} meanwhile{now}; {end}"


def deleted_line(session: Session, seen_name: str, end: str) -> str:
    return f"code {seen_name!r} was deleted{someone(session)} meanwhile; {end}"


def check_seen(session: Session, code_id: int, expected_version: int | None,
               seen_name: str | None = None) -> CodeState | None:
    """Refuse an edit of ``code_id`` made on version ``expected_version`` once the code has
    another version or is gone (None: not checked); the code's state, or None if it is gone
    and no version was named (the caller says so in its own words)."""
    state = code_state(session, code_id)
    if expected_version is None:
        return state
    seen = seen_name or (state.name if state is not None else f"#{code_id}")
    if state is None:
        raise ChangedMeanwhile(deleted_line(session, seen, RETRY))
    if state.row_version != expected_version:
        raise ChangedMeanwhile(changed_line(session, seen, state, RETRY))
    return state

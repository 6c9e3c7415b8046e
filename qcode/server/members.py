"""Who may do what on a server project: the ``server_members`` table.

``server init`` creates it; ``server grant`` fills it (and grants the role the matching table
privileges, :mod:`qcode.server.rights`). It is a table rather than PostgreSQL group roles so
that the database's owner manages membership without superuser or CREATEROLE. The owner is a
lead without a row.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

Rights = Literal["reader", "coder", "lead"]
RIGHTS: tuple[Rights, ...] = ("reader", "coder", "lead")

TABLE = "server_members"

CREATE_TABLE = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    role name PRIMARY KEY,
    rights text NOT NULL CHECK (rights IN ('reader', 'coder', 'lead')),
    granted_by name NOT NULL DEFAULT current_user,
    granted_at timestamptz NOT NULL DEFAULT now()
)
"""


def login_role(bind: Connection | Session) -> str:
    """The PostgreSQL role this connection logged in as (the coder of its codings)."""
    return bind.execute(text("SELECT session_user")).scalar_one()


def is_owner(bind: Connection | Session) -> bool:
    """True when the login role owns the database (it runs ``init`` and ``grant``)."""
    return bool(bind.execute(text(
        "SELECT pg_has_role(session_user, d.datdba, 'USAGE') FROM pg_database d "
        "WHERE d.datname = current_database()")).scalar())


def rights_of_login(bind: Connection | Session) -> Rights | None:
    """``lead`` for the owner, the member's rights, or None for a role that is no member."""
    if is_owner(bind):
        return "lead"
    has_table = bind.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": TABLE}).scalar()
    readable = bind.execute(text("SELECT has_table_privilege(:t, 'SELECT')"),
                            {"t": TABLE}).scalar() if has_table else False
    if not readable:  # not a member (members read the table), or not a qcode project
        return None
    return bind.execute(text(f"SELECT rights FROM {TABLE} WHERE role = session_user")).scalar()


def listed(bind: Connection | Session) -> list[dict]:
    """Who may do what: the owner (a lead without a row) first, then the members by name."""
    owner = bind.execute(text(
        "SELECT pg_get_userbyid(d.datdba) FROM pg_database d "
        "WHERE d.datname = current_database()")).scalar_one()
    rows = bind.execute(text(
        f"SELECT role, rights, granted_by, granted_at FROM {TABLE} ORDER BY role")).all()
    return [dict(role=owner, rights="lead", owner=True, granted_by=None, granted_at=None),
            *(dict(role=role, rights=rights, owner=False, granted_by=by,
                   granted_at=at.isoformat(timespec="seconds"))
              for role, rights, by, at in rows if role != owner)]

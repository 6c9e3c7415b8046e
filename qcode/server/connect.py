"""Opening a project on a team server: the engine, and the checks a file gets at opening (a
qcode schema this qcode knows, a login role that is a member), as one plain line each.

A server project has no lock file, backups or integrity check (those guard a file); PostgreSQL's
own durability, locking and the lead's database backups take their place.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, text

from qcode import schema
from qcode.errors import NotAllowed, ProjectError
from qcode.server import members
from qcode.server.errors import plain_errors
from qcode.server.url import ServerAddress, sqlalchemy_url

if TYPE_CHECKING:
    from qcode.project import Project

#: seconds to wait for the server before saying it cannot be reached
CONNECT_TIMEOUT = 5


def make_engine(address: ServerAddress, password: str | None = None) -> Engine:
    """An engine on ``address``. Each connection is checked before use (``pool_pre_ping``), so
    after the server comes back the next operation reconnects instead of failing."""
    return create_engine(
        sqlalchemy_url(address, password),
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT, "application_name": "qcode"},
    )


def check_schema(engine: Engine, address: ServerAddress) -> None:
    """Refuse a database that is not a qcode project, or one of another schema version."""
    if not _looks_like_project(engine):
        raise ProjectError(f"{address.label}: not a qcode project (a lead prepares an empty "
                           f"database with: qcode server init {address.display()})")
    current = schema.current_revision(engine)
    head = schema.head_revision()
    if current == head:
        return
    if current is None or not schema.is_known(current):
        raise ProjectError(f"{address.label}: made by a newer version of qcode (schema "
                           f"{current}); update qcode to open it")
    raise ProjectError(f"{address.label}: made by an older qcode (schema {current}); its lead "
                       f"upgrades it with: qcode server init {address.display()}")


def _looks_like_project(engine: Engine) -> bool:
    """True when the database has qcode's tables (seen without the right to read them)."""
    with engine.connect() as conn:
        return bool(conn.execute(text(
            "SELECT to_regclass('alembic_version') IS NOT NULL "
            "AND to_regclass('project_info') IS NOT NULL")).scalar())


def open_server_project(address: ServerAddress, *, readonly: bool = False,
                        password: str | None = None) -> Project:
    """The project at ``address``, open as the login role; read-only for a reader."""
    from qcode.project import Project

    engine = make_engine(address, password)
    try:
        with plain_errors(address):
            with engine.connect() as conn:
                role = members.login_role(conn)
                rights = members.rights_of_login(conn)
            if rights is None:
                if not _looks_like_project(engine):
                    check_schema(engine, address)  # says: not a qcode project
                raise NotAllowed(f"{address.label}: not allowed: {role} is not a member of this "
                                 "project (its lead adds members with: qcode server grant)")
            check_schema(engine, address)
    except BaseException:
        engine.dispose()
        raise
    project = Project(Path(address.database), engine, None,
                      readonly=readonly or rights == "reader", address=address)
    project.login = role
    project.rights = rights
    return project

"""What a team project's lead runs: ``init`` (the schema in an empty database) and ``grant``
(who may do what). Both run as the database's owner: no superuser, no CREATEROLE; the login
roles themselves are made by whoever runs the server."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, text

from qcode import schema
from qcode.errors import InputError, NotAllowed, ProjectError
from qcode.models.base import new_uuid
from qcode.server import members
from qcode.server.connect import make_engine
from qcode.server.errors import plain_errors
from qcode.server.url import ServerAddress

#: tables a qcode schema would create; a database holding any of them (and no qcode schema) is
#: someone else's, and ``init`` leaves it alone
_FOREIGN_CHECK = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"


def init(address: ServerAddress, *, password: str | None = None, name: str | None = None) -> str:
    """Create (or upgrade) the qcode schema in the database at ``address``; what was done."""
    engine = make_engine(address, password)
    try:
        with plain_errors(address):
            with engine.connect() as conn:
                if not members.is_owner(conn):
                    raise NotAllowed(f"{address.label}: only the database's owner runs init "
                                     f"(you are {members.login_role(conn)})")
                current = _current(conn)
                tables = conn.execute(text(_FOREIGN_CHECK)).scalar()
            if current is None and tables:
                raise ProjectError(f"{address.label}: the database already holds tables that "
                                   "are not a qcode project; init needs an empty database")
            if current is not None and not schema.is_known(current):
                raise ProjectError(f"{address.label}: made by a newer version of qcode (schema "
                                   f"{current}); update qcode")
            schema.upgrade(engine)
            _server_setup(engine, name or address.database, fresh=current is None)
    finally:
        engine.dispose()
    if current is None:
        return f"created a qcode project in {address.label}"
    if current == schema.head_revision():
        return f"{address.label} is already a current qcode project (its rights were renewed)"
    return f"upgraded {address.label} from schema {current}"


def _current(conn) -> str | None:
    if not conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar():
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _server_setup(engine: Engine, name: str, *, fresh: bool) -> None:
    """The members table, the project's facts (when new) and the owner's coder row."""
    from qcode.server import notify, rights

    with engine.begin() as conn:
        conn.execute(text(members.CREATE_TABLE))
        if fresh:
            now = datetime.now(UTC).isoformat(timespec="seconds")
            for key, value in (("uuid", new_uuid()), ("name", name), ("memo", ""),
                               ("created_at", now)):
                conn.execute(text("INSERT INTO project_info(key, value) VALUES (:k, :v) "
                                  "ON CONFLICT DO NOTHING"), {"k": key, "v": value})
        _ensure_coder(conn, members.login_role(conn))
        rights.install(conn)
        notify.install(conn)


def _ensure_coder(conn, role: str) -> None:
    """The coder row of ``role`` (a coding's coder on a server is its login role)."""
    from qcode.models import Coder

    exists = conn.execute(text("SELECT 1 FROM coders WHERE name = :n"), {"n": role}).scalar()
    if not exists:
        conn.execute(insert(Coder.__table__).values(uuid=new_uuid(), name=role))


def grant(address: ServerAddress, role: str, rights_name: str, *,
          password: str | None = None) -> str:
    """Make ``role`` a member with ``rights_name`` (reader, coder or lead); what was done."""
    from qcode.server import rights

    if rights_name not in members.RIGHTS:
        raise InputError(f"{rights_name!r}: rights are one of {', '.join(members.RIGHTS)}")
    engine = make_engine(address, password)
    try:
        with plain_errors(address), engine.begin() as conn:
            if not members.is_owner(conn):
                raise NotAllowed(f"{address.label}: only the database's owner grants rights")
            if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                {"r": role}).scalar():
                raise InputError(f"{address.label}: the server has no role {role!r} (whoever "
                                 f"runs the server creates it: CREATE ROLE \"{role}\" LOGIN)")
            conn.execute(text(
                f"INSERT INTO {members.TABLE}(role, rights) VALUES (:r, :g) "
                "ON CONFLICT (role) DO UPDATE SET rights = excluded.rights, "
                "granted_by = current_user, granted_at = now()"), {"r": role, "g": rights_name})
            _ensure_coder(conn, role)
            rights.apply(conn, role, rights_name)
    finally:
        engine.dispose()
    return f"{role} is now a {rights_name} on {address.label}"

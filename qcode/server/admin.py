"""What a team project's lead runs: ``init`` (the schema in an empty database) and ``grant``
(who may do what). Both run as the database's owner: no superuser, no CREATEROLE; the login
roles themselves are made by whoever runs the server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert, text

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
            _check_known(address, current)
            schema.upgrade(engine)
            open_to_all = _server_setup(engine, name or address.database,
                                        fresh=current is None)
            if current is not None:
                _rebuild_derived(engine)
    finally:
        engine.dispose()
    return _init_said(address, current) + (_PUBLIC_CREATE if open_to_all else "")


#: what ``init`` adds on PostgreSQL 14, where the database's owner cannot stop other roles
#: creating tables in schema public (see :mod:`qcode.server.rights`)
_PUBLIC_CREATE = ("; note: every role may still create tables of its own in schema public "
                  "(PostgreSQL 14): the server's administrator stops that with "
                  "REVOKE CREATE ON SCHEMA public FROM PUBLIC")


def _init_said(address: ServerAddress, current: str | None) -> str:
    if current is None:
        return f"created a qcode project in {address.label}"
    if current == schema.head_revision():
        return (f"{address.label} is already a current qcode project (its rights were renewed "
                "and its derived tables rebuilt)")
    return f"upgraded {address.label} from schema {current}"


def _rebuild_derived(engine: Engine) -> None:
    """Every derived table again from the codings: the repair for caches a member spoiled
    through psql (:mod:`qcode.server.rights`). The refresh takes the same locks as any
    writer's (a whole rebuild: marked by ``rollup_rebuild``)."""
    from sqlalchemy.orm import Session

    from qcode.derived.coverage import refresh_coverage

    with Session(engine) as session, session.begin():
        session.execute(text("INSERT INTO rollup_rebuild(id) VALUES (1) "
                             "ON CONFLICT DO NOTHING"))
        refresh_coverage(session)


def _current(conn) -> str | None:
    if not conn.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar():
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _server_setup(engine: Engine, name: str, *, fresh: bool) -> bool:
    """The members table, the project's facts (when new), the owner's coder row and the
    rights; True when every role may still create tables in schema public."""
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
        return rights.public_may_create(conn)


def _ensure_coder(conn, role: str) -> None:
    """The coder row of ``role`` (a coding's coder on a server is its login role)."""
    from qcode.models import Coder

    exists = conn.execute(text("SELECT 1 FROM coders WHERE name = :n"), {"n": role}).scalar()
    if not exists:
        conn.execute(insert(Coder.__table__).values(uuid=new_uuid(), name=role))


def grant(address: ServerAddress, role: str, rights_name: str, *,
          password: str | None = None) -> str:
    """Make ``role`` a member with ``rights_name`` (reader, coder or lead), replacing any rights
    it had; what was done."""
    from qcode.server import rights

    if rights_name not in members.RIGHTS:
        raise InputError(f"{rights_name!r}: rights are one of {', '.join(members.RIGHTS)}")
    with _as_owner(address, password, "grants rights") as conn:
        _check_role(conn, address, role)
        inherited = _codings_named(conn, role)
        conn.execute(text(
            f"INSERT INTO {members.TABLE}(role, rights) VALUES (:r, :g) "
            "ON CONFLICT (role) DO UPDATE SET rights = excluded.rights, "
            "granted_by = current_user, granted_at = now()"), {"r": role, "g": rights_name})
        _ensure_coder(conn, role)
        rights.apply(conn, role, rights_name)
    said = f"{role} is now a {rights_name} on {address.label}"
    if inherited:  # a coder of that name came with a pushed file: its codings are theirs now
        many = inherited != 1
        said += (f" ({inherited:,} coding{'s' if many else ''} already under the name {role} "
                 f"{'are' if many else 'is'} now theirs)")
    return said


def _codings_named(conn: Connection, role: str) -> int:
    """Codings of the coder named ``role``, when ``role`` is not a member yet (0 otherwise)."""
    if conn.execute(text(f"SELECT 1 FROM {members.TABLE} WHERE role = :r"), {"r": role}).scalar():
        return 0
    return conn.execute(text("SELECT count(*) FROM codings JOIN coders c ON c.id = coder_id "
                             "WHERE c.name = :r"), {"r": role}).scalar() or 0


def revoke(address: ServerAddress, role: str, *, password: str | None = None) -> str:
    """Take ``role``'s membership away: it can no longer connect. Its codings stay, under its
    coders row (they are the project's history)."""
    from qcode.server import rights

    with _as_owner(address, password, "revokes rights") as conn:
        _check_role(conn, address, role)
        gone = conn.execute(text(f"DELETE FROM {members.TABLE} WHERE role = :r"),
                            {"r": role}).rowcount
        rights.revoke(conn, role)
    if not gone:
        return f"{role} was no member of {address.label}; nothing to revoke"
    return f"{role} is no longer a member of {address.label}"


def member_list(address: ServerAddress, *, password: str | None = None) -> list[dict]:
    """Every member (the owner first, a lead without a row) as plain dicts."""
    engine = make_engine(address, password)
    try:
        with plain_errors(address), engine.connect() as conn:
            if members.rights_of_login(conn) is None:
                raise NotAllowed(f"{address.label}: {members.login_role(conn)} is not a member "
                                 "of this project")
            return members.listed(conn)
    finally:
        engine.dispose()


@contextmanager
def _as_owner(address: ServerAddress, password: str | None, what: str) -> Iterator[Connection]:
    """A transaction on ``address``, refused unless the login owns the database."""
    engine = make_engine(address, password)
    try:
        with plain_errors(address), engine.begin() as conn:
            if not members.is_owner(conn):
                raise NotAllowed(f"{address.label}: only the database's owner {what} (you "
                                 f"are {members.login_role(conn)})")
            if not conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"),
                                {"t": members.TABLE}).scalar():
                raise ProjectError(f"{address.label}: not a qcode project yet (prepare it "
                                   f"with: qcode server init {address.display()})")
            _check_current(conn, address)
            yield conn
    finally:
        engine.dispose()


def _check_current(conn: Connection, address: ServerAddress) -> None:
    """Refuse rights on a schema this qcode does not write (older: init upgrades it first)."""
    current = _current(conn)
    _check_known(address, current)
    if current != schema.head_revision():
        raise ProjectError(f"{address.label}: made by an older qcode (schema {current}); "
                           f"upgrade it first with: qcode server init {address.display()}")


def _check_known(address: ServerAddress, current: str | None) -> None:
    """Refuse a schema a newer qcode made (None: no schema yet)."""
    if current is not None and not schema.is_known(current):
        raise ProjectError(f"{address.label}: made by a newer version of qcode (schema "
                           f"{current}); update qcode")


def _check_role(conn: Connection, address: ServerAddress, role: str) -> None:
    """Refuse a role the server does not have, a superuser, and the owner (always a lead)."""
    found = conn.execute(text("SELECT rolsuper, oid = (SELECT datdba FROM pg_database WHERE "
                              "datname = current_database()) FROM pg_roles WHERE rolname = :r"),
                         {"r": role}).first()
    if found is None:
        raise InputError(f"{address.label}: the server has no role {role!r} (whoever runs the "
                         f"server creates it: CREATE ROLE \"{role}\" LOGIN)")
    superuser, owner = found
    if superuser:
        raise InputError(f"{address.label}: {role} is a superuser of the server and may do "
                         "anything already; grant is for the analysts' own login roles")
    if owner:
        raise InputError(f"{address.label}: {role} owns the database and is always its lead")

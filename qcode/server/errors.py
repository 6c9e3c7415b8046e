"""PostgreSQL failures a user can meet, as one plain line naming the project (never SQL).

Connection failures carry no SQLSTATE in libpq, so they are told by libpq's own wording; every
other failure by its SQLSTATE.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from qcode.errors import (
    ChangedMeanwhile,
    NotAllowed,
    PasswordNeeded,
    ProjectBusy,
    ProjectError,
    QcodeError,
    ServerUnreachable,
)
from qcode.server.url import ServerAddress

#: SQLSTATEs of a lost or refused connection (class 08), and of a server shutting down (57P0x)
_GONE = ("08", "57P01", "57P02", "57P03")
_RETRY = ("40001", "40P01")  # serialisation failure, deadlock: nothing was saved; try again
_PASSWORD = ("no password supplied", "password authentication failed")
#: libpq's words for a server that is not there, and what they mean to a user
_GONE_WHY = (("could not translate host name", "no such host"),
             ("timeout expired", "no answer in time"),
             ("connection refused", "no server is listening there"),
             ("no such file or directory", "no server is listening there"),
             ("terminating connection", "the server was shut down"),
             ("server closed the connection", "the connection was lost"),
             ("connection is closed", "the connection was lost"),
             ("the connection is lost", "the connection was lost"),
             ("consuming input failed", "the connection was lost"))
#: libpq's words for a connection that failed: those above, and its general ones
_UNREACHABLE = (*(words for words, _ in _GONE_WHY), "could not connect", "connection failed")


def explain(exc: BaseException, address: ServerAddress) -> QcodeError | None:
    """The plain error for ``exc`` on the project at ``address``, or None for a bug."""
    if isinstance(exc, StaleDataError):
        return ChangedMeanwhile(f"{address.label}: another analyst changed or deleted this "
                                "meanwhile; nothing was saved")
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    state = getattr(original, "sqlstate", None) or ""
    detail = str(original).strip().splitlines()[0] if str(original).strip() else ""
    lowered = detail.lower()
    where = address.label
    if "password authentication failed" in lowered:
        return PasswordNeeded(f"{where}: the server refused the password for "
                              f"{_role_named(detail, address)}")
    if any(phrase in lowered for phrase in _PASSWORD):
        return PasswordNeeded(f"{where}: the server asks for a password for "
                              f"{_role_named(detail, address)}")
    if state == "3D000" or re.search(r'database ".*" does not exist', lowered):
        return ProjectError(f"{where}: the server has no database {address.database!r}")
    if re.search(r'role ".*" does not exist', lowered):
        return ProjectError(f"{where}: the server has no login role "
                            f"{_role_named(detail, address)!r}")
    if "permission denied for database" in lowered:  # libpq gives no SQLSTATE when connecting
        return NotAllowed(f"{where}: not allowed: {_refusal(exc, _from_server(detail), address)}")
    if state.startswith(_GONE) or (not state and any(p in lowered for p in _UNREACHABLE)):
        return ServerUnreachable(f"{where}: the server cannot be reached ({_why_gone(lowered)})")
    if state in _RETRY:
        return ProjectBusy(f"{where}: another analyst changed the same rows at the same moment; "
                           "nothing was saved, try again")
    if state == "42501":
        return NotAllowed(f"{where}: not allowed: {_refusal(exc, detail, address)}")
    if state == "23505":
        return ChangedMeanwhile(f"{where}: another analyst added the same thing meanwhile; "
                                "nothing was saved")
    if state == "23503":  # a foreign key: what the change refers to went meanwhile
        return ChangedMeanwhile(f"{where}: a document, code or coding this change refers to was "
                                "deleted by another analyst meanwhile; nothing was saved")
    if state in ("53100", "53200"):
        return ProjectError(f"{where}: the server is out of space or memory; nothing was saved")
    return None


#: what a refused table holds, for "amira may not change codes"
_HOLDS = {"codes": "codes", "codings": "codings", "documents": "documents",
          "document_versions": "documents", "speaker_turns": "speaker turns",
          "attributes": "attributes", "document_attributes": "attribute values",
          "project_info": "the project's name and memo",
          "coders": "coders (on a server each analyst codes as their own login)",
          "server_members": "members (the database's owner grants rights)"}
_VERBS = {"INSERT": "add", "UPDATE": "change", "DELETE": "delete", "SELECT": "read"}


def _refusal(exc: BaseException, detail: str, address: ServerAddress) -> str:
    """PostgreSQL's "permission denied for table codes" as a sentence a user understands (a
    refusal raised by qcode's own rights triggers is one already)."""
    who = address.user or "you"
    if "violates row-level security policy" in detail:  # codings: a coder's are their own
        return f"{who} may add and change only their own codings (a coder codes as themselves)"
    found = re.match(r"permission denied for (table|database|sequence|schema) (\S+)", detail)
    if found is None:
        return _short(detail)
    kind, name = found.group(1), found.group(2).strip('"')
    if kind == "database":
        return (f"{who} is not a member of this project (its lead adds members with: "
                "qcode server grant)")
    if kind != "table":
        return f"{who} may not change this project (ask its lead for the rights)"
    statement = (getattr(exc, "statement", None) or "").lstrip().split(" ", 1)[0].upper()
    verb = _VERBS.get(statement, "change")
    holds = _HOLDS.get(name, "this project" if verb != "read" else f"table {name}")
    return f"{who} may not {verb} {holds} on this project (ask its lead for the rights)"


def _role_named(detail: str, address: ServerAddress) -> str:
    """The login role a connection failure names (libpq's default when the URL names none)."""
    found = re.search(r'(?:role|user) "([^"]*)"', detail)
    return found.group(1) if found else (address.user or "your login")


def _from_server(detail: str) -> str:
    """What the server said in a libpq connection failure ("... failed: FATAL:  what")."""
    return re.split(r"FATAL:\s+", detail, maxsplit=1)[-1]


def _why_gone(lowered: str) -> str:
    return next((why for words, why in _GONE_WHY if words in lowered),
                "the connection failed")


def _short(detail: str) -> str:
    detail = detail.removeprefix("connection failed: ")
    return detail if len(detail) <= 160 else detail[:157] + "..."


@contextmanager
def plain_errors(address: ServerAddress) -> Iterator[None]:
    """Turn PostgreSQL failures a user can meet into one plain line."""
    try:
        yield
    except (DBAPIError, StaleDataError) as exc:
        plain = explain(exc, address)
        if plain is None:
            raise
        raise plain from exc

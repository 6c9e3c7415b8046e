"""Who codes: on a server project the coder of a new coding is the login role, never a name
typed in (the database refuses any other, :mod:`qcode.server.rights`; this says so before
anything is tried). In a project file the coder is whoever the user names.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.errors import InputError, NotAllowed
from qcode.models import Coder

if TYPE_CHECKING:
    from qcode.project import Project


def offline_login(project: Project) -> str | None:
    """The login role a project file was pulled as (``qcode server pull``), else None: in
    that copy one codes as that role, so a merge back brings the codings home."""
    if project.on_server:
        return None
    return project.info().get("server_login") or None


def pulled_as(session: Session) -> str | None:
    """:func:`offline_login` within a session (None on a project never pulled)."""
    from qcode.models import ProjectInfo

    return session.scalar(select(ProjectInfo.value).where(ProjectInfo.key == "server_login")) \
        or None


def writing_coder(project: Project, given: str | None, fallback: str,
                  option: str = "--coder") -> str:
    """The name of the coder new codings get: on a server the login (``given`` naming anyone
    else is refused), in a file ``given``, else the login it was pulled as, else
    ``fallback``."""
    if given is not None and not given.strip():
        raise InputError(f"{option} needs a coder's name (leave it out to code as "
                         f"{(offline_login(project) or fallback).strip()})")
    if not project.on_server:
        return (given or offline_login(project) or fallback).strip()
    login = project.login or ""
    if given is not None and given.strip() != login:
        raise InputError(f"{project.label}: on a server you code as your login ({login}); "
                         f"leave out {option} {given.strip()}")
    return login


def check_coder_column(project: Project, source: Path, coders: Iterable[str | None]) -> None:
    """Refuse, on a server, a file whose coder column names anyone but the login."""
    if not project.on_server:
        return
    others = sorted({c.strip() for c in coders if c and c.strip() and c.strip() != project.login})
    if others:
        named = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3
                                          else "")
        raise InputError(f"{source.name}: its coder column names {named}; on the server "
                         f"{project.label} you code as your login ({project.login}): leave the "
                         "column out or empty")


def login_coder_id(session: Session, project: Project) -> int:
    """The id of the login's coders row on a server (made by ``server grant``)."""
    found = session.scalar(select(Coder.id).where(Coder.name == project.login))
    if found is None:
        raise NotAllowed(f"{project.label}: {project.login} has no coder row yet; the "
                         f"database's owner adds it with: qcode server grant "
                         f"{project.location} {project.login} --as {project.rights}")
    return found

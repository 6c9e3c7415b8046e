"""Coders: the people who code. Every coding names one."""

from __future__ import annotations

import getpass
from functools import partial

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.errors import InputError
from qcode.models import Coder, Coding
from qcode.queries import find_coder


def default_coder_name() -> str:
    """The login name, as a first guess when nobody has said who is coding."""
    try:
        return getpass.getuser() or "coder"
    except (KeyError, OSError):
        return "coder"


def add_coder(session: Session, *, name: str) -> Changes:
    name = name.strip()
    if not name:
        raise InputError("a coder needs a name")
    if find_coder(session, name) is not None:
        raise InputError(f"coder {name!r} already exists")
    coder = Coder(name=name)
    session.add(coder)
    session.flush()
    return Changes(
        description=f"Add coder {name}",
        coders=frozenset({coder.id}),
        inverse=partial(remove_coder, coder_id=coder.id),
    )


def remove_coder(session: Session, *, coder_id: int) -> Changes:
    """Remove a coder who has no codings (codings keep their coder)."""
    coder = session.get(Coder, coder_id)
    if coder is None:
        raise InputError(f"no coder with id {coder_id}")
    if session.scalar(select(Coding.id).where(Coding.coder_id == coder_id).limit(1)) is not None:
        raise InputError(f"coder {coder.name!r} still has codings")
    name = coder.name
    row = {"id": coder.id, "uuid": coder.uuid, "name": name, "created_at": coder.created_at}
    session.delete(coder)
    session.flush()
    return Changes(
        description=f"Remove coder {name}",
        coders=frozenset({coder_id}),
        inverse=partial(restore_coder, row=row),
    )


def restore_coder(session: Session, *, row: dict) -> Changes:
    """Put a removed coder back with the same id and uuid (so redo of an add is exact)."""
    session.execute(insert(Coder), [row])
    session.flush()
    return Changes(
        description=f"Restore coder {row['name']}",
        coders=frozenset({row["id"]}),
        inverse=partial(remove_coder, coder_id=row["id"]),
    )


def rename_coder(session: Session, *, coder_id: int, name: str) -> Changes:
    coder = session.get(Coder, coder_id)
    if coder is None:
        raise InputError(f"no coder with id {coder_id}")
    name = name.strip()
    if not name:
        raise InputError("a coder needs a name")
    other = find_coder(session, name)
    if other is not None and other.id != coder_id:
        raise InputError(f"coder {name!r} already exists")
    old = coder.name
    coder.name = name
    session.flush()
    return Changes(
        description=f"Rename coder {old} to {name}",
        coders=frozenset({coder_id}),
        inverse=partial(rename_coder, coder_id=coder_id, name=old),
    )


def coder_id_named(session: Session, name: str) -> int | None:
    """The id of coder ``name`` (plain data: safe to carry out of the session)."""
    return session.scalar(select(Coder.id).where(Coder.name == name.strip()))


def bind_coder(session: Session, *, name: str) -> Changes:
    """Make sure coder ``name`` exists; the Changes name its id. Not undoable: a coder row
    without codings is harmless, and undoing it would take codings' authorship with it."""
    coder_id, _ = ensure_coder(session, name)
    return Changes(description=f"Code as {name.strip()}", coders=frozenset({coder_id}))


def ensure_coder(session: Session, name: str) -> tuple[int, Changes]:
    """The id of coder ``name``, creating the coder if needed (with what that changed)."""
    coder = find_coder(session, name.strip())
    if coder is not None:
        return coder.id, Changes()
    changes = add_coder(session, name=name)
    return next(iter(changes.coders)), changes

"""A throwaway PostgreSQL cluster with the roles of a team (see :mod:`tests.postgres_server`):
``owner`` owns each project database (no superuser, no CREATEROLE), ``lead``, ``amira`` and
``omar`` (coders), ``reader`` and ``stranger`` (no member). Authentication is ``trust`` on the
cluster's own socket, so a URL names the role and nothing more.

Use the ``team`` fixture (module scope) and ``team.project()`` for a new initialised database
with every role granted; ``team.url(database, role)`` is the URL that role opens.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, create_engine, text

from qcode.server import admin
from qcode.server.url import parse, sqlalchemy_url
from tests.postgres_server import Server, running_server

MEMBERS = {"lead": "lead", "amira": "coder", "omar": "coder", "reader": "reader"}
ROLES = ("owner", *MEMBERS, "stranger")


class TeamServer:
    def __init__(self, server: Server) -> None:
        self.server = server
        admin_engine = create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT",
                                     pool_pre_ping=True)  # survives Server.pause()
        with admin_engine.connect() as c:
            for role in ROLES:
                c.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        self._admin = admin_engine

    def url(self, database: str, role: str = "owner") -> str:
        """The qcode URL ``role`` opens ``database`` with (the cluster's socket folder)."""
        return (f"postgresql://{role}@/{database}?host={self.server.folder}"
                f"&port={self.server_port}")

    @property
    def server_port(self) -> int:
        from tests.postgres_server import PORT

        return PORT

    def engine(self, database: str, role: str = "owner", **options: object) -> Engine:
        """A plain SQLAlchemy engine as ``role`` on ``database`` (raw SQL, as with ``psql``);
        the caller disposes of it."""
        return create_engine(sqlalchemy_url(parse(self.url(database, role))[0]), **options)

    def empty_database(self, owner: str = "owner") -> str:
        name = f"qcode_{uuid.uuid4().hex[:12]}"
        with self._admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}" OWNER "{owner}"'))
        return name

    def project(self, members: dict[str, str] | None = None) -> str:
        """A new database, initialised by its owner, with ``members`` (default: all) granted."""
        name = self.empty_database()
        owner_url = parse(self.url(name))[0]
        admin.init(owner_url)
        for role, rights in (MEMBERS if members is None else members).items():
            admin.grant(owner_url, role, rights)
        return name

    def superuser_sql(self, database: str, statement: str) -> None:
        engine = create_engine(self.server.url(database), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as c:
                c.execute(text(statement))
        finally:
            engine.dispose()

    def close(self) -> None:
        self._admin.dispose()


@pytest.fixture(scope="module")
def team() -> Iterator[TeamServer]:
    with running_server() as server:
        running = TeamServer(server)
        yield running
        running.close()


def soon(condition: Callable[[], object], seconds: float = 5.0) -> bool:
    """Whether ``condition`` holds within ``seconds`` (a notice arrives on another thread)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return bool(condition())

"""Rights on a server project, enforced by PostgreSQL: table privileges per member and
row-level security on codings. (Placeholder until the rights matrix lands: every member gets
every privilege.)"""

from __future__ import annotations

from sqlalchemy import Connection, text


def install(conn: Connection) -> None:
    """Policies and defaults that hold for every member (run by ``init``, idempotent)."""


def apply(conn: Connection, role: str, rights: str) -> None:
    """Give ``role`` the privileges of ``rights`` (reader, coder or lead), replacing any."""
    quoted = conn.dialect.identifier_preparer.quote(role)
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {quoted}"))
    conn.execute(text(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {quoted}"))
    conn.execute(text(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {quoted}"))

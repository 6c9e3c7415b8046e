"""Telling open windows what other analysts changed: triggers that NOTIFY on commit.
(Placeholder: installed by ``server init``; filled in by the live-updates work.)"""

from __future__ import annotations

from sqlalchemy import Connection

CHANNEL = "qcode_changes"


def install(conn: Connection) -> None:
    """The notifying triggers (run by ``init``, idempotent)."""

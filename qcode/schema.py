"""Schema versions of the project file, managed by Alembic (``qcode/migrations``).

Opening a project only needs the file's revision and this qcode's head, which are read without
loading Alembic (about 0.1 s of start-up with mako and every SQL dialect): the head and the known
revisions come from the ``revision = "..."`` lines of the migration files, the file's revision
from its ``alembic_version`` table. Alembic itself loads only to upgrade or downgrade.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(r'^(down_revision|revision)\s*(?::[^=]*)?=\s*(None|"[^"]*"|\'[^\']*\')',
                       re.MULTILINE)


def _config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


@cache
def revisions() -> dict[str, str | None]:
    """Every revision this qcode knows, with the revision it follows (None for the first)."""
    known: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        fields = {name: value.strip("\"'") for name, value in
                  _REVISION.findall(path.read_text(encoding="utf-8"))}
        if "revision" in fields:
            down = fields.get("down_revision", "None")
            known[fields["revision"]] = None if down == "None" else down
    return known


def head_revision() -> str:
    """The one revision no other follows."""
    known = revisions()
    [head] = set(known) - {down for down in known.values() if down is not None}
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_known(revision: str) -> bool:
    """True if this qcode knows ``revision`` (False: written by a newer qcode)."""
    return revision in revisions()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Used by tests to make an older project; not offered to users."""
    from alembic import command

    command.downgrade(_config(engine), revision)

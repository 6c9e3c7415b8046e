"""Roll-up refreshed per changed subtree: a code move or delete no longer rebuilds it whole.

The triggers of 0005 on ``codes`` set ``rollup_rebuild`` (rebuild all of ``rollup_coverage``,
seconds on a million codings) whenever a code moved or was deleted. Only the codes above the
change see their subtree change, so the triggers now record in ``rollup_stale_codes`` the old
and the new parent of a moved code and the parent of a deleted one; the refresh recomputes the
rows of those codes and of their ancestors (qcode.derived.rollup).

``rollup_rebuild`` stays, for projects upgraded through 0005 that have not been opened since.
A later migration that rebuilds ``codes`` with batch_alter_table on SQLite drops these triggers
and must create them again (:func:`create_triggers`).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _mark(row: str) -> str:
    return (f"INSERT OR IGNORE INTO rollup_stale_codes(code_id) "
            f"SELECT {row}.parent_id WHERE {row}.parent_id IS NOT NULL;")


_SQLITE = [
    "CREATE TRIGGER codes_rollup_update AFTER UPDATE OF parent_id ON codes FOR EACH ROW "
    f"WHEN OLD.parent_id IS NOT NEW.parent_id BEGIN {_mark('OLD')} {_mark('NEW')} END",
    f"CREATE TRIGGER codes_rollup_delete AFTER DELETE ON codes FOR EACH ROW "
    f"BEGIN {_mark('OLD')} END",
]
_POSTGRESQL = [
    """CREATE FUNCTION mark_rollup_stale_codes() RETURNS trigger AS $$
        BEGIN
            IF OLD.parent_id IS NOT NULL THEN
                INSERT INTO rollup_stale_codes(code_id) VALUES (OLD.parent_id)
                ON CONFLICT DO NOTHING;
            END IF;
            IF TG_OP = 'UPDATE' THEN  -- NEW is unset in a DELETE trigger
                IF NEW.parent_id IS NOT NULL THEN
                    INSERT INTO rollup_stale_codes(code_id) VALUES (NEW.parent_id)
                    ON CONFLICT DO NOTHING;
                END IF;
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER codes_rollup_update AFTER UPDATE OF parent_id ON codes FOR EACH ROW "
    "WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) "
    "EXECUTE FUNCTION mark_rollup_stale_codes()",
    "CREATE TRIGGER codes_rollup_delete AFTER DELETE ON codes FOR EACH ROW "
    "EXECUTE FUNCTION mark_rollup_stale_codes()",
]
_OLD_SQLITE = [
    "CREATE TRIGGER codes_rollup_update AFTER UPDATE OF parent_id ON codes FOR EACH ROW "
    "WHEN OLD.parent_id IS NOT NEW.parent_id "
    "BEGIN INSERT OR IGNORE INTO rollup_rebuild(id) VALUES (1); END",
    "CREATE TRIGGER codes_rollup_delete AFTER DELETE ON codes FOR EACH ROW "
    "BEGIN INSERT OR IGNORE INTO rollup_rebuild(id) VALUES (1); END",
]
_OLD_POSTGRESQL = [
    "CREATE TRIGGER codes_rollup_update AFTER UPDATE OF parent_id ON codes FOR EACH ROW "
    "WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION mark_rollup_rebuild()",
    "CREATE TRIGGER codes_rollup_delete AFTER DELETE ON codes FOR EACH ROW "
    "EXECUTE FUNCTION mark_rollup_rebuild()",
]


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _drop_triggers() -> None:
    on = " ON codes" if _postgresql() else ""
    for name in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS codes_rollup_{name}{on}")


def create_triggers() -> None:
    for statement in _POSTGRESQL if _postgresql() else _SQLITE:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "rollup_stale_codes",
        sa.Column("code_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("code_id", name="pk_rollup_stale_codes"),
    )
    _drop_triggers()
    create_triggers()


def downgrade() -> None:
    _drop_triggers()
    if _postgresql():
        op.execute("DROP FUNCTION IF EXISTS mark_rollup_stale_codes()")
    for statement in _OLD_POSTGRESQL if _postgresql() else _OLD_SQLITE:
        op.execute(statement)
    # What the new triggers marked is lost with the table: rebuild the roll-up whole.
    op.execute("INSERT INTO rollup_rebuild(id) SELECT 1 WHERE EXISTS "
               "(SELECT 1 FROM rollup_stale_codes)")
    op.drop_table("rollup_stale_codes")

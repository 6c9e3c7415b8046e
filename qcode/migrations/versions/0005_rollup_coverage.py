"""Roll-up coverage: codings, characters and words per code's whole subtree and document.

``rollup_coverage`` (see qcode/models/coverage.py) is refreshed from the same stale pairs as the
coverage tables of 0004: a stale (code, document) pair makes every (ancestor, document) pair
above it stale. A change of the codebook's shape changes subtrees, so triggers on ``codes`` set
the one-row marker ``rollup_rebuild`` when a code is deleted or gets another parent, and the
next refresh rebuilds the table whole. A new code needs no marker: it has no codings yet, and
codings added under it mark their own pairs.

Existing projects get the marker here; the first writable opening fills the table. A later
migration that rebuilds ``codes`` with batch_alter_table on SQLite drops the triggers and must
create them again (:func:`create_triggers`).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_MARK = "INSERT OR IGNORE INTO rollup_rebuild(id) VALUES (1);"
_SQLITE = [
    "CREATE TRIGGER codes_rollup_update AFTER UPDATE OF parent_id ON codes FOR EACH ROW "
    f"WHEN OLD.parent_id IS NOT NEW.parent_id BEGIN {_MARK} END",
    f"CREATE TRIGGER codes_rollup_delete AFTER DELETE ON codes FOR EACH ROW BEGIN {_MARK} END",
]
_POSTGRESQL = [
    """CREATE FUNCTION mark_rollup_rebuild() RETURNS trigger AS $$
        BEGIN
            INSERT INTO rollup_rebuild(id) VALUES (1) ON CONFLICT DO NOTHING;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER codes_rollup_update AFTER UPDATE OF parent_id ON codes FOR EACH ROW "
    "WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id) EXECUTE FUNCTION mark_rollup_rebuild()",
    "CREATE TRIGGER codes_rollup_delete AFTER DELETE ON codes FOR EACH ROW "
    "EXECUTE FUNCTION mark_rollup_rebuild()",
]


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def create_triggers() -> None:
    for statement in _POSTGRESQL if _postgresql() else _SQLITE:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "rollup_coverage",
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("codings", sa.Integer(), nullable=False),
        sa.Column("characters", sa.Integer(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["code_id"], ["codes.id"],
                                name="fk_rollup_coverage_code_id_codes", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name="fk_rollup_coverage_document_id_documents",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("code_id", "document_id", name="pk_rollup_coverage"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_rollup_coverage_document_id", "rollup_coverage", ["document_id"])
    op.create_table(
        "rollup_rebuild",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rollup_rebuild"),
    )
    create_triggers()
    op.execute("INSERT INTO rollup_rebuild(id) VALUES (1)")


def downgrade() -> None:
    on = " ON codes" if _postgresql() else ""
    for name in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS codes_rollup_{name}{on}")
    if _postgresql():
        op.execute("DROP FUNCTION IF EXISTS mark_rollup_rebuild()")
    op.drop_table("rollup_rebuild")
    op.drop_index("ix_rollup_coverage_document_id", table_name="rollup_coverage")
    op.drop_table("rollup_coverage")

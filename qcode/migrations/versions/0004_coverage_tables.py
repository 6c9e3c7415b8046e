"""Coverage tables: the islands of coded text per code and document, kept fresh by triggers.

``code_coverage`` and ``document_coverage`` hold derived data (see qcode/models/coverage.py);
triggers on ``codings`` record every inserted, deleted or moved coding's (code, document) pair
in ``coverage_stale``, and qcode.derived.coverage.refresh_coverage recomputes those pairs when
a write transaction commits. Existing projects get every pair marked stale here; the first writable
opening fills the tables.

Triggers are dialect DDL (SQLite here, PostgreSQL below). A later migration that rebuilds
``codings`` with batch_alter_table on SQLite drops them and must create them again
(:func:`create_triggers`).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_EVENTS = {
    "insert": ("INSERT", ("NEW",)),
    "delete": ("DELETE", ("OLD",)),
    "update": ('UPDATE OF code_id, document_id, start, "end"', ("OLD", "NEW")),
}


def _sqlite_triggers() -> list[str]:
    out = []
    for name, (event, rows) in _EVENTS.items():
        marks = " ".join(
            f"INSERT OR IGNORE INTO coverage_stale(code_id, document_id) "
            f"VALUES ({row}.code_id, {row}.document_id);" for row in rows)
        out.append(f"CREATE TRIGGER codings_coverage_{name} AFTER {event} ON codings "
                   f"FOR EACH ROW BEGIN {marks} END")
    return out


def _postgresql_triggers() -> list[str]:
    function = """
        CREATE FUNCTION mark_coverage_stale() RETURNS trigger AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                INSERT INTO coverage_stale(code_id, document_id)
                VALUES (OLD.code_id, OLD.document_id) ON CONFLICT DO NOTHING;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO coverage_stale(code_id, document_id)
                VALUES (NEW.code_id, NEW.document_id) ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql"""
    return [function] + [
        f"CREATE TRIGGER codings_coverage_{name} AFTER {event} "
        f"ON codings FOR EACH ROW EXECUTE FUNCTION mark_coverage_stale()"
        for name, (event, _) in _EVENTS.items()]


def create_triggers() -> None:
    dialect = op.get_bind().dialect.name
    statements = _postgresql_triggers() if dialect == "postgresql" else _sqlite_triggers()
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "code_coverage",
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["code_id"], ["codes.id"],
                                name="fk_code_coverage_code_id_codes", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name="fk_code_coverage_document_id_documents",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("code_id", "document_id", "start", name="pk_code_coverage"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_code_coverage_document_id", "code_coverage", ["document_id"])
    op.create_table(
        "document_coverage",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name="fk_document_coverage_document_id_documents",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "start", name="pk_document_coverage"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "coverage_stale",
        sa.Column("code_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("code_id", "document_id", name="pk_coverage_stale"),
    )
    create_triggers()
    op.execute("INSERT INTO coverage_stale(code_id, document_id) "
               "SELECT DISTINCT code_id, document_id FROM codings")


def downgrade() -> None:
    for name in _EVENTS:
        op.execute(f"DROP TRIGGER IF EXISTS codings_coverage_{name}"
                   + (" ON codings" if op.get_bind().dialect.name == "postgresql" else ""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS mark_coverage_stale()")
    op.drop_table("coverage_stale")
    op.drop_table("document_coverage")
    op.drop_index("ix_code_coverage_document_id", table_name="code_coverage")
    op.drop_table("code_coverage")

"""Documents whose coded text changed, apart from the (code, document) pairs.

``document_coverage`` (the union of all codings of a document, whatever their code) changes
only when a coding is added, removed, or moved to other text; giving codings another code
(merging codes, recoding) leaves it as it is. Until now the refresh recomputed the document
islands of every stale (code, document) pair, which on a merge of two large codes meant reading
every coding of most documents. Triggers now record the documents whose spans changed in
``document_stale``, and only those are recomputed.

Pairs stale at the upgrade mark their documents too. A later migration that rebuilds ``codings``
with batch_alter_table on SQLite must create these triggers again (:func:`create_triggers`).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_EVENTS = {
    "insert": ("INSERT", ("NEW",)),
    "delete": ("DELETE", ("OLD",)),
    "update": ('UPDATE OF document_id, start, "end"', ("OLD", "NEW")),
}


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _sqlite_triggers() -> list[str]:
    out = []
    for name, (event, rows) in _EVENTS.items():
        marks = " ".join(f"INSERT OR IGNORE INTO document_stale(document_id) "
                         f"VALUES ({row}.document_id);" for row in rows)
        out.append(f"CREATE TRIGGER codings_documents_{name} AFTER {event} ON codings "
                   f"FOR EACH ROW BEGIN {marks} END")
    return out


def _postgresql_triggers() -> list[str]:
    function = """
        CREATE FUNCTION mark_document_stale() RETURNS trigger AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                INSERT INTO document_stale(document_id) VALUES (OLD.document_id)
                ON CONFLICT DO NOTHING;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO document_stale(document_id) VALUES (NEW.document_id)
                ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql"""
    return [function] + [
        f"CREATE TRIGGER codings_documents_{name} AFTER {event} "
        f"ON codings FOR EACH ROW EXECUTE FUNCTION mark_document_stale()"
        for name, (event, _) in _EVENTS.items()]


def create_triggers() -> None:
    for statement in _postgresql_triggers() if _postgresql() else _sqlite_triggers():
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "document_stale",
        sa.Column("document_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_document_stale"),
    )
    create_triggers()
    op.execute("INSERT INTO document_stale(document_id) "
               "SELECT DISTINCT document_id FROM coverage_stale")


def downgrade() -> None:
    on = " ON codings" if _postgresql() else ""
    for name in _EVENTS:
        op.execute(f"DROP TRIGGER IF EXISTS codings_documents_{name}{on}")
    if _postgresql():
        op.execute("DROP FUNCTION IF EXISTS mark_document_stale()")
    # Before 0009 a document's islands follow its stale pairs: keep a stale document visible.
    op.execute("INSERT INTO coverage_stale(code_id, document_id) "
               "SELECT DISTINCT c.code_id, c.document_id FROM codings AS c "
               "WHERE c.document_id IN (SELECT document_id FROM document_stale) "
               "AND NOT EXISTS (SELECT 1 FROM coverage_stale AS s "
               "WHERE s.code_id = c.code_id AND s.document_id = c.document_id)")
    op.drop_table("document_stale")

"""Covering span indexes on codings, for the viewer and for span unions in theme matrices.

(document_id, start, end) replaces (document_id, start); (code_id, document_id, start, end)
replaces (code_id, document_id). With them the characters, words and coverage measures read
codings already ordered by span (about 1.5x faster on a million codings).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("codings", schema=None) as batch_op:
        batch_op.drop_index("ix_codings_document_start")
        batch_op.drop_index("ix_codings_code_document")
        batch_op.create_index("ix_codings_document_span", ["document_id", "start", "end"])
        batch_op.create_index("ix_codings_code_span", ["code_id", "document_id", "start", "end"])


def downgrade() -> None:
    with op.batch_alter_table("codings", schema=None) as batch_op:
        batch_op.drop_index("ix_codings_code_span")
        batch_op.drop_index("ix_codings_document_span")
        batch_op.create_index("ix_codings_code_document", ["code_id", "document_id"])
        batch_op.create_index("ix_codings_document_start", ["document_id", "start"])

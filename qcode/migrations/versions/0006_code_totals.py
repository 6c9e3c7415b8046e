"""Code totals: codings, characters and words of each code's own codings per document.

``code_totals`` (see qcode/models/coverage.py) is derived from ``codings`` and ``code_coverage``
and refreshed from the same stale pairs, so it needs no triggers of its own. It is filled here
from the tables as they are: a pair that is stale now is recomputed at the next refresh anyway.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_FILL = """
INSERT INTO code_totals(code_id, document_id, codings, characters, words)
SELECT n.code_id, n.document_id, n.codings, COALESCE(x.characters, 0), COALESCE(x.words, 0)
FROM (SELECT code_id, document_id, count(*) AS codings FROM codings
      GROUP BY code_id, document_id) AS n
LEFT JOIN (SELECT code_id, document_id, sum("end" - start) AS characters, sum(words) AS words
           FROM code_coverage GROUP BY code_id, document_id) AS x
       ON x.code_id = n.code_id AND x.document_id = n.document_id
"""


def upgrade() -> None:
    op.create_table(
        "code_totals",
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("codings", sa.Integer(), nullable=False),
        sa.Column("characters", sa.Integer(), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["code_id"], ["codes.id"],
                                name="fk_code_totals_code_id_codes", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name="fk_code_totals_document_id_documents",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("code_id", "document_id", name="pk_code_totals"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_code_totals_document_id", "code_totals", ["document_id"])
    op.execute(_FILL)


def downgrade() -> None:
    op.drop_index("ix_code_totals_document_id", table_name="code_totals")
    op.drop_table("code_totals")

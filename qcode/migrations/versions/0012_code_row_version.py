"""A row version on codes: two analysts editing the same code at once never overwrite silently.

``codes.row_version`` counts the changes of a code's own fields (name, colour, description,
memo, parent, position); ``codes.changed_by`` names who made the last one. An edit names the
version its user saw and is refused when the row has moved on (qcode.ops.code_versions).

On PostgreSQL a BEFORE UPDATE trigger keeps both: whatever a statement writes, the version
becomes the old one plus one and ``changed_by`` the login role (``session_user``) when one of
those fields changed, and stays as it was otherwise, so an analyst writing raw SQL cannot skip
or fake it. On SQLite (one user, no roles) the ops bump the version themselves.

Both columns are added in place, with their defaults: existing codes start at version 1, changed
by nobody known ('').

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_FIELDS = ("name", "colour", "description", "memo", "parent_id", "position")
_NEW = ", ".join(f"NEW.{f}" for f in _FIELDS)
_OLD = ", ".join(f"OLD.{f}" for f in _FIELDS)
_POSTGRESQL = [
    f"""CREATE FUNCTION codes_row_version() RETURNS trigger AS $$
        BEGIN
            IF ({_NEW}) IS DISTINCT FROM ({_OLD}) THEN
                NEW.row_version := OLD.row_version + 1;
                NEW.changed_by := session_user;
            ELSE
                NEW.row_version := OLD.row_version;
                NEW.changed_by := OLD.changed_by;
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER codes_row_version BEFORE UPDATE ON codes FOR EACH ROW "
    "EXECUTE FUNCTION codes_row_version()",
]


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.add_column("codes", sa.Column("row_version", sa.Integer(), server_default="1",
                                     nullable=False))
    op.add_column("codes", sa.Column("changed_by", sa.Text(), server_default="",
                                     nullable=False))
    if _postgresql():
        for statement in _POSTGRESQL:
            op.execute(statement)


def downgrade() -> None:
    if _postgresql():
        op.execute("DROP TRIGGER IF EXISTS codes_row_version ON codes")
        op.execute("DROP FUNCTION IF EXISTS codes_row_version()")
    op.drop_column("codes", "changed_by")
    op.drop_column("codes", "row_version")

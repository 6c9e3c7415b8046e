"""Speaker turns keep the time stamp of their label, in seconds.

``speaker_turns.timestamp``: ``[00:01:23] Salma:`` is 83.0, from the start of the recording;
NULL when the label has none. The column is added and dropped in place (SQLite has ALTER TABLE
ADD and DROP COLUMN since 3.35): no copy of the table, so its index and checks stay as they are.

Turns imported before are filled from their documents' text: a turn's label is its first line
up to the first colon followed by white space or the line end, or the whole line when it has no
such colon and is at most 60 characters (``Jane Doe  0:02``), as qcode found labels until now;
the first stamp in it is the turn's time. Stamps of three parts are h:mm:ss, of two m:ss.
Each document's text is read once.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_STAMP = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,3}))?")
_LABEL_COLON = re.compile(r"[:：](?=\s|$)")
_LONGEST_BARE_LABEL = 60


def _seconds(label: str) -> float | None:
    m = _STAMP.search(label)
    if m is None:
        return None
    first, second, third, fraction = m.groups()
    h, mi, s = (int(first), int(second), int(third)) if third else (0, int(first), int(second))
    if s >= 60 or (third and mi >= 60):
        return None
    return h * 3600 + mi * 60 + s + (float(f"0.{fraction}") if fraction else 0.0)


def _label(text: str, start: int) -> str:
    end = text.find("\n", start)
    line = text[start:end if end >= 0 else len(text)]
    m = _LABEL_COLON.search(line)
    if m is not None:
        return line[:m.start()]
    return line if len(line) <= _LONGEST_BARE_LABEL else ""


def _fill() -> None:
    conn = op.get_bind()
    turns = sa.table("speaker_turns", sa.column("id"), sa.column("timestamp"))
    update = (sa.update(turns).where(turns.c.id == sa.bindparam("turn_id"))
              .values(timestamp=sa.bindparam("seconds")))
    documents = conn.execute(sa.text(
        "SELECT DISTINCT document_id FROM speaker_turns ORDER BY document_id")).scalars().all()
    for document_id in documents:
        text = conn.execute(sa.text("SELECT text FROM documents WHERE id = :d"),
                            {"d": document_id}).scalar_one()
        starts = conn.execute(sa.text("SELECT id, start FROM speaker_turns "
                                      "WHERE document_id = :d"), {"d": document_id}).all()
        found = [{"turn_id": turn_id, "seconds": seconds} for turn_id, start in starts
                 if (seconds := _seconds(_label(text, start))) is not None]
        if found:
            conn.execute(update, found)


def upgrade() -> None:
    op.add_column("speaker_turns", sa.Column("timestamp", sa.Float(), nullable=True))
    _fill()


def downgrade() -> None:
    op.drop_column("speaker_turns", "timestamp")

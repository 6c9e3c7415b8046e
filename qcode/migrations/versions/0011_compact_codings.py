"""Codings without a copy of their covered text; earlier document texts kept once instead.

Until now every coding stored the text it covered (``codings.text``), half of a large project's
file. The covered text is the document's text sliced at the span, so the copy goes; what it was
for (showing and re-anchoring what a coding covered after the text changed) is kept by
``document_versions``: a document's earlier texts, each once, and ``codings.version``, the
version of the text a coding's span is in (``documents.version`` is the current one).

A coding whose stored text differs from its document's slice (an outside edit of the text; qcode
never changes it) keeps it: its document gets an earlier version, the current text with such
stored texts laid over their spans, and the coding points at it. A stored text that cannot be
laid over its span (another length) stops the upgrade, naming the coding.

Smaller rows too (a project may hold a million codings): on SQLite the uuid is stored as its
16 bytes, the creation time as whole seconds since 1970 (PostgreSQL: a native uuid; the
timestamp stays), and the index on ``coder_id`` goes (filters by coder read the covering
document index). SQLite rebuilds ``codings`` in one copy (the values change form, which a batch
copy cannot do); its triggers are read before and created again after.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from qcode.errors import ProjectError

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_SPAN_INDEXES = {
    "ix_codings_document_span": ["document_id", "start", "end", "code_id", "coder_id"],
    "ix_codings_code_span": ["code_id", "document_id", "start", "end"],
}
_KEPT = ("id", "document_id", "code_id", "coder_id", "start", "end", "memo")


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _codings_table(name: str, *, compact: bool) -> None:
    """``codings`` as of 0011 (``compact``) or as of 0010, under ``name``."""
    columns = [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
    ]
    if compact:
        columns += [sa.Column("version", sa.Integer(), server_default="1", nullable=False),
                    sa.Column("memo", sa.Text(), nullable=False),
                    sa.Column("uuid", sa.LargeBinary(), nullable=False),
                    sa.Column("created_at", sa.Integer(), nullable=False)]
    else:
        columns += [sa.Column("text", sa.Text(), nullable=False),
                    sa.Column("memo", sa.Text(), nullable=False),
                    sa.Column("uuid", sa.String(length=36), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False)]
    op.create_table(
        name, *columns,
        sa.CheckConstraint('start >= 0 AND "end" > start', name="ck_codings_span"),
        sa.ForeignKeyConstraint(["code_id"], ["codes.id"], name="fk_codings_code_id_codes",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["coder_id"], ["coders.id"], name="fk_codings_coder_id_coders",
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name="fk_codings_document_id_documents", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_codings"),
        sa.UniqueConstraint("uuid", name="uq_codings_uuid"),
    )


def _sqlite_rebuild(*, compact: bool, values: dict[str, str], functions: dict) -> None:
    """Copy ``codings`` into its other shape in one pass: ``values`` gives the SQL of each new
    column not copied as it is, ``functions`` the Python functions that SQL calls."""
    conn = op.get_bind()
    raw = conn.connection.driver_connection
    for name, function in functions.items():
        raw.create_function(name, -1, function, deterministic=True)
    triggers = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                    "AND tbl_name = 'codings' ORDER BY name")).scalars().all()
    _codings_table("_codings_new", compact=compact)
    names = [f'"{c}"' for c in _KEPT] + [f'"{c}"' for c in values]
    sources = [f'"{c}"' for c in _KEPT] + list(values.values())
    op.execute(f"INSERT INTO _codings_new ({', '.join(names)}) "
               f"SELECT {', '.join(sources)} FROM codings ORDER BY id")
    op.execute("DROP TABLE codings")
    op.execute("ALTER TABLE _codings_new RENAME TO codings")
    indexes = dict(_SPAN_INDEXES)
    if not compact:
        indexes["ix_codings_coder_id"] = ["coder_id"]
    for index, columns in indexes.items():
        op.create_index(index, "codings", columns)
    for statement in triggers:
        op.execute(statement)


def _uuid_bytes(value: str) -> bytes:
    return uuid.UUID(value).bytes


def _uuid_text(value: bytes) -> str:
    return str(uuid.UUID(bytes=bytes(value)))


# -- covered texts that differ from the document ---------------------------------------------


def _layers(text: str, differing: list[tuple[int, int, int, str]]) -> list[dict[int, str]]:
    """Group differing stored texts into layers whose spans agree where they overlap; each
    layer (position -> character laid over the text) becomes one earlier version."""
    layers: list[dict[int, str]] = []
    for coding_id, start, end, stored in differing:
        if len(stored) != end - start or end > len(text):
            raise ProjectError(f"coding {coding_id}: its stored text does not fit its span "
                               f"{start}-{end}; this project cannot be upgraded")
        over = dict(zip(range(start, end), stored, strict=True))
        for layer in layers:
            if all(layer.get(i, ch) == ch for i, ch in over.items()):
                layer.update(over)
                break
        else:
            layers.append(over)
    return layers


def _keep_differing_texts() -> None:
    """Earlier versions for codings whose stored text is not their document's slice."""
    conn = op.get_bind()
    documents = conn.execute(sa.text(
        "SELECT DISTINCT document_id FROM codings ORDER BY document_id")).scalars().all()
    for document_id in documents:
        text = conn.execute(sa.text("SELECT text FROM documents WHERE id = :d"),
                            {"d": document_id}).scalar_one()
        rows = conn.execute(sa.text('SELECT id, start, "end", text FROM codings '
                                    "WHERE document_id = :d"), {"d": document_id})
        differing = [(i, a, b, t) for i, a, b, t in rows if text[a:b] != t]
        if differing:
            _add_versions(document_id, text, differing)


def _add_versions(document_id: int, text: str, differing: list[tuple[int, int, int, str]]
                  ) -> None:
    conn = op.get_bind()
    layers = _layers(text, differing)
    for version, layer in enumerate(layers, start=1):
        chars = list(text)
        for i, ch in layer.items():
            chars[i] = ch
        conn.execute(sa.text("INSERT INTO document_versions(document_id, version, text, "
                             "created_at) VALUES (:d, :v, :t, CURRENT_TIMESTAMP)"),
                     {"d": document_id, "v": version, "t": "".join(chars)})
    conn.execute(sa.text("UPDATE documents SET version = :v WHERE id = :d"),
                 {"v": len(layers) + 1, "d": document_id})
    versions = []
    for coding_id, start, _end, stored in differing:
        version = next(v for v, layer in enumerate(layers, start=1)
                       if all(layer.get(start + k) == ch for k, ch in enumerate(stored)))
        versions.append({"v": version, "c": coding_id})
    conn.execute(sa.text("UPDATE codings SET version = :v WHERE document_id = :d"),
                 {"v": len(layers) + 1, "d": document_id})
    conn.execute(sa.text("UPDATE codings SET version = :v WHERE id = :c"), versions)


# -- upgrade and downgrade -------------------------------------------------------------------


def upgrade() -> None:
    op.create_table(
        "document_versions",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name="fk_document_versions_document_id_documents",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "version", name="pk_document_versions"),
    )
    op.add_column("documents", sa.Column("version", sa.Integer(), server_default="1",
                                         nullable=False))
    op.add_column("codings", sa.Column("version", sa.Integer(), server_default="1",
                                       nullable=False))
    _keep_differing_texts()
    if _postgresql():
        op.drop_column("codings", "text")
        op.drop_index("ix_codings_coder_id", table_name="codings")
        op.alter_column("codings", "uuid", type_=postgresql.UUID(as_uuid=False),
                        existing_type=sa.String(length=36), existing_nullable=False,
                        postgresql_using="uuid::uuid")
        return
    _sqlite_rebuild(compact=True, values={
        "version": "version",
        "uuid": "qcode_uuid_bytes(uuid)",
        "created_at": "CAST(strftime('%s', created_at) AS INTEGER)",
    }, functions={"qcode_uuid_bytes": _uuid_bytes})


_COVERED = ('substr(CASE WHEN c.version = d.version THEN d.text ELSE '
            '(SELECT v.text FROM document_versions AS v WHERE v.document_id = c.document_id '
            'AND v.version = c.version) END, c.start + 1, c."end" - c.start)')


def downgrade() -> None:
    """Codings get their covered text back (sliced from the version they are in)."""
    if _postgresql():
        op.add_column("codings", sa.Column("text", sa.Text(), nullable=True))
        op.execute(f"UPDATE codings AS c SET text = {_COVERED} FROM documents AS d "
                   "WHERE d.id = c.document_id")
        op.alter_column("codings", "text", existing_type=sa.Text(), nullable=False)
        op.alter_column("codings", "uuid", type_=sa.String(length=36),
                        existing_type=postgresql.UUID(as_uuid=False), existing_nullable=False,
                        postgresql_using="uuid::text")
        op.create_index("ix_codings_coder_id", "codings", ["coder_id"])
        op.drop_column("codings", "version")
    else:
        covered = ('(SELECT substr(CASE WHEN codings.version = d.version THEN d.text ELSE '
                   '(SELECT v.text FROM document_versions AS v WHERE v.document_id = d.id '
                   'AND v.version = codings.version) END, codings.start + 1, '
                   'codings."end" - codings.start) FROM documents AS d '
                   'WHERE d.id = codings.document_id)')
        _sqlite_rebuild(compact=False, values={
            "text": covered,
            "uuid": "qcode_uuid_text(uuid)",
            "created_at": "strftime('%Y-%m-%d %H:%M:%S.000000', created_at, 'unixepoch')",
        }, functions={"qcode_uuid_text": _uuid_text})
    op.drop_column("documents", "version")
    op.drop_table("document_versions")

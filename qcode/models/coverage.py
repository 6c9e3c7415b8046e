"""Derived tables of coded text, kept by :mod:`qcode.derived.coverage` for the theme matrices.

``code_coverage`` holds the islands (maximal runs of overlapping or touching spans) of the union
of all coders' codings of one code in one document; ``document_coverage`` the islands of all
codings of a document, whatever their code. Each island carries ``words``: the words of the
document it meets that no earlier island of the same union met, so the islands' words add up to
the words of the union.

Database triggers on ``codings`` (migration 0004) record every touched (code, document) pair in
``coverage_stale``; :func:`qcode.derived.coverage.refresh_coverage` recomputes those pairs.
They are plain tables (no ORM class): nothing but that function writes them.

``rollup_coverage`` serves roll-up rows: per code and document, the codings of the code and all
its descendants, and the characters and words of the union of their spans. Plain coding changes
refresh the (ancestor, document) pairs above each stale pair; a change of the codebook's shape
(a code deleted, or moved to another parent: triggers of migration 0008) records the parents
it touched in ``rollup_stale_codes``, and the next refresh recomputes those codes' rows and
their ancestors'.

``code_totals`` serves plain code rows the same way: per code and document, the code's own
codings and the characters and words of their union (the sums of the pair's islands), refreshed
for each stale pair, so a cell is one stored row rather than a sum over islands.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, Table

from qcode.models.base import Base

code_coverage = Table(
    "code_coverage", Base.metadata,
    Column("code_id", Integer, ForeignKey("codes.id", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True, autoincrement=False),
    Column("start", Integer, primary_key=True, autoincrement=False),
    Column("end", Integer, nullable=False),
    Column("words", Integer, nullable=False),
    Index("ix_code_coverage_document_id", "document_id"),  # deleting a document
    # Islands of a pair are disjoint, so (code, document, start) is a key; SQLite stores the
    # rows in key order (no rowid), so sums per code and document read one B-tree in order.
    sqlite_with_rowid=False,
)

document_coverage = Table(
    "document_coverage", Base.metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True, autoincrement=False),
    Column("start", Integer, primary_key=True, autoincrement=False),
    Column("end", Integer, nullable=False),
    Column("words", Integer, nullable=False),
    sqlite_with_rowid=False,
)

#: (code, document) pairs whose islands no longer match the codings (no foreign keys: a pair
#: may name a code or document deleted since; refreshing it then just drops its islands).
coverage_stale = Table(
    "coverage_stale", Base.metadata,
    Column("code_id", Integer, primary_key=True, autoincrement=False),
    Column("document_id", Integer, primary_key=True, autoincrement=False),
)

def _totals_table(name: str) -> Table:
    """Per (code, document): codings, and characters and words of their union."""
    return Table(
        name, Base.metadata,
        Column("code_id", Integer, ForeignKey("codes.id", ondelete="CASCADE"),
               primary_key=True, autoincrement=False),
        Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
               primary_key=True, autoincrement=False),
        Column("codings", Integer, nullable=False),
        Column("characters", Integer, nullable=False),
        Column("words", Integer, nullable=False),
        Index(f"ix_{name}_document_id", "document_id"),  # deleting a document
        sqlite_with_rowid=False,
    )


#: Documents whose coded text changed (a coding added, removed or moved; not recoded), so
#: their ``document_coverage`` islands no longer match (migration 0009). No foreign key.
document_stale = Table(
    "document_stale", Base.metadata,
    Column("document_id", Integer, primary_key=True, autoincrement=False),
)

rollup_coverage = _totals_table("rollup_coverage")  # the code's whole subtree
code_totals = _totals_table("code_totals")  # the code's own codings


#: Codes whose subtree changed shape (a sub-code moved in or out, or deleted): their rows and
#: their ancestors' rows in ``rollup_coverage`` are stale in every document. No foreign key:
#: the code may be gone since.
rollup_stale_codes = Table(
    "rollup_stale_codes", Base.metadata,
    Column("code_id", Integer, primary_key=True, autoincrement=False),
)

#: One row (id 1) while ``rollup_coverage`` must be rebuilt whole (a project upgraded to 0005).
rollup_rebuild = Table(
    "rollup_rebuild", Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
)

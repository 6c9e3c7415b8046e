"""Derived tables of coded text, kept by :mod:`qcode.analysis.coverage` for the theme matrices.

``code_coverage`` holds the islands (maximal runs of overlapping or touching spans) of the union
of all coders' codings of one code in one document; ``document_coverage`` the islands of all
codings of a document, whatever their code. Each island carries ``words``: the words of the
document it meets that no earlier island of the same union met, so the islands' words add up to
the words of the union.

Database triggers on ``codings`` (migration 0004) record every touched (code, document) pair in
``coverage_stale``; :func:`qcode.analysis.coverage.refresh_coverage` recomputes those pairs.
They are plain tables (no ORM class): nothing but that function writes them.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, Table

from qcode.models.base import Base

code_coverage = Table(
    "code_coverage", Base.metadata,
    Column("code_id", Integer, ForeignKey("codes.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("words", Integer, nullable=False),
    # Covering: per-code sums and ordered reads never touch the table.
    Index("ix_code_coverage_span", "code_id", "document_id", "start", "end", "words"),
    Index("ix_code_coverage_document_id", "document_id"),
)

document_coverage = Table(
    "document_coverage", Base.metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("words", Integer, nullable=False),
    Index("ix_document_coverage_span", "document_id", "start", "end", "words"),
)

#: (code, document) pairs whose islands no longer match the codings (no foreign keys: a pair
#: may name a code or document deleted since; refreshing it then just drops its islands).
coverage_stale = Table(
    "coverage_stale", Base.metadata,
    Column("code_id", Integer, primary_key=True, autoincrement=False),
    Column("document_id", Integer, primary_key=True, autoincrement=False),
)

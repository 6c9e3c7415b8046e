"""Refreshing the islands of a few stale (code, document) pairs and documents, by index.

Every statement names its pairs or documents by key, so an edit of one coding reads and writes
the rows of its pair and its document only, whatever the project holds: stored rows read and
written by primary key (never a scan of a table for rows that match the stale list; only rows
whose values changed are written, :mod:`qcode.derived.sync`), spans read through the codings'
covering indexes in span order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from sqlalchemy import Select, Table, bindparam, select
from sqlalchemy.orm import Session

from qcode.chunks import chunks
from qcode.derived.bulk import bound_rows, scope_rows
from qcode.derived.islands import islands_of, with_words
from qcode.derived.masks import word_masks
from qcode.derived.placed import placed_only, replaced_documents
from qcode.derived.sync import sync_rows
from qcode.models import Coding, code_coverage, code_totals, document_coverage


def _spans_by_pair(session: Session, pairs: Sequence[tuple[int, int]]
                   ) -> dict[tuple[int, int], list[tuple[int, int]]]:
    """The spans of each pair in start order, read per code through ``ix_codings_code_span``."""
    documents: dict[int, list[int]] = defaultdict(list)
    for code, doc in pairs:
        documents[code].append(doc)
    out: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    replaced = replaced_documents(session)
    for code, docs in documents.items():
        for chunk in chunks(sorted(docs)):
            for doc, start, end in _spans(session, code, chunk, replaced):
                out[code, doc].append((start, end))
    return out


def _spans(session: Session, code: int | None, documents: list[int],
           replaced: frozenset[int]) -> list[tuple[int, int, int]]:
    """``(document, start, end)`` of the codings of ``code`` (None: every code) in
    ``documents``, by document and start (placed on their current text)."""
    placed = not replaced.isdisjoint(documents)

    def statement() -> Select:
        stmt = (select(Coding.document_id, Coding.start, Coding.end)
                .where(Coding.document_id.in_(bindparam("documents", expanding=True)))
                .order_by(Coding.document_id, Coding.start))
        if code is not None:
            stmt = stmt.where(Coding.code_id == bindparam("code"))
        return placed_only(stmt, documents, replaced) if placed else stmt

    values = {"documents": documents} if code is None else {"documents": documents, "code": code}
    return bound_rows(session, ("spans", code is None, placed), statement, **values)


def _pair_scopes(session: Session, table: Table, pairs: Sequence[tuple[int, int]]
                 ) -> Iterator[list[tuple]]:
    """``table``'s stored rows of ``pairs``, read per code and chunk of documents."""
    documents: dict[int, list[int]] = defaultdict(list)
    for code, doc in pairs:
        documents[code].append(doc)
    for code, docs in sorted(documents.items()):
        for chunk in chunks(sorted(docs)):
            yield scope_rows(session, table, code, chunk)


def refresh_pairs(session: Session, pairs: Sequence[tuple[int, int]]) -> None:
    """Recompute the islands (``code_coverage``) and ``code_totals`` row of each pair."""
    spans = _spans_by_pair(session, pairs)
    masks = word_masks(session, {doc for _, doc in spans})
    islands: list[tuple[int, int, int, int, int]] = []
    totals: list[tuple[int, int, int, int, int]] = []
    for (code, doc), group in sorted(spans.items()):
        characters = words = 0
        for start, end, new in with_words(islands_of(group), masks[doc]):
            islands.append((code, doc, start, end, new))
            characters += end - start
            words += new
        totals.append((code, doc, len(group), characters, words))
    sync_rows(session, code_coverage, _pair_scopes(session, code_coverage, pairs), islands)
    sync_rows(session, code_totals, _pair_scopes(session, code_totals, pairs), totals)


def refresh_documents(session: Session, documents: Sequence[int]) -> None:
    """Recompute the islands of all codings of each document (``document_coverage``)."""
    rows: list[tuple[int, int, int, int]] = []
    replaced = replaced_documents(session)
    for chunk in chunks(sorted(documents)):
        spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for doc, start, end in _spans(session, None, chunk, replaced):
            spans[doc].append((start, end))
        masks = word_masks(session, spans)
        for doc, group in spans.items():
            rows.extend((doc, *island) for island in with_words(islands_of(group), masks[doc]))
    sync_rows(session, document_coverage, (scope_rows(session, document_coverage, None, chunk)
                                           for chunk in chunks(sorted(documents))), rows)

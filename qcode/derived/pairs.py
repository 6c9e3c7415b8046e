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

from sqlalchemy import Select, Table, select
from sqlalchemy.orm import Session

from qcode.chunks import chunks
from qcode.derived.bulk import plain_rows
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
            stmt = (select(Coding.document_id, Coding.start, Coding.end)
                    .where(Coding.code_id == code, Coding.document_id.in_(chunk))
                    .order_by(Coding.document_id, Coding.start))
            for doc, start, end in plain_rows(session, placed_only(stmt, chunk, replaced)):
                out[code, doc].append((start, end))
    return out


def _pair_scopes(table: Table, pairs: Sequence[tuple[int, int]]) -> Iterator[Select]:
    """Selects of ``table``'s stored rows of ``pairs``, per code and chunk of documents."""
    documents: dict[int, list[int]] = defaultdict(list)
    for code, doc in pairs:
        documents[code].append(doc)
    for code, docs in sorted(documents.items()):
        for chunk in chunks(sorted(docs)):
            yield select(table).where(table.c.code_id == code, table.c.document_id.in_(chunk))


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
    sync_rows(session, code_coverage, _pair_scopes(code_coverage, pairs), islands)
    sync_rows(session, code_totals, _pair_scopes(code_totals, pairs), totals)


def refresh_documents(session: Session, documents: Sequence[int]) -> None:
    """Recompute the islands of all codings of each document (``document_coverage``)."""
    rows: list[tuple[int, int, int, int]] = []
    replaced = replaced_documents(session)
    for chunk in chunks(sorted(documents)):
        spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for doc, start, end in plain_rows(session, placed_only(
                select(Coding.document_id, Coding.start, Coding.end)
                .where(Coding.document_id.in_(chunk))
                .order_by(Coding.document_id, Coding.start), chunk, replaced)):
            spans[doc].append((start, end))
        masks = word_masks(session, spans)
        for doc, group in spans.items():
            rows.extend((doc, *island) for island in with_words(islands_of(group), masks[doc]))
    t = document_coverage
    sync_rows(session, t, (select(t).where(t.c.document_id.in_(chunk))
                           for chunk in chunks(sorted(documents))), rows)

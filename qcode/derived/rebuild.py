"""Rebuilding the derived tables of whole documents (or of the whole project) in one pass.

After a bulk write (an import of many codings) or for a file whose tables are missing (an
upgraded project, one built by another program) the tables of the touched documents are
recomputed from one scan of their codings in (document, code, start) order: each document's
codings are read once, and its code islands, code totals, document islands and roll-up rows
all come from them, bottom-up (a parent's union merges its children's unions and its own
islands). The work is reported to an optional progress callback
(:mod:`qcode.progress`) as codings done out of the total.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, groupby
from operator import itemgetter

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session

from qcode.db import large_page_cache
from qcode.derived.bulk import insert_rows, plain_rows
from qcode.derived.islands import islands_of, union_extent, with_words
from qcode.derived.masks import WORD, word_masks
from qcode.derived.pairs import chunks
from qcode.derived.tree import Codebook
from qcode.models import (
    Coding,
    Document,
    code_coverage,
    code_totals,
    document_coverage,
    rollup_coverage,
)
from qcode.progress import Progress, report

TABLES = (code_coverage, code_totals, document_coverage, rollup_coverage)
_FLUSH_ROWS = 200_000  # rows held before they are written
_BATCH_DOCUMENTS = 200  # documents read at once
LABEL = "Counting coded text"
_SENTINEL = ((0, 0, 1 << 62, 1 << 62),)  # starts after every island: closes the last


class _Rows:
    """The rows of each table, written in batches."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_table: dict[Table, list[tuple[int, ...]]] = {t: [] for t in TABLES}

    def held(self) -> int:
        return sum(map(len, self.by_table.values()))

    def flush(self) -> None:
        for table, rows in self.by_table.items():
            insert_rows(self.session, table, rows)
            rows.clear()


def rebuild_documents(session: Session, documents: Sequence[int] | None,
                      progress: Progress | None = None) -> None:
    """Recompute every derived row of ``documents`` (None: of every document)."""
    with large_page_cache(session.connection()):
        _rebuild(session, documents, progress)


def _rebuild(session: Session, documents: Sequence[int] | None,
             progress: Progress | None) -> None:
    connection = session.connection()
    tree = Codebook.read(session)
    parents = {code for code, kids in tree.children.items() if kids}
    chains = {code: tuple(tree.chain(code)[0 if code in parents else 1:])
              for code in tree.parents}  # the roll-ups each code's islands go to
    if documents is None:
        _empty_tables(session)
        documents = connection.execute(select(Document.id).order_by(Document.id)
                                       ).scalars().all()
    else:
        documents = sorted(documents)
        for chunk in chunks(documents):
            for table in TABLES:
                connection.execute(delete(table).where(table.c.document_id.in_(chunk)))
    total = sum(connection.execute(select(func.count()).select_from(Coding)
                                   .where(Coding.document_id.in_(chunk))).scalar_one()
                for chunk in chunks(documents))
    rows = _Rows(session)
    done = 0
    report(progress, 0, total, LABEL)
    for doc, mask, codings in _documents(session, documents):
        done += _document(doc, mask, codings, chains, parents, rows)
        if rows.held() >= _FLUSH_ROWS:
            rows.flush()
            report(progress, done, total, LABEL)
    rows.flush()
    for table in TABLES:
        for index in table.indexes:
            index.create(connection, checkfirst=True)
    report(progress, total, total, LABEL)


def _empty_tables(session: Session) -> None:
    """Drop the tables and make them again, their secondary indexes left for the end.

    Deleting a million rows one by one (a DELETE with foreign keys on, each row also taken
    out of the document index) costs far more than writing them; dropping costs nothing, and
    an index built once over sorted keys costs less than one kept up row by row.
    """
    connection = session.connection()
    for table in TABLES:
        table.drop(connection)
        table.create(connection)
        for index in table.indexes:
            index.drop(connection)


def _documents(session: Session, documents: list[int]
               ) -> Iterator[tuple[int, str, list[tuple[int, int, int, int]]]]:
    """Each document's ``(document, code, start, end)`` codings in code and start order, with
    its word mask, read a batch of documents at a time (the caller writes in between)."""
    for batch in chunks(documents, _BATCH_DOCUMENTS):
        stmt = (select(Coding.document_id, Coding.code_id, Coding.start, Coding.end)
                .where(Coding.document_id.in_(batch))
                .order_by(Coding.document_id, Coding.code_id, Coding.start))
        codings = plain_rows(session, stmt)
        masks = word_masks(session, batch)
        for doc, group in groupby(codings, itemgetter(0)):
            yield doc, masks[doc], list(group)


def _document(doc: int, mask: str, codings: list[tuple[int, int, int, int]],
              chains: dict[int, tuple[int, ...]], parents: set[int], rows: _Rows) -> int:
    """Add the rows of one document; its codings come in (code, start) order. A code's
    ``chains`` entry is the codes with sub-codes whose unions its islands join (itself
    included if it has sub-codes); a code without sub-codes rolls up to its own totals."""
    islands_out = rows.by_table[code_coverage]
    totals_out = rows.by_table[code_totals]
    rollup_out = rows.by_table[rollup_coverage]
    unions: dict[int, list[tuple[int, int]]] = {}
    counts: dict[int, int] = {}
    everything: list[tuple[int, int]] = []
    for code, group in groupby(codings, itemgetter(1)):
        islands: list[tuple[int, int]] = []
        n, characters, words = _code_islands(code, doc, group, mask, islands_out, islands)
        totals = (code, doc, n, characters, words)
        totals_out.append(totals)
        if code not in parents:
            rollup_out.append(totals)
        everything.extend(islands)
        for ancestor in chains.get(code, ()):
            counts[ancestor] = counts.get(ancestor, 0) + n
            unions.setdefault(ancestor, []).extend(islands)
    for ancestor, spans in unions.items():
        spans.sort()
        rollup_out.append((ancestor, doc, counts[ancestor], *union_extent(spans, mask)))
    everything.sort()
    rows.by_table[document_coverage].extend(
        (doc, *island) for island in with_words(islands_of(everything), mask))
    return len(codings)


def _code_islands(code: int, doc: int, codings: Iterable[tuple[int, int, int, int]],
                  mask: str, out: list[tuple[int, ...]], islands: list[tuple[int, int]]
                  ) -> tuple[int, int, int]:
    """Merge one code's codings (in start order) into islands, appended to ``islands`` and,
    with their new words, to ``out`` (:func:`islands_of` and :func:`new_words` in one pass,
    written out: a rebuild counts a million islands); the codings, characters and words.

    A sentinel coding after the last closes the last island in the loop itself."""
    count, find = mask.count, mask.find
    n = characters = words = 0
    lo = hi = before = -1
    for _doc, _code, start, end in chain(codings, _SENTINEL):
        n += 1
        if start <= hi:
            if end > hi:
                hi = end
            continue
        if hi >= 0:
            new = count(" a", lo, hi) + (mask[lo] == WORD)
            if new and before > 0 and mask[before - 1] == WORD and mask[lo] == WORD \
                    and find(" ", before, lo) == -1:
                new -= 1
            out.append((code, doc, lo, hi, new))
            islands.append((lo, hi))
            characters += hi - lo
            words += new
            before = hi
        lo, hi = start, end
    return n - 1, characters, words

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

from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import chain, groupby
from operator import itemgetter

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session

from qcode.chunks import chunks
from qcode.db_bulk import begin_now, large_page_cache
from qcode.derived.bulk import insert_rows, plain_rows
from qcode.derived.islands import islands_of, union_totals, with_words
from qcode.derived.masks import WORD, word_masks
from qcode.derived.placed import placed_only, replaced_documents
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
_FLUSH_CODINGS = 100_000  # codings counted before their rows (about twice as many) are written
_BATCH_DOCUMENTS = 200  # documents read at once
LABEL = "Counting coded text"
_SENTINEL = ((0, 0, 1 << 62, 1 << 62),)  # starts after every island: closes the last
_START = _CODE = itemgetter(0)
_CODING_START, _SPAN = itemgetter(2), itemgetter(2, 3)


class _Rows:
    """The rows of each table, written in batches, each in key order (a stable sort by code
    of rows made in document order puts them there)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_table: dict[Table, list[tuple[int, ...]]] = {t: [] for t in TABLES}

    def flush(self) -> None:
        for table, rows in self.by_table.items():
            if table is not document_coverage:
                rows.sort(key=_CODE)  # made by document, then code, then start
            insert_rows(self.session, table, rows, ordered=True)
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
    whole = documents is None
    if documents is None:
        _empty_tables(session)
        documents = connection.execute(select(Document.id).order_by(Document.id)
                                       ).scalars().all()
    else:
        documents = sorted(documents)
        for chunk in chunks(documents):
            for table in TABLES:
                connection.execute(delete(table).where(table.c.document_id.in_(chunk)))
    total = connection.execute(select(func.count()).select_from(Coding)).scalar_one() \
        if whole else sum(connection.execute(select(func.count()).select_from(Coding)
                                             .where(Coding.document_id.in_(chunk))).scalar_one()
                          for chunk in chunks(documents))
    rows = _Rows(session)
    done = held = 0
    report(progress, 0, total, LABEL)
    for doc, mask, codings in _documents(session, documents):
        held += _document(doc, mask, codings, chains, parents, rows)
        if held >= _FLUSH_CODINGS:
            rows.flush()
            done, held = done + held, 0
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
    if connection.dialect.name != "sqlite":
        # A server project: the tables are shared by every analyst and owned by the lead, so
        # their rows go, not the tables (a DROP needs the owner, and locks out every reader).
        for table in TABLES:
            connection.execute(delete(table))
        return
    begin_now(connection)  # the drops belong to the caller's transaction
    for table in TABLES:
        table.drop(connection)
        table.create(connection)
        for index in table.indexes:
            index.drop(connection)


def _documents(session: Session, documents: list[int]
               ) -> Iterator[tuple[int, str, list[tuple[int, int, int, int]]]]:
    """Each document's ``(document, code, start, end)`` codings in code and start order, with
    its word mask, read a batch of documents at a time (the caller writes in between)."""
    replaced = replaced_documents(session)
    for batch in chunks(documents, _BATCH_DOCUMENTS):
        stmt = (select(Coding.document_id, Coding.code_id, Coding.start, Coding.end)
                .where(Coding.document_id.in_(batch))
                .order_by(Coding.document_id, Coding.code_id, Coding.start))
        codings = plain_rows(session, placed_only(stmt, batch, replaced))
        masks = word_masks(session, batch)
        for doc, group in groupby(codings, itemgetter(0)):
            yield doc, masks[doc], list(group)


def _document(doc: int, mask: str, codings: list[tuple[int, int, int, int]],
              chains: dict[int, tuple[int, ...]], parents: set[int], rows: _Rows) -> int:
    """Add the rows of one document; its codings come in (code, start) order. A code's
    ``chains`` entry is the codes with sub-codes whose unions its islands join (itself
    included if it has sub-codes); a code without sub-codes rolls up to its own totals.

    One pass merges each code's codings into islands and counts their words (a sentinel
    coding of no code closes the last); each roll-up is then the union of the islands it
    gathers (:func:`union_totals`), not of the codings again. The document's own islands
    are those of its codings sorted by start alone (heavily overlapping: a few per document).
    A word reaches from one island into the next when there is no space from the last
    character of the one to the first of the other (one ``str.find``).
    """
    islands_out = rows.by_table[code_coverage]
    totals_out = rows.by_table[code_totals]
    rollup_out = rows.by_table[rollup_coverage]
    count, find = mask.count, mask.find
    unions: defaultdict[int, list[tuple[int, int, int]]] = defaultdict(list)
    counts: defaultdict[int, int] = defaultdict(int)
    word = WORD
    own: list[tuple[int, int, int]] = []
    code = codings[0][1]
    n = characters = words = 0
    lo = hi = before = -1
    for _doc, c, start, end in chain(codings, _SENTINEL):
        if start <= hi and c == code:
            n += 1
            if end > hi:
                hi = end
            continue
        if hi >= 0:  # the island [lo, hi) of ``code`` is closed
            met = new = count(" a", lo, hi) + (mask[lo] == word)
            if before > 0 and find(" ", before - 1, lo + 1) == -1:
                new -= 1
            islands_out.append((code, doc, lo, hi, new))
            own.append((lo, hi, met))
            characters += hi - lo
            words += new
            before = hi
        if c != code:  # ``code`` is done
            totals = (code, doc, n, characters, words)
            totals_out.append(totals)
            if code not in parents:
                rollup_out.append(totals)
            for ancestor in chains.get(code, ()):
                counts[ancestor] += n
                unions[ancestor].extend(own)
            code, own, n, characters, words, before = c, [], 0, 0, 0, -1
        n += 1
        lo, hi = start, end
    for ancestor, islands in unions.items():
        islands.sort(key=_START)  # by start alone: any order of equal starts unions alike
        rollup_out.append((ancestor, doc, counts[ancestor], *union_totals(islands, mask)))
    everything = islands_of(map(_SPAN, sorted(codings, key=_CODING_START)))
    rows.by_table[document_coverage].extend(
        (doc, *island) for island in with_words(everything, mask))
    return len(codings)

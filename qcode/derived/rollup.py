"""Keeping ``rollup_coverage`` (:mod:`qcode.models.coverage`) true to the codings and the tree.

Per (code, document) the table holds the codings of the code's whole subtree and the
characters and words of their union. It is refreshed last, from the fresh ``code_totals``
(codings) and ``code_coverage`` (spans, already merged per code). :func:`refresh_rollup`
recomputes what an edit touched: the (ancestor, document) pairs above each stale (code,
document) pair, and every row of the codes whose subtree changed shape (triggers on ``codes``
record the old and new parent of a moved code and the parent of a deleted one in
``rollup_stale_codes``). A code without sub-codes rolls up to its own totals: its rows are
read from ``code_totals``. Only rows whose values changed are written
(:mod:`qcode.derived.sync`). The whole table is rebuilt with the other tables by
:mod:`qcode.derived.rebuild`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import partial

from sqlalchemy import Select, Table, bindparam, func, select
from sqlalchemy.orm import Session

from qcode.chunks import chunks
from qcode.derived.bulk import bound_rows, scope_rows
from qcode.derived.islands import extents_by_document
from qcode.derived.masks import word_masks
from qcode.derived.sync import sync_rows
from qcode.derived.tree import Codebook
from qcode.models import code_coverage, code_totals, rollup_coverage


def refresh_rollup(session: Session, pairs: Sequence[tuple[int, int]],
                   stale_codes: set[int]) -> None:
    """Recompute the roll-up rows that the stale ``pairs`` and ``stale_codes`` touch.

    A stale (code, document) pair makes each (ancestor, document) pair above it stale (a few
    per edit). A stale code (one whose sub-codes changed) makes the rows of the code and its
    ancestors stale in every document.
    """
    tree = Codebook.read(session)
    targets: dict[int, set[int] | None] = {
        a: None for code in stale_codes for a in tree.chain(code)}
    for code, doc in pairs:
        for a in tree.chain(code):
            documents = targets.setdefault(a, set())
            if documents is not None:
                documents.add(doc)
    gone = [code for code in targets if code not in tree.parents]  # deleted since
    for code in gone:
        del targets[code]
    rows = [row for code in sorted(c for c in targets if not tree.children.get(c))
            for row in _own_rows(session, code, targets[code])]
    rows += _union_rows(session, tree, {c: d for c, d in targets.items()
                                        if tree.children.get(c)})
    sync_rows(session, rollup_coverage, (
        scope_rows(session, rollup_coverage, code, part)
        for code, documents in sorted(targets.items())
        for part in _parts(documents)), rows)


def _parts(documents: Iterable[int] | None) -> Iterator[list[int] | None]:
    """None (every document) as is, or ``documents`` a chunk at a time."""
    if documents is None:
        yield None
        return
    yield from chunks(sorted(documents))


def _own_rows(session: Session, code: int, documents: set[int] | None) -> list[tuple]:
    """A code without sub-codes rolls up to its own totals."""
    return [tuple(r) for part in _parts(documents)
            for r in scope_rows(session, code_totals, code, part)]


def _union_rows(session: Session, tree: Codebook, targets: dict[int, set[int] | None]
                ) -> list[tuple[int, int, int, int, int]]:
    """The roll-up rows of codes with sub-codes, each in its documents (None: all).

    The islands of a target's whole subtree come sorted by document and span from the
    database and are unioned in one pass (:func:`extents_by_document`): no per-span Python
    work beyond that pass (a move of a sub-theme unions ~100,000 islands). Targets nest (a
    move makes the new parent and its ancestors stale): the islands of the outermost are read
    once and each target inside it takes its own from them, not from the database again.
    """
    subtrees = {target: set(tree.subtree(target)) for target in targets}
    counts: dict[int, dict[int, int]] = {}
    for target in sorted(targets, key=lambda t: -len(tree.chain(t))):  # sub-codes first
        counts[target] = _codings(session, tree, target, targets, counts)
    masks = word_masks(session, {doc for per_doc in counts.values() for doc in per_doc})
    rows: list[tuple[int, int, int, int, int]] = []
    for outer, inner in _nests(tree, targets).items():
        scope = targets[outer]  # an ancestor's documents hold its sub-codes' documents
        spans = _islands(session, sorted(subtrees[outer]), scope)
        for target in (outer, *inner):
            own = spans if target == outer else \
                _within(spans, subtrees[target], targets[target], scope)
            rows.extend((target, doc, counts[target][doc], characters, words)
                        for doc, characters, words in extents_by_document(own, masks))
    return rows


def _nests(tree: Codebook, targets: dict[int, set[int] | None]) -> dict[int, list[int]]:
    """Each outermost target (no ancestor is a target) with the targets below it."""
    nests: dict[int, list[int]] = {}
    for target in sorted(targets):
        outer = [a for a in tree.chain(target) if a in targets][-1]
        nests.setdefault(outer, [])
        if outer != target:
            nests[outer].append(target)
    return nests


def _within(spans: list[tuple[int, int, int, int, int]], codes: set[int],
            documents: set[int] | None, read: set[int] | None
            ) -> list[tuple[int, int, int, int, int]]:
    """The ``(document, start, end, code, words)`` islands of ``codes`` in ``documents`` (None:
    all) among ``spans``, read for the documents ``read``."""
    if documents is None or documents == read:
        return [s for s in spans if s[3] in codes]
    return [s for s in spans if s[3] in codes and s[0] in documents]


def _codings(session: Session, tree: Codebook, target: int,
             targets: dict[int, set[int] | None], done: dict[int, dict[int, int]]
             ) -> dict[int, int]:
    """Codings of ``target``'s subtree per document of its scope (None: all).

    Its own codings and those of its sub-codes' subtrees: a sub-code without sub-codes reads
    ``code_totals``, one with sub-codes its roll-up row, stored or (when it is a target
    itself) just counted, so a theme sums a few rows per document, not every code under it.
    Where a sub-code is a target for fewer documents, the whole subtree's totals are summed.
    """
    documents = targets[target]
    children = tree.children.get(target, [])
    counted = [c for c in children if c in done]
    if any(not _covers(targets[c], documents) for c in counted):
        return _summed(session, code_totals, sorted(tree.subtree(target)), documents)
    stored = [c for c in children if c not in done and tree.children.get(c)]
    out = _summed(session, code_totals, sorted({target, *children} - {*counted, *stored}),
                  documents)
    for doc, n in _summed(session, rollup_coverage, stored, documents).items():
        out[doc] = out.get(doc, 0) + n
    for child in counted:
        for doc, n in done[child].items():
            if documents is None or doc in documents:
                out[doc] = out.get(doc, 0) + n
    return out


def _covers(scope: set[int] | None, documents: set[int] | None) -> bool:
    return scope is None or (documents is not None and documents <= scope)


def _summed(session: Session, table: Table, codes: list[int], documents: set[int] | None
            ) -> dict[int, int]:
    """``table``'s codings of ``codes`` summed per document (of ``documents``; None: all)."""
    if not codes:
        return {}
    t = table.c

    def statement(every: bool) -> Select:
        stmt = select(t.document_id, func.sum(t.codings)).where(
            t.code_id.in_(bindparam("codes", expanding=True)))
        if not every:
            stmt = stmt.where(t.document_id.in_(bindparam("documents", expanding=True)))
        return stmt.group_by(t.document_id)

    return {doc: int(n) for part in _parts(documents)
            for doc, n in bound_rows(
                session, ("summed", table.name, part is None),
                partial(statement, part is None), codes=codes,
                **({} if part is None else {"documents": part}))}


def _islands(session: Session, codes: list[int], documents: set[int] | None
             ) -> list[tuple[int, int, int, int, int]]:
    """``(document, start, end, code, words)`` islands of ``codes`` in document and span
    order."""
    cc = code_coverage.c

    def statement(every: bool) -> Select:
        stmt = select(cc.document_id, cc.start, cc.end, cc.code_id, cc.words).where(
            cc.code_id.in_(bindparam("codes", expanding=True)))
        if not every:
            stmt = stmt.where(cc.document_id.in_(bindparam("documents", expanding=True)))
        return stmt.order_by(cc.document_id, cc.start)

    parts = [bound_rows(session, ("islands", part is None), partial(statement, part is None),
                        codes=codes, **({} if part is None else {"documents": part}))
             for part in _parts(documents)]
    return parts[0] if len(parts) == 1 else [row for part in parts for row in part]

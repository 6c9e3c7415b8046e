"""Search the whole project, or a scope of it: :func:`search`.

The documents in scope (attribute filters, ``document_ids``) are read in their order
(``Document.position``, then id) and each is searched by one :class:`~qcode.search.match.Matcher`
(the engine of the viewer's find bar too), over its whole text or over the stretches of its
region (one speaker's turns, the passages coded with one code: :mod:`qcode.search.regions`).
Exact and regular-expression hits come in document order, then by start; typo-tolerant hits
best score first, ties in document order. ``limit`` caps the hits built; ``total`` counts all.
Documents are searched in batches of about :data:`BATCH_CHARS` characters (the typo-tolerant
filter runs once over a batch), and progress is told after each batch.
A regular expression gets ``timeout`` seconds for the whole search (:mod:`qcode.search.regex_run`):
past it the search stops with one InputError line; with ``progress``, cancelling is heard while
it runs too, not only between batches.
A scan, not an index: it reads nothing but the texts, so it runs the same on PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from qcode.analysis.scope import resolve
from qcode.models import Document
from qcode.progress import Progress, report
from qcode.resolve import resolve_code
from qcode.search.match import Matcher, Scored, make_matcher
from qcode.search.query import Hit, SearchQuery, SearchResult
from qcode.search.regex_run import REGEX_TIMEOUT, RegexBudget
from qcode.search.regions import Regions, Speakers, both, coded_regions, resolve_speaker
from qcode.search.regions import speaker_regions as spoken_regions

#: characters of text searched at a time (progress is told, and cancelling heard, between)
BATCH_CHARS = 1_000_000
#: (document index in reading order, document id, name, text)
_Doc = tuple[int, int, str, str]


def search(session: Session, query: SearchQuery, *, limit: int | None = None,
           progress: Progress | None = None, timeout: float = REGEX_TIMEOUT) -> SearchResult:
    """Every hit of ``query`` in its scope (rules in the module docstring). InputError or
    NotFound for a bad (or too slow) regular expression, speaker, code, attribute or coder."""
    matcher = make_matcher(query.text, query.mode, whole_words=query.whole_words,
                           case_sensitive=query.case_sensitive, normalised=query.normalise)
    documents, regions = _scope(session, query)
    if not query.text or (matcher.mode != "fuzzy" and matcher.pattern is None):
        return SearchResult((), 0, 0)
    rows = session.execute(select(Document.id, Document.name, Document.text)
                           .where(documents).order_by(Document.position, Document.id)).all()
    found: list[tuple[_Doc, list[Scored]]] = []
    batch: list[tuple[_Doc, int, str]] = []  # (document, offset, text searched)
    searched = size = 0
    report(progress, 0, len(rows), "")
    told = [0, ""]  # documents done and the last name told, for a cancel check meanwhile
    budget = RegexBudget(timeout, None if progress is None else
                         lambda: report(progress, told[0], len(rows), told[1]))
    for index, (doc_id, name, text) in enumerate(rows):
        doc = (index, doc_id, name, text)
        if regions is None:
            batch.append((doc, 0, text))
        elif doc_id in regions:
            batch += [(doc, lo, text[lo:hi]) for lo, hi in regions[doc_id] if lo < hi]
        searched += regions is None or doc_id in regions
        size += len(text)
        if size >= BATCH_CHARS or index == len(rows) - 1:
            found += _found(matcher, batch, budget)
            batch, size = [], 0
            told[:] = [index + 1, name]
            report(progress, index + 1, len(rows), name)
    total = sum(len(hits) for _, hits in found)
    chosen = _ranked(found, limit) if query.mode == "fuzzy" else _in_order(found, limit)
    return SearchResult(_hits(session, chosen, query.context), total, searched)


def _scope(session: Session, query: SearchQuery) -> tuple[ColumnElement[bool], Regions | None]:
    """The condition on Document for the documents in scope, and the stretches of each
    document searched (None: whole texts)."""
    scope = resolve(session, query.filters)
    documents = scope.documents(Document.id)
    if query.document_ids is not None:
        documents = documents & Document.id.in_(query.document_ids)
    spoken = coded = None
    if query.speaker is not None:
        spoken = spoken_regions(session, resolve_speaker(session, query.speaker), documents)
    if query.code is not None:
        code_id = resolve_code(session, query.code).id
        coded = coded_regions(session, code_id, scope.coder_ids, documents)
    return documents, both(spoken, coded)


def _found(matcher: Matcher, batch: list[tuple[_Doc, int, str]], budget: RegexBudget
           ) -> list[tuple[_Doc, list[Scored]]]:
    """Each document of ``batch`` with hits, and its hits (offsets into its text)."""
    found: list[tuple[_Doc, list[Scored]]] = []
    every = matcher.find_many([piece for _, _, piece in batch], budget)
    for (doc, offset, _), hits in zip(batch, every, strict=True):
        if not hits:
            continue
        if not found or found[-1][0] is not doc:
            found.append((doc, []))
        found[-1][1].extend((s + offset, e + offset, score) for s, e, score in hits)
    return found


def _in_order(found: list[tuple[_Doc, list[Scored]]], limit: int | None
              ) -> list[tuple[_Doc, Scored]]:
    chosen: list[tuple[_Doc, Scored]] = []
    for doc, hits in found:
        for hit in hits:
            if limit is not None and len(chosen) >= limit:
                return chosen
            chosen.append((doc, hit))
    return chosen


def _ranked(found: list[tuple[_Doc, list[Scored]]], limit: int | None
            ) -> list[tuple[_Doc, Scored]]:
    """Best score first; ties in document order, then by start."""
    every = [(doc, hit) for doc, hits in found for hit in hits]
    every.sort(key=lambda pair: (-pair[1][2], pair[0][0], pair[1][0]))
    return every if limit is None else every[:limit]


def _hits(session: Session, chosen: list[tuple[_Doc, Scored]], context: int) -> tuple[Hit, ...]:
    speakers = Speakers(session, {doc[1] for doc, _ in chosen})
    return tuple(
        Hit(document_id=doc_id, document=name, start=start, end=end, text=text[start:end],
            left=text[max(0, start - context):start], right=text[end:end + context],
            speaker=speakers.at(doc_id, start), score=score)
        for (_, doc_id, name, text), (start, end, score) in chosen)

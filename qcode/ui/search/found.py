"""What one search found, as the panel shows it: the first hits with the codes already on each.

Qt-free: :func:`find` runs on a worker thread in a read session of its own (see
:class:`qcode.ui.analysis.compute.Recomputer`) and returns plain frozen data only.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.models import Code, Document
from qcode.progress import Progress
from qcode.queries import code_paths
from qcode.search.corpus import search
from qcode.search.query import Hit, SearchQuery
from qcode.search.regex_run import REGEX_TIMEOUT
from qcode.search.span_codes import codes_on_spans

#: hits listed at most (the count says how many there are in all)
SHOWN = 1_000


@dataclass(frozen=True)
class CodeTag:
    """A code already on a hit: its path and colour."""

    path: str
    colour: str


@dataclass(frozen=True)
class Found:
    query: SearchQuery
    hits: tuple[Hit, ...]
    #: the codes on each hit (codings sharing a character with it), parallel to ``hits``
    codes: tuple[tuple[CodeTag, ...], ...]
    total: int
    #: the text version of each document with a listed hit: a change to one means a new text
    versions: tuple[tuple[int, int], ...] = ()

    @property
    def truncated(self) -> bool:
        return self.total > len(self.hits)

    @property
    def documents(self) -> int:
        """Documents with a listed hit (all hits' documents unless ``truncated``)."""
        return len({hit.document_id for hit in self.hits})


def find(session: Session, query: SearchQuery, progress: Progress | None = None, *,
         timeout: float = REGEX_TIMEOUT) -> Found:
    """The first :data:`SHOWN` hits of ``query`` and the codes on them. A regular expression
    gets ``timeout`` seconds, and a cancel through ``progress`` stops it while it runs."""
    result = search(session, query, limit=SHOWN, progress=progress, timeout=timeout)
    ids = {hit.document_id for hit in result.hits}
    return Found(query, result.hits, hit_codes(session, result.hits), result.total,
                 text_versions(session, ids))


def hit_codes(session: Session, hits: tuple[Hit, ...]) -> tuple[tuple[CodeTag, ...], ...]:
    """The codes on each hit (one query per document, :mod:`qcode.search.span_codes`)."""
    if not hits:
        return ()
    on = codes_on_spans(session, [(h.document_id, h.start, h.end) for h in hits])
    paths = code_paths(session)
    colours = {paths[code_id]: colour
               for code_id, colour in session.execute(select(Code.id, Code.colour))}
    return tuple(tuple(CodeTag(path, colours.get(path, "")) for path in codes) for codes in on)


def text_versions(session: Session, document_ids: Collection[int]
                  ) -> tuple[tuple[int, int], ...]:
    """(document id, text version) of the documents that still exist, by id."""
    if not document_ids:
        return ()
    rows = session.execute(select(Document.id, Document.version)
                           .where(Document.id.in_(sorted(document_ids)))
                           .order_by(Document.id)).all()
    return tuple((doc_id, version) for doc_id, version in rows)

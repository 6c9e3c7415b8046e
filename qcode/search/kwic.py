"""Keyword in context: each hit of a search with the text either side and the codes already
on it, the table the KWIC export writes and the search panel lists."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from qcode.analysis.scope import resolve
from qcode.progress import Progress
from qcode.search.corpus import search
from qcode.search.query import Hit, SearchQuery
from qcode.search.regex_run import REGEX_TIMEOUT
from qcode.search.span_codes import codes_on_spans

#: the columns of a KWIC table, in order
KWIC_COLUMNS = ("document", "speaker", "start", "end", "left", "hit", "right", "codes")


@dataclass(frozen=True)
class KwicTable:
    """The hits of ``query`` (at most ``limit`` of ``total``) and, for each, the paths of the
    codes on it (:func:`qcode.search.span_codes.codes_on_spans`; only the codings of
    ``query.filters.coders`` when some are named)."""

    query: SearchQuery
    hits: tuple[Hit, ...]
    codes: tuple[tuple[str, ...], ...]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.hits)


def codes_on_hits(session: Session, query: SearchQuery, hits: tuple[Hit, ...]
                  ) -> tuple[tuple[str, ...], ...]:
    """The codes on each hit, by the query's coders when it names some."""
    coder_ids = resolve(session, query.filters).coder_ids
    return tuple(codes_on_spans(session, [(h.document_id, h.start, h.end) for h in hits],
                                coder_ids=coder_ids))


def build_kwic(session: Session, query: SearchQuery, *, limit: int | None = None,
               progress: Progress | None = None, timeout: float = REGEX_TIMEOUT) -> KwicTable:
    """Search, then look up the codes on every hit (a regular expression gets ``timeout``
    seconds)."""
    result = search(session, query, limit=limit, progress=progress, timeout=timeout)
    return KwicTable(query, result.hits, codes_on_hits(session, query, result.hits),
                     result.total)

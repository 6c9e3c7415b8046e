"""Where in each document a scoped search looks: one speaker's turns, the passages coded with
one code (and the codes below it), and the speaker of a hit.

A region is a list of ``(start, end)`` stretches of a document, sorted and not overlapping:
a speaker's region is the union of their turns (as in :mod:`qcode.analysis.speakers`), a
code's the union of its codings on the document's current text (by the chosen coders, if
any). Both together: their intersection. A hit must lie wholly inside one stretch.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from qcode.chunks import CHUNK
from qcode.derived.islands import islands_of
from qcode.derived.placed import placed_codings
from qcode.derived.tree import code_tree
from qcode.errors import InputError
from qcode.models import Coding, Document, SpeakerTurn

Span = tuple[int, int]
Regions = dict[int, list[Span]]
MAX_LISTED = 10


def resolve_speaker(session: Session, typed: str) -> str:
    """The speaker ``typed`` names: as written, else the one equal to it ignoring case."""
    names = session.scalars(select(SpeakerTurn.speaker).distinct()).all()
    wanted = typed.strip()
    if wanted in names:
        return wanted
    folded = [n for n in names if n.casefold() == wanted.casefold()]
    if len(folded) == 1:
        return folded[0]
    known = sorted(names, key=str.casefold)
    shown = ", ".join(known[:MAX_LISTED]) + (
        f" and {len(known) - MAX_LISTED} more" if len(known) > MAX_LISTED else "")
    hint = f" (speakers: {shown})" if known else " (no document has speaker turns)"
    raise InputError(f"no speaker named {typed!r}{hint}")


def merge(spans: Iterable[Span]) -> list[Span]:
    """The union of ``spans``: sorted, overlapping and touching ones joined, empty ones left."""
    return islands_of(sorted((start, end) for start, end in spans if end > start))


def intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """The stretches in both ``a`` and ``b`` (each sorted, not overlapping)."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def speaker_regions(session: Session, speaker: str, documents: ColumnElement[bool]) -> Regions:
    """Each document's stretches spoken by ``speaker`` (documents: a condition on Document)."""
    length = func.length(Document.text)
    rows = session.execute(
        select(SpeakerTurn.document_id, SpeakerTurn.start,
               case((SpeakerTurn.end < length, SpeakerTurn.end), else_=length))
        .join(Document, Document.id == SpeakerTurn.document_id)
        .where(SpeakerTurn.speaker == speaker, documents))
    return _grouped(rows)


def coded_regions(session: Session, code_id: int, coder_ids: tuple[int, ...] | None,
                  documents: ColumnElement[bool]) -> Regions:
    """Each document's stretches coded with ``code_id`` or a code below it, on its current
    text (a theme's passages are mostly coded with its sub-codes, as the codings and segment
    lists count them; the shared check of :mod:`qcode.derived.placed`: no document row read
    per coding for its version)."""
    tree = code_tree()
    below = select(tree.c.code_id).where(tree.c.ancestor_id == code_id)
    query = (select(Coding.document_id, Coding.start, Coding.end)
             .join(Document, Document.id == Coding.document_id)
             .where(Coding.code_id.in_(below), placed_codings(session), documents))
    if coder_ids is not None:
        query = query.where(Coding.coder_id.in_(coder_ids))
    return _grouped(session.execute(query))


def _grouped(rows: Iterable[tuple[int, int, int]]) -> Regions:
    spans: dict[int, list[Span]] = {}
    for document_id, start, end in rows:
        spans.setdefault(document_id, []).append((start, end))
    return {doc: merged for doc, found in spans.items() if (merged := merge(found))}


def both(a: Regions | None, b: Regions | None) -> Regions | None:
    """Regions in ``a`` and in ``b`` (None: no restriction)."""
    if a is None or b is None:
        return b if a is None else a
    return {doc: found for doc in a.keys() & b.keys() if (found := intersect(a[doc], b[doc]))}


class Speakers:
    """The speaker of a position in each of some documents: the turn containing it (the one
    starting last, then the lower id, when turns overlap), None outside every turn."""

    def __init__(self, session: Session, document_ids: Iterable[int]) -> None:
        self.turns: dict[int, tuple[list[int], list[tuple[int, str]], list[int]]] = {}
        ids = sorted(set(document_ids))
        query = (select(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.end,
                        SpeakerTurn.speaker, SpeakerTurn.id)
                 .order_by(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.end))
        if len(ids) <= CHUNK:  # else most documents: every turn, in the index's order
            query = query.where(SpeakerTurn.document_id.in_(ids))
        by_document: dict[int, list[tuple[int, int, str, int]]] = {}
        for document_id, start, end, speaker, turn_id in session.execute(query):
            by_document.setdefault(document_id, []).append((start, end, speaker, turn_id))
        for document_id, turns in by_document.items():
            if len({start for start, *_ in turns}) < len(turns):
                turns.sort(key=lambda t: (t[0], -t[3]))  # at one start the lower id wins
            reach, furthest = [], -1
            for _, end, _, _ in turns:
                furthest = max(furthest, end)
                reach.append(furthest)
            self.turns[document_id] = ([t[0] for t in turns], [(t[1], t[2]) for t in turns],
                                       reach)

    def at(self, document_id: int, position: int) -> str | None:
        """The speaker at ``position``; turns are walked back only while one of them can
        still reach it (``reach``: the furthest end of the turns so far)."""
        starts, rest, reach = self.turns.get(document_id, ((), (), ()))
        i = bisect_right(starts, position) - 1
        while i >= 0 and reach[i] > position:
            end, speaker = rest[i]
            if end > position:
                return speaker
            i -= 1
        return None

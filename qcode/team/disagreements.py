"""Where two sides disagree: the passages behind the ``a_only`` and ``b_only`` of an agreement
row, as plain data (the table says how much; this says where).

    with project.reading() as s:
        found = find_disagreements(s, AgreementOptions(coders=("Amal", "Omar")),
                                   code="Trust", document="E01 Amal")

A row is named as the table names it: ``code`` its full path (None: every code of the
table, the overall row) and ``document`` its name (None: pooled over the table's
documents). The codings are read sorted, as for the table (:mod:`qcode.team.reading`), and
swept per (code, document) over intervals, never character by character:

* ``character``: each side's spans merged into runs; the passages are the maximal runs
  coded by exactly one side (A's runs minus B's, and B's minus A's), so their lengths add
  up to the row's ``a_only`` and ``b_only``;
* ``sentence`` and ``turn``: each unit coded by one side only, one passage a unit (as many
  as the row counts);
* ``segment``: each coding with no match on the other side (:mod:`qcode.team.segment`),
  with its coder.

Only two sides disagree this way: with three coders or more there is no A only or B only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from sqlalchemy import Select, literal, select
from sqlalchemy.orm import Session

from qcode.chunks import chunks
from qcode.collector import collector_paused
from qcode.derived.islands import islands_of
from qcode.errors import InputError, NotFound
from qcode.models import Coder, Coding, Document
from qcode.progress import Progress, report
from qcode.team.options import AgreementOptions, Unit
from qcode.team.reading import CodingRow, coding_query, coding_rows
from qcode.team.segment import unmatched
from qcode.team.selection import Selection, select_subjects
from qcode.team.units import Units, sentence_units, turn_units

#: a run of characters (or of unit indexes), end exclusive
Run = tuple[int, int]
SIDE_KEYS = ("a", "b")


class Passage(NamedTuple):
    """A passage coded by one side only. ``side``: 0 (A only) or 1 (B only); ``coder``: for
    segment units, the coder of the unmatched coding (None for other units). A named tuple:
    a row of every code has a million of them, made with ``tuple.__new__``."""

    code: str
    document_id: int
    document: str
    start: int
    end: int
    text: str
    side: int
    unit: Unit
    coder: str | None = None


@dataclass(frozen=True)
class Disagreements:
    """The passages of one row in reading order: by code (codebook order), document
    (document order), start, then side."""

    unit: Unit
    sides: tuple[str, str]  # each side's label, as in the table
    passages: tuple[Passage, ...]

    def label(self, passage: Passage) -> str:
        """"Amal only", or "Amal+Sara only" for a group."""
        return f"{self.sides[passage.side]} only"

    def count(self, side: int) -> int:
        return sum(1 for p in self.passages if p.side == side)

    def length(self, side: int) -> int:
        """The code points of one side's passages."""
        return sum(p.end - p.start for p in self.passages if p.side == side)

    def as_json(self) -> list[dict[str, Any]]:
        return [{"code": p.code, "document": p.document, "start": p.start, "end": p.end,
                 "side": SIDE_KEYS[p.side], "side_name": self.sides[p.side],
                 "coder": p.coder, "unit": p.unit, "text": p.text} for p in self.passages]


def find_disagreements(session: Session, options: AgreementOptions, *,
                       code: str | None = None, document: str | None = None,
                       progress: Progress | None = None) -> Disagreements:
    """The disagreeing passages of the row (``code``, ``document``) of the table ``options``
    asks for; a row the table does not have raises NotFound, more than two sides InputError."""
    if len(options.sides) != 2:
        raise InputError("disagreeing passages are listed for two coders or two groups, "
                         f"not {len(options.sides)} coders")
    selection = _row_selection(select_subjects(session, options), code, document)
    report(progress, 0, 2, "Reading codings")
    rows = coding_rows(session, _query(selection, options.rollup,
                                       all_documents=not options.documents and document is None))
    units = _units(session, selection, options.unit)
    with collector_paused():
        if options.unit == "segment":
            found = list(_segment_passages(rows, selection, options.overlap))
        else:
            found = list(_unit_passages(rows, selection, units))
        report(progress, 1, 2, "Reading passages")
        passages = _with_texts(session, selection, options.unit, found)
    report(progress, 2, 2, "Done")
    sides = options.side_labels
    return Disagreements(options.unit, (sides[0], sides[1]), passages)


def _row_selection(selection: Selection, code: str | None, document: str | None) -> Selection:
    codes, documents = selection.codes, selection.documents
    if code is not None:
        codes = tuple(c for c in codes if c.path == code)
        if not codes:
            raise NotFound(f"no agreement row for code {code!r}")
    if document is not None:
        documents = tuple(d for d in documents if d.name == document)
        if not documents:
            raise NotFound(f"no agreement row for document {document!r}")
    return replace(selection, codes=codes, documents=documents)


def _query(selection: Selection, rollup: bool, all_documents: bool) -> Select:
    """The table's sorted query; for one code, one that walks the (code, document, span)
    index (the table's reads the whole codings table, which one row need not)."""
    if len(selection.codes) != 1:
        return coding_query(selection, rollup=rollup, all_codes=False,
                            all_documents=all_documents)
    row = selection.codes[0]
    stmt = select(literal(row.code_id), Coding.document_id, Coding.coder_id, Coding.start,
                  Coding.end, Coding.version).where(Coding.code_id.in_(row.members),
                                                    Coding.coder_id.in_(sorted(selection.side_of)))
    if not all_documents:
        stmt = stmt.where(Coding.document_id.in_(sorted(d.id for d in selection.documents)))
    return stmt.order_by(Coding.document_id, Coding.start)


def _units(session: Session, selection: Selection, unit: Unit) -> dict[int, Units] | None:
    if unit == "sentence":
        return sentence_units(session, selection.documents)
    if unit == "turn":
        return turn_units(session, selection.documents)
    return None


#: (code id, document id, start, end, side, coder id or None) before the text is read
Found = tuple[int, int, int, int, int, int | None]


#: per side, the (start, end, coder) of its codings in a group, by start
Sides = tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]


def _groups(rows: Iterable[CodingRow], selection: Selection) -> Iterator[tuple[int, int, Sides]]:
    """``(code, document, sides)`` per group of sorted rows, only the codings made on their
    document's current text."""
    versions = {d.id: d.version for d in selection.documents}
    side_of = selection.side_of
    key: tuple[int, int] | None = None
    version = -1
    sides: Sides = ([], [])
    for code, doc, coder, start, end, made_on in rows:
        if key is None or doc != key[1] or code != key[0]:
            if key is not None:
                yield key[0], key[1], sides
            key, sides, version = (code, doc), ([], []), versions.get(doc, -1)
        if made_on == version:
            sides[side_of[coder]].append((start, end, coder))
    if key is not None:
        yield key[0], key[1], sides


def merged(spans: Iterable[Run]) -> list[Run]:
    """Spans sorted by start merged into disjoint runs (touching runs join, as in
    :func:`qcode.team.character.union_lengths`); empty spans are dropped."""
    return islands_of((start, end) for start, end in spans if start < end)


def minus(runs: list[Run], others: list[Run]) -> Iterator[Run]:
    """The maximal runs of ``runs`` outside every run of ``others`` (both disjoint, sorted)."""
    j = 0
    for start, end in runs:
        while j < len(others) and others[j][1] <= start:
            j += 1
        k = j
        while start < end and k < len(others) and others[k][0] < end:
            if others[k][0] > start:
                yield start, others[k][0]
            start = max(start, others[k][1])
            k += 1
        if start < end:
            yield start, end


def _unit_passages(rows: Iterable[CodingRow], selection: Selection,
                   units: dict[int, Units] | None) -> Iterator[Found]:
    limits = {d.id: d.length for d in selection.documents}
    for code, doc, spans in _groups(rows, selection):
        doc_units = units.get(doc) if units is not None else None
        if doc_units is not None:
            touched = doc_units.touched  # keeps the order by start
            sides = [merged(touched(start, end) for start, end, _ in side) for side in spans]
        else:
            limit = limits.get(doc, 0)
            sides = [merged((start, end if end < limit else limit) for start, end, _ in side)
                     for side in spans]
        for side in (0, 1):
            for start, end in minus(sides[side], sides[1 - side]):
                if doc_units is None:
                    yield code, doc, start, end, side, None
                    continue
                for i in range(start, end):
                    yield code, doc, doc_units.starts[i], doc_units.ends[i], side, None


def _unmatched(spans: list[tuple[int, int, int]], others: list[tuple[int, int, int]],
               overlap: float) -> Iterator[tuple[int, int, int]]:
    """The codings of ``spans`` that match none of ``others`` (both sorted by start): the
    rule of :func:`qcode.team.segment.matched`."""
    plain = [(start, end) for start, end, _ in spans]
    return (spans[n] for n in unmatched(plain, [(start, end) for start, end, _ in others],
                                        overlap))


def _segment_passages(rows: Iterable[CodingRow], selection: Selection, overlap: float
                      ) -> Iterator[Found]:
    for code, doc, sides in _groups(rows, selection):
        for side in (0, 1):
            for start, end, coder in _unmatched(sides[side], sides[1 - side], overlap):
                yield code, doc, start, end, side, coder


def _with_texts(session: Session, selection: Selection, unit: Unit,
                found: list[Found]) -> tuple[Passage, ...]:
    """The passages with their texts, names and coders, in reading order."""
    code_rank = {c.code_id: i for i, c in enumerate(selection.codes)}
    doc_rank = {d.id: i for i, d in enumerate(selection.documents)}
    found.sort(key=lambda f: (code_rank[f[0]], doc_rank[f[1]], f[2], f[4], f[3]))
    paths = {c.code_id: c.path for c in selection.codes}
    names = {d.id: d.name for d in selection.documents}
    wanted = sorted({f[1] for f in found})
    texts: dict[int, str] = {}
    for chunk in chunks(wanted):
        texts.update(session.execute(select(Document.id, Document.text)
                                     .where(Document.id.in_(chunk))).all())
    coders = dict(session.execute(select(Coder.id, Coder.name)).all()) \
        if unit == "segment" else {}
    new = tuple.__new__
    return tuple(new(Passage, (paths[code], doc, names[doc], start, end, texts[doc][start:end],
                               side, unit, coders.get(coder) if coder is not None else None))
                 for code, doc, start, end, side, coder in found)

"""Word frequencies: how often each word occurs, over the project or by code, document or
attribute value. Plain frozen data out, no Qt.

What a word is lives in :mod:`qcode.search.word_tokens`. Words are compared lower-cased and,
by default, as the search compares them (:func:`qcode.search.normalise.fold`: Arabic marks and
tatweel ignored, alef forms as ا, ى as ي, Latin accents folded); ``normalise=False`` compares
them lower-cased only. A word is shown as it is most often written (lower-cased; of two
spellings as frequent, the one written as compared, then the shorter, then the first in code
point order).

Grouped counts (one column per group, after ``word`` and ``count``):

- by document: the documents in scope; ``count`` is the sum over them;
- by attribute value: the values of one attribute among the documents in scope, then
  "(missing)" for documents without a value; ``count`` is the sum;
- by code: for each code (its own codings, by the chosen coders), the words having at least
  one character in the union of its passages in each document, so a word that overlapping
  codings of one code both cover counts once (as the theme matrix counts words); ``count`` is
  the words in the union of every code's passages.

Counting runs in C as far as it can: each document is cut into runs with one regular
expression and counted with :class:`collections.Counter`; each distinct run is then folded
once (:class:`qcode.search.word_tokens.Words`), not each occurrence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.codebook import codebook_order
from qcode.analysis.columns import attribute_value_order
from qcode.analysis.options import Filters
from qcode.analysis.results import MISSING_LABEL
from qcode.analysis.scope import Scope, find_attribute, resolve
from qcode.derived.islands import islands_of
from qcode.derived.placed import placed_only, replaced_documents
from qcode.errors import InputError
from qcode.models import Coding, Document, DocumentAttribute
from qcode.progress import Progress, report
from qcode.search.normalise import fold
from qcode.search.stopwords import load_stopwords
from qcode.search.word_tokens import WORD, RunIds, Words, cut_runs, letters

Grouping = Literal["none", "code", "document", "attribute"]
GROUPINGS: tuple[Grouping, ...] = ("none", "code", "document", "attribute")
BATCH = 64  # documents read at a time


@dataclass(frozen=True)
class WordOptions:
    """What to count. ``by``: no groups, or one column per code, document or value of
    ``attribute``. ``filters``: documents by attribute; coders (only with ``by="code"``).
    ``stopwords``: names of stop-word lists (:mod:`qcode.search.stopwords`) whose words are
    left out. ``normalise``: compare as the search does (off: lower-cased only).
    ``min_length``: leave out words of fewer letters. ``top``: only the most frequent."""

    by: Grouping = "none"
    attribute: str | None = None
    filters: Filters = field(default_factory=Filters)
    stopwords: tuple[str, ...] = ()
    normalise: bool = True
    min_length: int = 1
    top: int | None = None

    def __post_init__(self) -> None:
        if self.by not in GROUPINGS:
            raise InputError(f"cannot group words by {self.by!r} (code, document or "
                             "attribute:NAME)")
        if self.by == "attribute" and not (self.attribute or "").strip():
            raise InputError("grouping by attribute needs its name: attribute:NAME")
        if self.filters.coders and self.by != "code":
            raise InputError("coders choose codings: a coder filter needs grouping by code")
        if self.min_length < 1:
            raise InputError("the least word length is 1 letter or more")
        if self.top is not None and self.top < 1:
            raise InputError("top needs 1 word or more")

    @property
    def by_spec(self) -> str:
        """The grouping as typed on the command line: ``attribute:role``."""
        return f"attribute:{self.attribute}" if self.by == "attribute" else self.by


def parse_by(spec: str | None) -> tuple[Grouping, str | None]:
    """``code`` | ``document`` | ``attribute:NAME`` (or nothing) -> (grouping, attribute)."""
    if spec is None or spec.strip() in ("", "none"):
        return "none", None
    spec = spec.strip()
    if spec in ("code", "document"):
        return spec, None  # type: ignore[return-value]
    kind, sep, name = spec.partition(":")
    if kind == "attribute" and sep and name.strip():
        return "attribute", name.strip()
    raise InputError(f"cannot group words by {spec!r} (code, document or attribute:NAME)")


@dataclass(frozen=True)
class WordRow:
    """One word: its total ``count`` and its counts in the groups that have it, as
    (group index, count) pairs (a table by document is mostly zeros)."""

    word: str
    count: int
    groups: tuple[tuple[int, int], ...] = ()

    def counts(self, n_groups: int) -> tuple[int, ...]:
        """The word's count in every group, zeros included."""
        cells = [0] * n_groups
        for i, n in self.groups:
            cells[i] = n
        return tuple(cells)


@dataclass(frozen=True)
class WordTable:
    """Words ranked by count (most first), then word. ``groups``: the column labels after
    ``word`` and ``count``. ``documents``: documents read; ``occurrences`` and ``distinct``:
    the words counted in all, before ``top`` cut the rows."""

    options: WordOptions
    groups: tuple[str, ...]
    rows: tuple[WordRow, ...]
    documents: int
    occurrences: int
    distinct: int
    stopword_files: tuple[str, ...] = ()

    def header(self) -> tuple[str, ...]:
        return ("word", "count", *self.groups)

    def records(self) -> Iterator[tuple[str | int, ...]]:
        """Every row as cells under :meth:`header`."""
        n = len(self.groups)
        for row in self.rows:
            yield (row.word, row.count, *row.counts(n))


def word_frequencies(session: Session, options: WordOptions,
                     progress: Progress | None = None) -> WordTable:
    """Count the words of the documents in scope as ``options`` say (rules: module docstring)."""
    scope = resolve(session, options.filters)
    paths, stop = load_stopwords(options.stopwords)
    compare = fold if options.normalise else str.casefold
    stop_keys = frozenset(compare(w.lower()) for w in stop)
    words = Words(compare, lambda key: key not in stop_keys
                  and (options.min_length == 1 or letters(key) >= options.min_length))
    docs = _documents(session, scope, options)
    count = _Count(words)
    if options.by == "code":
        labels = _count_codes(session, scope, docs, count, progress)
    else:
        labels = _count_documents(session, options, docs, count, progress)
    rows, occurrences = count.rows(options.top)
    return WordTable(options, labels, rows, len(docs), occurrences, count.distinct,
                     tuple(str(p) for p in paths))


class _Count:
    """Runs counted per group, then folded into words: ``lows`` holds each written form's
    total in the counted text, ``groups`` each group's count of each word."""

    def __init__(self, words: Words) -> None:
        self.words = words
        self.lows: dict[str, int] = {}
        self.groups: list[dict[str, int]] = []
        self.distinct = 0

    def add_total(self, runs: Counter[str]) -> None:
        """Runs of the counted text (the ``count`` column)."""
        lows, words = self.lows, self.words
        for run, n in runs.items():
            for _, low in words[run]:
                lows[low] = lows.get(low, 0) + n

    def add_group(self, runs: Counter[str], also_total: bool = False) -> None:
        """Runs of the next group's text (and of the counted text, if ``also_total``): one
        pass over them either way, the hottest loop of a count by document."""
        group: dict[str, int] = {}
        lows, words = self.lows, self.words
        if also_total:
            for run, n in runs.items():
                for key, low in words[run]:
                    group[key] = group.get(key, 0) + n
                    lows[low] = lows.get(low, 0) + n
        else:
            for run, n in runs.items():
                for key, _ in words[run]:
                    group[key] = group.get(key, 0) + n
        self.groups.append(group)

    def rows(self, top: int | None) -> tuple[tuple[WordRow, ...], int]:
        """The ranked rows (at most ``top``) and the number of words counted."""
        totals: dict[str, int] = {}
        shown: dict[str, tuple[int, bool, int, str]] = {}  # key -> the form shown, ranked
        keys = self.words.keys
        for low, n in self.lows.items():
            key = keys[low]
            totals[key] = totals.get(key, 0) + n
            rank = (-n, low != key, len(low), low)
            if key not in shown or rank < shown[key]:
                shown[key] = rank
        self.distinct = len(totals)
        ranked = sorted(totals, key=lambda k: (-totals[k], shown[k][3]))
        if top is not None:
            ranked = ranked[:top]
        cells: dict[str, list[tuple[int, int]]] = {k: [] for k in ranked} if self.groups else {}
        for i, group in enumerate(self.groups):
            for key, n in group.items():
                if key in cells:
                    cells[key].append((i, n))
        rows = tuple(WordRow(shown[k][3], totals[k], tuple(cells.get(k, ()))) for k in ranked)
        return rows, sum(totals.values())


@dataclass(frozen=True)
class _Doc:
    id: int
    name: str
    value: str | None  # the grouping attribute's value


def _documents(session: Session, scope: Scope, options: WordOptions) -> list[_Doc]:
    """The documents in scope, in document order (position, then id)."""
    stmt = select(Document.id, Document.name).where(scope.documents(Document.id))
    if options.by == "attribute":
        attribute = find_attribute(session, options.attribute or "")
        stmt = stmt.add_columns(DocumentAttribute.value).outerjoin(
            DocumentAttribute, (DocumentAttribute.document_id == Document.id)
            & (DocumentAttribute.attribute_id == attribute.id))
    rows = session.execute(stmt.order_by(Document.position, Document.id)).all()
    return [_Doc(r[0], r[1], r[2] if len(r) > 2 else None) for r in rows]


def _texts(session: Session, docs: list[_Doc], progress: Progress | None
           ) -> Iterator[tuple[list[_Doc], dict[int, str]]]:
    """The documents a batch at a time, with their texts."""
    for lo in range(0, len(docs), BATCH):
        batch = docs[lo:lo + BATCH]
        report(progress, lo, len(docs), "Counting words")
        texts = dict(session.execute(select(Document.id, Document.text)
                                     .where(Document.id.in_([d.id for d in batch]))).all())
        yield batch, texts
    report(progress, len(docs), len(docs), "Counting words")


def _count_documents(session: Session, options: WordOptions, docs: list[_Doc], count: _Count,
                     progress: Progress | None) -> tuple[str, ...]:
    """Counts over whole texts: no groups, one per document, or one per attribute value."""
    if options.by == "document":
        for batch, texts in _texts(session, docs, progress):
            for doc in batch:
                count.add_group(Counter(WORD.findall(texts[doc.id])), also_total=True)
        return tuple(d.name for d in docs)
    by_value: dict[str | None, Counter[str]] = {}
    for batch, texts in _texts(session, docs, progress):
        for doc in batch:
            runs = by_value.get(doc.value)
            if runs is None:
                runs = by_value[doc.value] = Counter()
            runs.update(WORD.findall(texts[doc.id]))
    if options.by == "none":
        for runs in by_value.values():
            count.add_total(runs)
        return ()
    attribute = find_attribute(session, options.attribute or "")
    values: list[str | None] = list(attribute_value_order(
        attribute, [v for v in by_value if v is not None]))
    if None in by_value:
        values.append(None)
    for value in values:
        count.add_group(by_value[value], also_total=True)
    return tuple(MISSING_LABEL if v is None else v for v in values)


def _count_codes(session: Session, scope: Scope, docs: list[_Doc], count: _Count,
                 progress: Progress | None) -> tuple[str, ...]:
    """One group per code (codebook order): the words its passages meet, in each document."""
    labels = codebook_order(session)
    index = {label.code_id: i for i, label in enumerate(labels)}
    per_code: list[Counter[int]] = [Counter() for _ in labels]
    union: Counter[int] = Counter()
    replaced = replaced_documents(session)
    ids = RunIds()
    # the runs each code meets, gathered a batch at a time: one Counter.update a code a batch
    # (an update for each coding cost three times as much)
    pending: list[list[int]] = [[] for _ in labels]
    for batch, texts in _texts(session, docs, progress):
        spans = _coded_spans(session, scope, [d.id for d in batch], replaced)
        met_by_all: list[int] = []
        for doc in batch:
            by_code = spans.get(doc.id)
            if not by_code:
                continue
            numbers, starts, ends = _words_at(texts[doc.id], ids)
            every: list[tuple[int, int]] = []
            for code_id, code_spans in by_code.items():
                met = _runs_met(starts, ends, code_spans)
                every.extend(met)
                gathered = pending[index[code_id]]
                for i, j in islands_of(met):  # each run once
                    gathered += numbers[i:j]
            for i, j in islands_of(sorted(every)):
                met_by_all += numbers[i:j]
        union.update(met_by_all)
        for counter, gathered in zip(per_code, pending, strict=True):
            if gathered:
                counter.update(gathered)
                gathered.clear()
    count.add_total(_named(union, ids))
    for numbered in per_code:
        count.add_group(_named(numbered, ids))
    return tuple(label.path for label in labels)


def _named(numbered: Counter[int], ids: RunIds) -> Counter[str]:
    runs = ids.runs
    return Counter({runs[number]: n for number, n in numbered.items()})


def _words_at(text: str, ids: RunIds) -> tuple[list[int], list[int], list[int]]:
    """The runs of ``text`` as numbers (:class:`RunIds`), with their starts and ends; cut into
    words where a numeral sits inside one (rare), so that a span meets exactly the words it
    has a character of."""
    matches = list(WORD.finditer(text))
    numbers = list(map(ids.__getitem__, [m.group() for m in matches]))
    if numbers and min(numbers) < 0:
        runs, starts, ends = cut_runs([m.group() for m in matches], [m.start() for m in matches])
        return list(map(ids.__getitem__, runs)), starts, ends
    return numbers, [m.start() for m in matches], [m.end() for m in matches]


def _coded_spans(session: Session, scope: Scope, document_ids: list[int],
                 replaced: frozenset[int]) -> dict[int, dict[int, list[tuple[int, int]]]]:
    """document -> code -> its codings' spans by start, codings on the current text only."""
    stmt = select(Coding.document_id, Coding.code_id, Coding.start, Coding.end).where(
        Coding.document_id.in_(document_ids))
    if scope.coder_ids is not None:
        stmt = stmt.where(Coding.coder_id.in_(scope.coder_ids))
    stmt = placed_only(stmt, document_ids, replaced)
    out: dict[int, dict[int, list[tuple[int, int]]]] = {}
    for doc, code, start, end in session.execute(
            stmt.order_by(Coding.document_id, Coding.start, Coding.end)):  # the span index
        out.setdefault(doc, {}).setdefault(code, []).append((start, end))
    return out


def _runs_met(starts: list[int], ends: list[int], spans: list[tuple[int, int]]
              ) -> list[tuple[int, int]]:
    """For each span (by start), the runs having a character in it: run indexes [i, j)."""
    met = []
    for start, end in spans:
        i = bisect_right(ends, start)  # the first run ending after the span starts
        j = bisect_left(starts, end)  # runs starting before the span ends
        if i < j:
            met.append((i, j))
    return met

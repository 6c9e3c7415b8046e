"""Brute-force counts of a World, straight from the rules: sets of covered character positions,
words as runs of characters, speakers by scanning turns. Independent of qcode's code."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tests.analysis_world import World

ANY = object()  # "all columns" / "all codes"


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def words_of(text: str) -> list[set[int]]:
    out: list[set[int]] = []
    current: set[int] = set()
    for i, ch in enumerate(text):
        if is_word_char(ch):
            current.add(i)
        elif current:
            out.append(current)
            current = set()
    if current:
        out.append(current)
    return out


def codebook_order(world: World) -> list[int]:
    children: dict[int | None, list] = {}
    for c in sorted(world.codes, key=lambda c: (c[3], c[0])):
        children.setdefault(c[1], []).append(c[0])
    out: list[int] = []

    def visit(cid: int) -> None:
        out.append(cid)
        for child in children.get(cid, []):
            visit(child)

    for top in children.get(None, []):
        visit(top)
    return out


def subtree(world: World, code_id: int) -> set[int]:
    found = {code_id}
    grew = True
    while grew:
        more = {c[0] for c in world.codes if c[1] in found} - found
        found |= more
        grew = bool(more)
    return found


@dataclass
class Brute:
    world: World
    kind: str  # documents | attribute | speakers
    attribute: str | None = None
    coders: tuple[str, ...] = ()
    where: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        w = self.world
        attr_id = {name.lower(): i for i, name, _ in w.attributes}
        wanted: dict[int, set[str]] = {}
        for name, value in self.where:
            wanted.setdefault(attr_id[name.lower()], set()).add(value)
        self.docs = sorted((d for d in w.docs
                            if all(w.values.get((d.id, a)) in vals for a, vals in wanted.items())),
                           key=lambda d: (d.position, d.id))
        kept = {d.id for d in self.docs}
        coder_ids = {i for i, n in w.coders if n in self.coders} if self.coders else None
        self.codings = [c for c in w.codings
                        if c[1] in kept and (coder_ids is None or c[3] in coder_ids)]
        self.text = {d.id: d.text for d in w.docs}
        self.attr_id = attr_id.get((self.attribute or "").lower())

    # -- where things belong ---------------------------------------------------------------

    def turn_at(self, doc: int, pos: int) -> tuple | None:
        turns = [t for t in self.world.turns if t[1] == doc and t[3] <= pos < t[4]]
        return max(turns, key=lambda t: (t[3], -t[0])) if turns else None

    def speaker_at(self, doc: int, pos: int) -> str | None:
        turn = self.turn_at(doc, pos)
        return None if turn is None else turn[2]

    def region(self, doc: int, speaker: str | None) -> set[int]:
        n = len(self.text[doc])
        turns = [t for t in self.world.turns if t[1] == doc]
        if speaker is None:
            return {p for p in range(n) if not any(t[3] <= p < t[4] for t in turns)}
        return {p for t in turns if t[2] == speaker for p in range(t[3], min(t[4], n))}

    def column_of(self, coding: tuple) -> object:
        if self.kind == "documents":
            return coding[1]
        if self.kind == "attribute":
            return self.world.values.get((coding[1], self.attr_id))
        return self.speaker_at(coding[1], coding[4])

    def columns(self) -> list[tuple[object, str]]:
        if self.kind == "documents":
            return [(d.id, d.name) for d in self.docs]
        if self.kind == "attribute":
            values = {self.world.values.get((d.id, self.attr_id)) for d in self.docs}
            numeric = self.attribute == "years"
            named = sorted((v for v in values if v is not None),
                           key=float if numeric else None)
            return [(v, v) for v in named] + ([(None, "(missing)")] if None in values else [])
        first: dict[str, tuple] = {}
        untold = False
        for rank, d in enumerate(self.docs):
            for sp in {t[2] for t in self.world.turns if t[1] == d.id}:
                reg = self.region(d.id, sp)
                if reg and sp not in first:
                    first[sp] = (rank, min(reg), sp)
            untold = untold or bool(self.region(d.id, None))
        cols = [(sp, sp) for sp in sorted(first, key=first.__getitem__)]
        return cols + ([(None, "(no speaker)")] if untold else [])

    def docs_in(self, col: object) -> list[int]:
        if col is ANY or self.kind == "speakers":
            return [d.id for d in self.docs]
        if self.kind == "documents":
            return [col]  # type: ignore[list-item]
        return [d.id for d in self.docs if self.world.values.get((d.id, self.attr_id)) == col]

    def area(self, doc: int, col: object) -> set[int]:
        """The positions of ``doc`` that belong to column ``col``."""
        if col is ANY or self.kind != "speakers":
            return set(range(len(self.text[doc])))
        return self.region(doc, col)  # type: ignore[arg-type]

    # -- measures --------------------------------------------------------------------------

    def row_codings(self, row: object, rollup: bool) -> list[tuple]:
        if row is ANY:
            return self.codings
        codes = subtree(self.world, row) if rollup else {row}  # type: ignore[arg-type]
        return [c for c in self.codings if c[2] in codes]

    def covered(self, codings: list[tuple], doc: int, col: object) -> set[int]:
        spans = {p for c in codings if c[1] == doc for p in range(c[4], c[5])}
        return spans & self.area(doc, col)

    def measure(self, measure: str, row: object, col: object, rollup: bool):  # noqa: ANN201
        codings = self.row_codings(row, rollup)
        if measure in ("segments", "documents"):
            hits = [c for c in codings if col is ANY or self.column_of(c) == col]
            return len(hits) if measure == "segments" else len({c[1] for c in hits})
        docs = self.docs_in(col)
        if measure == "characters":
            return sum(len(self.covered(codings, d, col)) for d in docs)
        if measure == "words":
            return sum(sum(1 for w in words_of(self.text[d]) if w & self.covered(codings, d, col))
                       for d in docs)
        chars = self.measure("characters", row, col, rollup)
        whole = sum(len(self.area(d, col)) for d in docs)
        return None if whole == 0 else 100.0 * chars / whole

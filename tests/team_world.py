"""Random small coded projects for the agreement tests, and agreement counted the slow way.

The brute force here shares nothing with qcode.team but the sentence splitter (tested on its
own in tests/test_text_units.py): each side's coded characters are Python sets, a unit is
coded when one of its characters is in the set, and the figures are the textbook formulas
(alpha from the coincidence matrix, pair by pair).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import permutations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from qcode.models import Code, Coder, Coding, Document, SpeakerTurn
from qcode.team.options import AgreementOptions
from qcode.text_units import sentences

ALPHABET = "ab .?!\n\u061f\u06d4ك "
#: the property tests' settings: one project (a module fixture) serves every example
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@dataclass(frozen=True)
class World:
    texts: tuple[str, ...]  # document i + 1
    versions: tuple[int, ...]  # each document's current version
    parents: tuple[int | None, ...]  # code i + 1's parent
    coders: int  # coders 1..n, named c1, c2, ...
    turns: tuple[tuple[int, int, int], ...]  # document, start, end
    codings: tuple[tuple[int, int, int, int, int, int], ...]  # doc, code, coder, start, end, ver


@st.composite
def worlds(draw: st.DrawFn, max_coders: int = 4) -> World:
    texts = tuple(draw(st.lists(st.text(ALPHABET, max_size=24), min_size=1, max_size=3)))
    versions = tuple(draw(st.sampled_from((1, 2))) for _ in texts)
    parents: list[int | None] = []
    for i in range(draw(st.integers(1, 4))):
        parents.append(draw(st.sampled_from([None, *range(1, i + 1)])))
    coders = draw(st.integers(2, max_coders))
    turns = []
    for doc, text in enumerate(texts, 1):
        for _ in range(draw(st.integers(0, 3))):
            start = draw(st.integers(0, len(text) + 1))
            turns.append((doc, start, draw(st.integers(start, len(text) + 2))))
    codings = []
    coded = [(doc, text) for doc, text in enumerate(texts, 1) if text]
    for _ in range(draw(st.integers(0, 16 if coded else 0))):
        doc, text = draw(st.sampled_from(coded))
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        version = versions[doc - 1] if draw(st.integers(0, 5)) else 1
        codings.append((doc, draw(st.integers(1, len(parents))), draw(st.integers(1, coders)),
                        start, end, version))
    if draw(st.booleans()):  # coder 2 codes exactly as coder 1
        codings = [c for c in codings if c[2] != 2]
        codings += [(d, k, 2, s, e, v) for d, k, c, s, e, v in codings if c == 1]
    return World(texts, versions, tuple(parents), coders, tuple(turns), tuple(codings))


def write_world(project, world: World) -> None:  # noqa: ANN001 - a qcode Project
    """Replace every row of the project with ``world``."""
    with project.transaction() as s:
        for model in (Coding, SpeakerTurn, Document, Code, Coder):
            s.execute(delete(model))
        s.add_all(Coder(id=i, name=f"c{i}") for i in range(1, world.coders + 1))
        s.add_all(Document(id=i, name=f"d{i}", text=t, version=v, original_filename="",
                           sha256=hashlib.sha256(t.encode()).hexdigest())
                  for i, (t, v) in enumerate(zip(world.texts, world.versions, strict=True), 1))
        for i, parent in enumerate(world.parents, 1):
            s.add(Code(id=i, parent_id=parent, name=f"k{i}"))
            s.flush()
        s.add_all(SpeakerTurn(document_id=d, speaker="S", start=a, end=b)
                  for d, a, b in world.turns)
        s.add_all(Coding(document_id=d, code_id=k, coder_id=c, start=a, end=b, version=v)
                  for d, k, c, a, b, v in world.codings)


def code_order(world: World) -> list[tuple[int, str]]:
    """(code id, path) depth first, siblings by id."""
    out: list[tuple[int, str]] = []

    def visit(parent: int | None, prefix: str) -> None:
        for code, p in enumerate(world.parents, 1):
            if p == parent:
                out.append((code, f"{prefix}k{code}"))
                visit(code, f"{prefix}k{code}/")

    visit(None, "")
    return out


def subtree(world: World, code: int) -> set[int]:
    found = {code}
    grew = True
    while grew:
        more = {c for c, p in enumerate(world.parents, 1) if p in found} - found
        found |= more
        grew = bool(more)
    return found


def turn_units(text: str, turns: list[tuple[int, int]]) -> list[set[int]]:
    """Per character: the first turn (by start, then end) holding it; text outside every
    turn in runs, trimmed of white space."""
    ordered = sorted(turns)
    owner = [next((i for i, (a, b) in enumerate(ordered) if a <= p < b), None)
             for p in range(len(text))]
    units: dict[object, set[int]] = {}
    run = 0
    for p, who in enumerate(owner):
        if who is None and (p == 0 or owner[p - 1] is not None):
            run += 1
        units.setdefault(("turn", who) if who is not None else ("run", run), set()).add(p)
    out = []
    for key, chars in units.items():
        if key[0] == "run":
            chars = {p for p in chars if not text[p].isspace()}
            chars = set(range(min(chars), max(chars) + 1)) if chars else set()
        if chars:
            out.append(chars)
    return out


def units_of(world: World, doc: int, unit: str) -> list[set[int]]:
    text = world.texts[doc - 1]
    if unit == "character":
        return [{p} for p in range(len(text))]
    if unit == "sentence":
        return [set(range(a, b)) for a, b in sentences(text)]
    return turn_units(text, [(a, b) for d, a, b in world.turns if d == doc])


def draw_options(draw: st.DrawFn, world: World, unit: str, sides: dict) -> AgreementOptions:
    """Options comparing ``sides`` (``coders=`` or ``group_a=``/``group_b=``) in ``unit``,
    on up to two of the world's codes and documents, with or without roll-up."""
    paths = [path for _, path in code_order(world)]
    codes = tuple(draw(st.lists(st.sampled_from(paths), unique=True, max_size=2)))
    docs = tuple(draw(st.lists(st.sampled_from([f"d{i}" for i in range(1, len(world.texts) + 1)]),
                               unique=True, max_size=2)))
    return AgreementOptions(**sides, unit=unit,  # type: ignore[arg-type]
                            coded_only=unit != "segment" and draw(st.booleans()),
                            rollup=draw(st.booleans()), codes=codes, documents=docs,
                            overlap=draw(st.sampled_from((0.0, 50.0, 90.0, 100.0))))


def current_codings(world: World, doc: int, codes: set[int], coders: set[int] | list[int]
                    ) -> list[tuple[int, int, int]]:
    """(start, end, coder) of the codings of ``codes`` by ``coders`` made on the current
    text of ``doc``."""
    return [(a, b, c) for d, k, c, a, b, v in world.codings
            if d == doc and k in codes and c in coders and v == world.versions[doc - 1]]


def segments_match(x: set[int], y: set[int], overlap: float) -> bool:
    """The segment rule on sets of characters: they share one, and the shared part is at
    least ``overlap`` percent of their union."""
    shared = len(x & y)
    return shared > 0 and 100 * shared >= overlap * len(x | y)


def coded_chars(world: World, doc: int, codes: set[int], coders: set[int]) -> set[int]:
    return {p for d, k, c, a, b, v in world.codings
            if d == doc and k in codes and c in coders and v == world.versions[doc - 1]
            for p in range(a, b)}


def brute_alpha(matrix: list[list[int]]) -> float | None:
    """Nominal alpha of a coders x units matrix of 0/1 (no missing values), by the book:
    coincidences of ordered value pairs within each unit, weighted 1 / (m - 1)."""
    coders, n_units = len(matrix), len(matrix[0]) if matrix else 0
    if n_units == 0:
        return None
    o = {(0, 0): 0.0, (0, 1): 0.0, (1, 0): 0.0, (1, 1): 0.0}
    for u in range(n_units):
        values = [matrix[c][u] for c in range(coders)]
        for i, j in permutations(range(coders), 2):
            o[values[i], values[j]] += 1 / (coders - 1)
    n_c = {v: o[v, 0] + o[v, 1] for v in (0, 1)}
    n = n_c[0] + n_c[1]
    if n_c[0] == 0 or n_c[1] == 0:
        return 1.0
    observed = (o[0, 1] + o[1, 0]) / n
    expected = 2 * n_c[0] * n_c[1] / (n * (n - 1))
    return 1 - observed / expected


def brute_kappa(a: list[int], b: list[int]) -> float | None:
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)

"""Random small projects for the analysis tests, written into a real project file, and plain
Python facts about them (no qcode code) for the brute-force counts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from hypothesis import strategies as st
from sqlalchemy import delete

from qcode.models import (
    Attribute,
    Code,
    Coder,
    Coding,
    Document,
    DocumentAttribute,
    SpeakerTurn,
)

# Latin, digits, punctuation, Arabic letters and harakat, a combining accent, newline.
ALPHABET = "ab_1 .,-\nكتبو\u064e\u064f\u0301"
SPEAKERS = ("Interviewer", "E01", "E02")
VALUES = {1: ("Academic", "IT director", "=cmd"), 2: ("10", "9", "2.5")}


@dataclass(frozen=True)
class Doc:
    id: int
    name: str
    text: str
    position: int


@dataclass(frozen=True)
class World:
    docs: tuple[Doc, ...]
    codes: tuple[tuple[int, int | None, str, int], ...]  # id, parent id, name, position
    coders: tuple[tuple[int, str], ...]
    attributes: tuple[tuple[int, str, str], ...]  # id, name, type
    values: dict[tuple[int, int], str]  # (document id, attribute id) -> value
    turns: tuple[tuple[int, int, str, int, int], ...]  # id, document id, speaker, start, end
    codings: tuple[tuple[int, int, int, int, int, int], ...]  # id, doc, code, coder, start, end


def turn_time(turn_id: int) -> float | None:
    """The time stamp (seconds) written for a turn: none for every third turn."""
    return None if turn_id % 3 == 0 else turn_id * 61.5


@st.composite
def worlds(draw: st.DrawFn, max_docs: int = 4, max_codes: int = 6, max_codings: int = 14
           ) -> World:
    n_docs = draw(st.integers(1, max_docs))
    texts = [draw(st.text(ALPHABET, max_size=30)) for _ in range(n_docs)]
    positions = draw(st.lists(st.integers(0, 3), min_size=n_docs, max_size=n_docs))
    docs = tuple(Doc(i + 1, f"doc{i + 1}", t, p)
                 for i, (t, p) in enumerate(zip(texts, positions, strict=True)))
    codes: list[tuple[int, int | None, str, int]] = []
    depth: dict[int, int] = {}
    for i in range(draw(st.integers(1, max_codes))):
        parents = [None] + [c[0] for c in codes if depth[c[0]] < 2]
        parent = draw(st.sampled_from(parents))
        depth[i + 1] = 0 if parent is None else depth[parent] + 1
        codes.append((i + 1, parent, f"c{i + 1}", draw(st.integers(0, 2))))
    coders = tuple((i + 1, f"coder{i + 1}") for i in range(draw(st.integers(1, 3))))
    attributes = ((1, "role", "text"), (2, "years", "number"))
    values = {}
    for d in docs:
        for a_id, _, _ in attributes:
            value = draw(st.sampled_from((None, *VALUES[a_id])))
            if value is not None:
                values[d.id, a_id] = value
    turns = []
    for d in docs:
        for _ in range(draw(st.integers(0, 3))):
            # turns may overlap, start together, be empty, or run past the end of the text
            start = draw(st.integers(0, len(d.text) + 1) | st.sampled_from((0, len(d.text) // 2)))
            end = draw(st.integers(start, len(d.text) + 3))
            turns.append((len(turns) + 1, d.id, draw(st.sampled_from(SPEAKERS)), start, end))
    codings = []
    coded_docs = [d for d in docs if len(d.text) > 0]
    for _ in range(draw(st.integers(0, max_codings if coded_docs else 0))):
        d = draw(st.sampled_from(coded_docs))
        start = draw(st.integers(0, len(d.text) - 1))
        end = draw(st.integers(start + 1, len(d.text)))
        codings.append((len(codings) + 1, d.id, draw(st.sampled_from(codes))[0],
                        draw(st.sampled_from(coders))[0], start, end))
    return World(docs, tuple(codes), coders, attributes, values, tuple(turns), tuple(codings))


def write_world(project, world: World) -> None:  # noqa: ANN001 - a qcode Project
    """Replace every row of the project with ``world``."""
    with project.transaction() as s:
        for model in (Coding, SpeakerTurn, DocumentAttribute, Attribute, Document, Code, Coder):
            s.execute(delete(model))
        s.add_all(Coder(id=i, name=n) for i, n in world.coders)
        s.add_all(Document(id=d.id, name=d.name, text=d.text, position=d.position,
                           sha256=hashlib.sha256(d.text.encode()).hexdigest(),
                           original_filename="") for d in world.docs)
        s.flush()
        for cid, parent, name, position in world.codes:
            s.add(Code(id=cid, parent_id=parent, name=name, position=position))
            s.flush()
        s.add_all(Attribute(id=i, name=n, type=t, position=i) for i, n, t in world.attributes)
        s.flush()
        s.add_all(DocumentAttribute(document_id=d, attribute_id=a, value=v)
                  for (d, a), v in world.values.items())
        s.add_all(SpeakerTurn(id=i, document_id=d, speaker=sp, start=a, end=b,
                              timestamp=turn_time(i))
                  for i, d, sp, a, b in world.turns)
        s.add_all(Coding(id=i, document_id=d, code_id=c, coder_id=k, start=a, end=b,
                         memo=f"memo {i}")
                  for i, d, c, k, a, b in world.codings)

"""A small real project coded by two coders, Amal and Badr, for the coder-filter tests."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.models import Coding
from qcode.project import Project
from tests.factories import add_code, add_coder, add_doc

TEXT = ("Amal: Trust in the ministry is low and funding is late.\n"
        "Badr: Donors pay for the training of the staff.\n"
        "Amal: Privacy matters to every citizen we asked.")
#: (coder, code, start, end) of the study's codings
CODINGS = (
    ("Amal", "Trust", 6, 30),     # "Trust in the ministry is"
    ("Badr", "Trust", 6, 30),     # the same passage, by Badr
    ("Badr", "Funding", 39, 54),  # "funding is late" (Badr only)
    ("Amal", "Funding", 62, 72),  # "Donors pay" (Amal only)
    ("Badr", "Privacy", 110, 117),  # "Privacy" (Badr only)
)


@dataclass(frozen=True)
class CodersStudy:
    path: Path
    doc_id: int
    codes: dict[str, int]
    coders: dict[str, int]
    codings: dict[tuple[str, str, int], int]  # (coder, code, start) -> coding id


def build_coders_study(path: Path) -> CodersStudy:
    with Project.create(path, name="Two coders") as project, project.transaction() as s:
        doc_id = add_doc(s, "Interview 1", TEXT)
        codes = {name: add_code(s, name, colour=colour) for name, colour in
                 (("Trust", "#d62728"), ("Funding", "#1f77b4"), ("Privacy", "#2ca02c"))}
        coders = {name: add_coder(s, name) for name in ("Amal", "Badr")}
        ids = {}
        for coder, code, start, end in CODINGS:
            coding = Coding(document_id=doc_id, code_id=codes[code], coder_id=coders[coder],
                            start=start, end=end)
            s.add(coding)
            s.flush()
            ids[(coder, code, start)] = coding.id
    return CodersStudy(path, doc_id, codes, coders, ids)


def random_study(path: Path, seed: int) -> None:
    """Nested codes, four documents, random codings by two coders (some codes one coder never
    used, one document nobody coded)."""
    rng = random.Random(seed)
    with Project.create(path, name="Random") as project, project.transaction() as s:
        docs = [add_doc(s, f"Doc {i}", "word " * 80) for i in range(4)]
        top = [add_code(s, f"Theme {i}") for i in range(3)]
        codes = top + [add_code(s, f"Sub {i}", parent_id=rng.choice(top)) for i in range(5)]
        codes.append(add_code(s, "Deep", parent_id=codes[-1]))
        coders = [add_coder(s, "Amal"), add_coder(s, "Badr")]
        for _ in range(120):
            start = rng.randrange(0, 390)
            s.add(Coding(document_id=rng.choice(docs[:3]), code_id=rng.choice(codes[:-2]),
                         coder_id=rng.choice(coders), start=start,
                         end=start + rng.randint(1, 9)))
        s.add(Coding(document_id=docs[0], code_id=codes[-1], coder_id=coders[1], start=0,
                     end=4))


def brute_counts(session: Session, coder_ids: set[int]
                 ) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
    """Own and sub-tree (segments, documents) per code, counted in Python from every row."""
    from qcode.models import Code

    parents = dict(session.execute(select(Code.id, Code.parent_id)).all())
    rows = [r for r in session.execute(select(Coding.code_id, Coding.document_id,
                                              Coding.coder_id)).all() if r[2] in coder_ids]

    def chain(code: int) -> list[int]:
        out = []
        while code is not None:
            out.append(code)
            code = parents[code]
        return out

    own = {c: (sum(r[0] == c for r in rows), len({r[1] for r in rows if r[0] == c}))
           for c in parents}
    totals = {}
    for c in parents:
        mine = [r for r in rows if c in chain(r[0])]
        if mine:
            totals[c] = (len(mine), len({r[1] for r in mine}))
    return own, totals

"""Analysts writing the same documents at once on a server keep every saved coding, once, and
the derived tables (islands, totals, roll-ups: the theme matrix) stay true to the codings.

Three coders, the owner and a lead, each in their own process (:mod:`tests.team_writers`)
over the cluster's local socket, add and remove codings on the same three documents for a few
seconds while the owner also recodes codings and the lead recolours, describes and moves a
code between themes (a change of the codebook's shape). Each process logs the codings
whose transaction committed and those it removed; afterwards the project holds exactly the
saved, not removed codings, once each, and every derived table and both theme matrices equal a
brute-force count over them. Without the refresh's locks (:mod:`qcode.server.locks`) this
failed in 4 runs of 6: roll-up rows that missed a coding, a refresh that crashed on rows read
from two moments, and a "changed meanwhile" on rows two refreshes both inserted.
"""

from __future__ import annotations

import json
import multiprocessing
import random
from pathlib import Path

from sqlalchemy import select

from qcode.analysis import Filters
from qcode.models import Code, Coder, Coding, Document
from qcode.server import admin
from qcode.server.url import parse
from tests.analysis_world import Doc, World
from tests.team_server import TeamServer, team  # noqa: F401 - the fixture
from tests.team_writers import analyst
from tests.test_analysis_matrix import check as check_matrix
from tests.test_coverage_tables import assert_rollup_matches_codings, assert_tables_match_codings

CODERS = ("amira", "omar", "noor")
WORDS = ("trust", "the", "ministry", "budget", "e-government", "الثقة", "في", "الحكومة", "data")


def _text(seed: int) -> str:
    pick = random.Random(seed)
    lines = (" ".join(pick.choice(WORDS) for _ in range(12)) for _ in range(6))
    return "\n".join(lines)


def _prepare(servers: TeamServer, name: str) -> dict:
    """Three documents, two themes with two sub-codes each, and a code that the lead moves
    between the themes; the plan every process follows."""
    from qcode.project import Project
    from tests.factories import add_code, add_doc

    for role in CODERS[2:]:
        servers.superuser_sql("postgres", f'CREATE ROLE "{role}" LOGIN')
        admin.grant(parse(servers.url(name))[0], role, "coder")
    with Project.open(servers.url(name, "lead")) as lead, lead.transaction() as s:
        documents = {add_doc(s, f"E0{i}", _text(i)): len(_text(i)) for i in range(1, 4)}
        themes = [add_code(s, "Trust"), add_code(s, "Finance")]
        leaves = [add_code(s, f"{kind} {i}", theme) for theme, kind in zip(
            themes, ("Trust", "Finance"), strict=True) for i in (1, 2)]
        mover = add_code(s, "Moving", themes[0])
    return {"documents": documents, "codes": [*leaves, mover], "themes": themes,
            "mover": mover, "edits": {"lead": "codebook", "owner": "recodes"}}


def _run(servers: TeamServer, name: str, plan: dict, folder: Path) -> list[dict]:
    context = multiprocessing.get_context("spawn")
    analysts = (*CODERS, "owner", "lead")
    start = context.Barrier(len(analysts) + 1)
    processes = [context.Process(target=analyst, args=(
        servers.url(name, login), login, plan, seed, start, str(folder / f"{login}.json")))
        for seed, login in enumerate(analysts)]
    for process in processes:
        process.start()
    start.wait(timeout=120)
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0] * len(processes)
    return [json.loads((folder / f"{login}.json").read_text()) for login in analysts]


def _world(session) -> World:  # noqa: ANN001
    """The project as plain facts, for the brute-force matrix."""
    docs = tuple(Doc(i, n, t, p) for i, n, t, p in session.execute(
        select(Document.id, Document.name, Document.text, Document.position)))
    codes = tuple(tuple(r) for r in session.execute(
        select(Code.id, Code.parent_id, Code.name, Code.position)))
    coders = tuple(tuple(r) for r in session.execute(select(Coder.id, Coder.name)))
    codings = tuple(tuple(r) for r in session.execute(select(
        Coding.id, Coding.document_id, Coding.code_id, Coding.coder_id, Coding.start,
        Coding.end)))
    return World(docs, codes, coders, (), {}, (), codings)


def test_analysts_coding_the_same_documents_at_once_keep_every_saved_coding(
        team, tmp_path):  # noqa: F811
    from qcode.project import Project

    name = team.project()
    plan = _prepare(team, name)
    logs = _run(team, name, plan, tmp_path)

    saved = [i for log in logs for i in log["saved"]]
    removed = {i for log in logs for i in log["removed"]}
    assert [log["refused"] for log in logs] == [[]] * len(logs)
    assert len(saved) >= 20 and removed and len(saved) == len(set(saved))
    with Project.open(team.url(name, "owner")) as project:
        with project.reading() as s:
            kept = s.execute(select(Coding.id, Coding.document_id, Coding.code_id,
                                    Coding.coder_id, Coding.start, Coding.end)).all()
            world = _world(s)
        assert sorted(r[0] for r in kept) == sorted(set(saved) - removed)
        assert len({tuple(r[1:]) for r in kept}) == len(kept)  # nothing twice
        assert_tables_match_codings(project)
        assert_rollup_matches_codings(project)
        for rollup in (False, True):
            check_matrix(project, world, "documents", None, rollup, Filters())

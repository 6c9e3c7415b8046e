"""Corpus search on PostgreSQL (the team server): the same scan, the same hits as the rules
say, scopes included. Skipped with the reason where no server can be started."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from qcode import schema
from qcode.analysis.options import Filters
from qcode.project import Project
from qcode.search import SearchQuery, search
from qcode.search.find import fuzzy_scored
from tests.postgres_server import running_server
from tests.test_search_corpus import expected_hits, fill


@pytest.fixture(scope="module")
def pg_world() -> Iterator[tuple[Project, dict]]:
    with running_server() as server:
        name = f"qcode_{uuid.uuid4().hex}"
        admin = create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        engine = create_engine(server.url(name))
        schema.upgrade(engine)
        project = Project(Path(name), engine, None, readonly=False)
        yield project, fill(project)
        engine.dispose()
        admin.dispose()


@pytest.mark.parametrize("query", [
    SearchQuery("capacity"),
    SearchQuery("الحكومة", speaker="Amal"),
    SearchQuery("ca", code="Trust", filters=Filters(coders=("Omar",))),
    SearchQuery("e", whole_words=True, filters=Filters(where=(("role", "Academic"),))),
    SearchQuery("اعلن", normalise=False, document_ids=(1, 3, 5, 6)),
])
def test_search_on_postgresql_gives_the_hits_the_rules_give(pg_world, query):
    project, facts = pg_world
    with project.reading() as s:
        result = search(s, query)
    assert [(h.document, h.start, h.end, h.speaker) for h in result.hits] == \
        expected_hits(facts, query)


def test_typo_tolerant_and_regex_search_on_postgresql(pg_world):
    project, facts = pg_world
    with project.reading() as s:
        fuzzy = search(s, SearchQuery("capcity", mode="fuzzy"))
        regex = search(s, SearchQuery(r"\bcap\w+", mode="regex", speaker="Interviewer"))
    in_order = sorted(facts["docs"], key=lambda d: (d[3], d[0]))
    ranked = sorted(((-score, i, start), (name, start, end))
                    for i, (_, name, text, _) in enumerate(in_order)
                    for start, end, score in fuzzy_scored(text, "capcity"))
    assert [(h.document, h.start, h.end) for h in fuzzy.hits] == [hit for _, hit in ranked]
    assert fuzzy.total > 0 and regex.total > 0
    assert all(h.speaker == "Interviewer" for h in regex.hits)

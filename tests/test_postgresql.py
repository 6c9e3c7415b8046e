"""The same models, migrations, triggers and analysis on PostgreSQL, the server that shared
projects will live on: the property tests the SQLite project file passes, run again on a real
server (a throwaway cluster, see :mod:`tests.postgres_server`). Skipped, saying why, where no
server can be started."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import given
from sqlalchemy import create_engine, select, text

import tests.test_analysis_cooccurrence as cooccurrence_tests
import tests.test_analysis_matrix as matrix_tests
import tests.test_analysis_segments as segments_tests
import tests.test_codebook_totals as codebook_totals_tests
import tests.test_coverage_tables as coverage_tests
import tests.test_document_versions as document_versions_tests
from qcode import schema
from qcode.covered import covered_sql, covered_texts
from qcode.models import Base, Coding, code_totals, rollup_stale_codes
from qcode.ops.codebook import move_code
from qcode.ops.codings import NewCoding, add_codings
from qcode.ops.document_text import replace_document_text
from qcode.project import Project
from tests.analysis_world import worlds, write_world
from tests.factories import add_code, add_coder, add_doc
from tests.postgres_server import Server, running_server


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with running_server() as running:
        yield running


@pytest.fixture
def pg_project(server: Server) -> Iterator[Project]:
    """A new database at the newest schema, as a project (transactions refresh the derived
    tables before they commit, as in a project file)."""
    name = f"qcode_{uuid.uuid4().hex}"
    admin = create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    engine = create_engine(server.url(name))
    try:
        schema.upgrade(engine)
        yield Project(Path(name), engine, None, readonly=False)
    finally:
        engine.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE "{name}"'))
        admin.dispose()


def schema_differences(project: Project) -> list:
    with project.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), Base.metadata)


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrations_build_exactly_the_models_schema(pg_project):
    assert schema_differences(pg_project) == []
    with pg_project.engine.connect() as conn:
        triggers = set(conn.execute(text(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())
    assert triggers == {f"codings_{kind}_{event}" for kind in ("coverage", "documents")
                        for event in ("insert", "delete", "update")} | {
        "codes_rollup_update", "codes_rollup_delete", "codes_row_version"}


@pytest.mark.filterwarnings("ignore:.*expression-based index")
@coverage_tests.SETTINGS
@given(world=worlds(max_codings=20))
def test_downgrading_and_upgrading_keeps_the_derived_tables_true(pg_project, world):
    write_world(pg_project, world)
    schema.downgrade(pg_project.engine, "0003")  # drops the derived tables and triggers
    schema.upgrade(pg_project.engine)  # 0004 marks every pair stale, 0005 asks for a rebuild
    assert schema_differences(pg_project) == []
    with pg_project.transaction():
        pass  # the first write transaction refreshes what the upgrade left stale
    coverage_tests.assert_tables_match_codings(pg_project)
    coverage_tests.assert_rollup_matches_codings(pg_project)


def test_triggers_mark_what_a_write_touches(pg_project):
    with pg_project.transaction() as s:
        doc = add_doc(s, "E01", "one two three four")
        theme, coder = add_code(s, "Theme"), add_coder(s)
        child = add_code(s, "Child")
        s.add(Coding(document_id=doc, code_id=child, coder_id=coder, start=0, end=7))
    with pg_project.transaction() as s:
        move_code(s, code_id=child, parent_id=theme)
        assert list(s.scalars(select(rollup_stale_codes.c.code_id))) == [theme]
    coverage_tests.assert_rollup_matches_codings(pg_project)
    with pg_project.reading() as s:
        assert s.execute(select(code_totals)).all() == [(child, doc, 1, 7, 2)]


# The property tests of the SQLite project file, on PostgreSQL.

def test_coverage_tables_follow_every_change(pg_project):
    coverage_tests.test_islands_follow_every_change_to_the_codings(project=pg_project)
    coverage_tests.test_rollup_follows_codings_and_code_tree_changes(project=pg_project)


def test_matrices_match_brute_force(pg_project):
    matrix_tests.test_document_columns_match_brute_force(project=pg_project)
    matrix_tests.test_attribute_columns_match_brute_force(project=pg_project)
    matrix_tests.test_speaker_columns_match_brute_force(project=pg_project)


def test_cooccurrence_and_segments_match_brute_force(pg_project):
    cooccurrence_tests.test_cooccurrence_matches_brute_force(project=pg_project)
    segments_tests.test_segments_table_lists_every_counted_coding_in_order(project=pg_project)


def test_codebook_counts_match_brute_force(pg_project):
    codebook_totals_tests.test_own_and_sub_tree_counts_match_a_count_of_the_codings(
        project=pg_project)


def test_bulk_codings_and_a_corrected_text_keep_what_each_coding_covered(pg_project):
    """Codings added in bulk (the driver's executemany, ids read back by uuid) keep their uuids;
    after the text is corrected each still shows what it covered, read in bulk and in SQL."""
    old, new = document_versions_tests.OLD, document_versions_tests.NEW
    with pg_project.transaction() as s:
        doc, code, coder = add_doc(s, "E01", old), add_code(s, "Trust"), add_coder(s)
        spans = [(a, a + n) for a in range(0, 50) for n in range(1, 21)]
        added = add_codings(s, codings=[NewCoding(doc, code, coder, a, b) for a, b in spans])
    with pg_project.transaction() as s:
        corrected = replace_document_text(s, document_id=doc, text=new)
    with pg_project.reading() as s:
        rows = s.execute(select(Coding.id, Coding.uuid, Coding.document_id, Coding.version,
                                Coding.start, Coding.end, covered_sql())).all()
        texts = covered_texts(s, [(r.document_id, r.version, r.start, r.end) for r in rows])
    assert {r.id for r in rows} == set(added.codings) and len({r.uuid for r in rows}) == 1000
    by_span = {old[a:b] for a, b in spans}
    assert [r[6] for r in rows] == texts and set(texts) == by_span
    assert {r.version for r in rows} == {1, 2}
    with pg_project.transaction() as s:
        corrected.inverse(s)
    with pg_project.reading() as s:
        assert set(s.scalars(select(Coding.version))) == {1}

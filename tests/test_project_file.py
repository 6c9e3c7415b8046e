"""The project file: one SQLite file, versioned schema, locking, all-or-nothing transactions."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from qcode import schema
from qcode.db import APPLICATION_ID, make_engine
from qcode.errors import ProjectError
from qcode.models import Code, Coding, Document
from qcode.ops.codings import add_coding
from qcode.project import Project
from tests.factories import add_code, add_coder, add_doc


def test_new_project_is_a_tagged_sqlite_file_with_wal_and_foreign_keys(project: Project):
    con = sqlite3.connect(project.path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    with project.reading() as s:
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert schema.current_revision(project.engine) == schema.head_revision()
    assert project.info()["name"] == "study"
    assert len(project.info()["uuid"]) == 36


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrations_build_exactly_the_models_schema(project: Project):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from qcode.models import Base

    with project.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        # Autogenerate cannot compare expression indexes on SQLite: check that one by name.
        expression_index = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'uq_codes_parent_name'")
        ).scalar()
    assert diff == []
    assert "coalesce(parent_id, 0)" in expression_index


def test_top_level_code_names_are_unique_too(project: Project):
    with project.transaction() as s:
        add_code(s, "Trust")
    with pytest.raises(Exception, match="UNIQUE"), project.transaction() as s:
        add_code(s, "Trust")


def test_create_refuses_to_overwrite_a_file(tmp_path: Path):
    existing = tmp_path / "notes.qcode"
    existing.write_text("precious")
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(existing)
    assert existing.read_text() == "precious"


def test_opening_something_else_is_refused_with_one_line(tmp_path: Path):
    text_file = tmp_path / "a.qcode"
    text_file.write_text("hello")
    with pytest.raises(ProjectError, match="a.qcode: not a qcode project"):
        Project.open(text_file)
    other_db = tmp_path / "b.qcode"
    sqlite3.connect(other_db).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ProjectError, match="another program"):
        Project.open(other_db)
    with pytest.raises(ProjectError, match="no such project"):
        Project.open(tmp_path / "missing.qcode")


def test_second_writer_is_refused_but_may_read(project: Project):
    with pytest.raises(ProjectError, match="already open for writing"):
        Project.open(project.path)
    reader = Project.open(project.path, readonly=True)
    try:
        assert reader.info()["name"] == "study"
    finally:
        reader.close()


def test_lock_held_by_another_process_is_detected(project_path: Path):
    Project.create(project_path).close()
    script = textwrap.dedent(f"""
        import sys, time
        from qcode.project import Project
        p = Project.open({str(project_path)!r})
        print("open", flush=True)
        sys.stdin.readline()
        p.close()
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[1])
    try:
        assert proc.stdout.readline().strip() == "open"
        with pytest.raises(ProjectError, match="another qcode window or process"):
            Project.open(project_path)
    finally:
        proc.communicate("\n", timeout=30)
    Project.open(project_path).close()  # free again once the other process closed it


def test_project_from_a_newer_qcode_is_refused(project: Project):
    path = project.path
    project.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    with pytest.raises(ProjectError, match="newer version of qcode"):
        Project.open(path)


def test_older_project_is_upgraded_after_a_backup(project: Project):
    with project.transaction() as s:
        add_doc(s, "E01", "Interviewer: hello")
    path = project.path
    project.close()
    engine = make_engine(path)
    schema.downgrade(engine, "0001")
    engine.dispose()

    upgraded = Project.open(path)
    try:
        assert upgraded.backup_path is not None and upgraded.backup_path.exists()
        assert upgraded.backup_path.parent == path.parent
        assert schema.current_revision(upgraded.engine) == schema.head_revision()
        with upgraded.reading() as s:
            assert s.scalar(select(Document.name)) == "E01"
    finally:
        upgraded.close()
    backup = sqlite3.connect(upgraded.backup_path)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    backup.close()


def test_failed_operation_leaves_nothing_behind(project: Project):
    with project.transaction() as s:
        doc = add_doc(s, "E01", "Some words about trust.")
        code = add_code(s, "Trust")
        coder = add_coder(s)
    with pytest.raises(Exception, match="outside"), project.transaction() as s:
        s.add(Code(name="Half-made"))
        add_coding(s, document_id=doc, code_id=code, coder_id=coder, start=0, end=999)
    with project.reading() as s:
        assert s.scalar(select(func.count()).select_from(Code)) == 1
        assert s.scalar(select(func.count()).select_from(Coding)) == 0


def test_a_crash_mid_transaction_leaves_the_project_consistent(project_path: Path):
    project = Project.create(project_path)
    with project.transaction() as s:
        add_doc(s, "E01", "Committed text.")
    project.close()
    script = textwrap.dedent(f"""
        import os
        from qcode.project import Project
        from qcode.models import Document
        p = Project.open({str(project_path)!r})
        with p.transaction() as s:
            for i in range(500):
                s.add(Document(name=f"D{{i}}", text="x", sha256=str(i)))
            s.flush()
            os._exit(9)  # the process dies before the commit
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[1])
    assert result.returncode == 9
    reopened = Project.open(project_path)
    try:
        with reopened.reading() as s:
            assert s.scalars(select(Document.name)).all() == ["E01"]
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        reopened.close()


def test_foreign_keys_are_enforced(project: Project):
    with pytest.raises(Exception, match="FOREIGN KEY"), project.transaction() as s:
        s.add(Coding(document_id=42, code_id=42, coder_id=42, start=0, end=1))
        s.flush()

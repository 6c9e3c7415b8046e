"""A project file in trouble is refused or reported with one plain line, and left as it was: a
damaged file, a read-only file, a full disk, a database another program holds, and a file with
qcode's tag but no schema. No SQL ever reaches the user."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qcode.backups import latest_backup
from qcode.cli.main import main
from qcode.db import APPLICATION_ID
from qcode.errors import DiskFull, ProjectBusy, ProjectDamaged, ProjectError, ProjectReadOnly
from qcode.models import Document
from qcode.ops.codebook_create import create_code
from qcode.project import Project
from qcode.userdata import projects_dir
from tests.factories import add_doc
from tests.safety_support import (
    build_closed_study,
    damage_middle_page,
    file_state,
    full_disk,
    held_by_another_program,
    read_only_file,
    short_busy_wait,
    small_file_system,
)
from tests.test_cli import qcode


def run_cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, list[str]]:
    """The qcode command in this process (so a test can set up SQLite's connections)."""
    status = main([str(a) for a in args])
    return status, capsys.readouterr().err.splitlines()


def document_count(path: Path) -> int:
    with Project.open(path, readonly=True) as project, project.reading() as s:
        return s.scalar(select(func.count()).select_from(Document))


# -- a damaged project ---------------------------------------------------------------------------

def test_a_damaged_project_is_refused_and_left_untouched(project_path: Path):
    build_closed_study(project_path)
    damage_middle_page(project_path)
    before = file_state(project_path)
    with pytest.raises(ProjectDamaged) as refused:
        Project.open(project_path)
    assert str(refused.value) == "study.qcode is damaged; no backup"
    assert file_state(project_path) == before


def test_a_damaged_project_names_its_last_good_backup(project_path: Path):
    build_closed_study(project_path)
    Project.open(project_path).close()  # opening for writing backs the project up
    backup = latest_backup(project_path)
    assert backup is not None
    damage_middle_page(project_path)
    with pytest.raises(ProjectDamaged) as refused:
        Project.open(project_path)
    assert str(refused.value) == f"study.qcode is damaged; last good backup: {backup}"


def test_a_damaged_project_ends_a_write_command_with_one_line(project_path: Path):
    build_closed_study(project_path)
    damage_middle_page(project_path)
    before = file_state(project_path)
    for command in (("code", "add", project_path, "Budget"), ("docs", project_path)):
        result = qcode(*command)
        assert result.returncode == 1
        assert result.stderr.splitlines() == ["qcode: study.qcode is damaged; no backup"]
    assert file_state(project_path) == before


def test_a_project_changed_by_another_program_but_sound_still_opens(project_path: Path):
    build_closed_study(project_path, docs=3)
    con = sqlite3.connect(project_path)
    con.execute("UPDATE documents SET name = 'Renamed' WHERE name = 'E00'")
    con.commit()
    con.close()
    with Project.open(project_path) as project, project.reading() as s:
        assert "Renamed" in s.scalars(select(Document.name)).all()


# -- read-only file ------------------------------------------------------------------------------

def test_a_read_only_project_is_refused_for_writing_and_opens_read_only(project_path: Path):
    build_closed_study(project_path, docs=2)
    with read_only_file(project_path):
        with pytest.raises(ProjectReadOnly) as refused:
            Project.open(project_path)
        assert str(refused.value).startswith("study.qcode: the project file is read-only")
        with Project.open(project_path, readonly=True) as reader:
            assert reader.info()["name"] == "study"


def test_a_write_command_on_a_read_only_project_says_so(project_path: Path):
    build_closed_study(project_path, docs=2)
    with read_only_file(project_path):
        result = qcode("code", "add", project_path, "Budget")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("qcode: study.qcode: the project file is read-only")
    assert "SQL" not in line and "Error" not in line


# -- full disk -----------------------------------------------------------------------------------

def test_a_full_disk_is_one_line_and_nothing_is_saved(project_path: Path):
    build_closed_study(project_path, docs=2)
    with full_disk(), Project.open(project_path) as project:
        with pytest.raises(DiskFull) as refused, project.transaction() as s:
            add_doc(s, "Long", "a long interview " * 20_000)
        assert str(refused.value) == "the disk is full: nothing was saved"
    assert document_count(project_path) == 2


def test_a_full_disk_ends_an_import_with_one_line(project_path: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]):
    build_closed_study(project_path, docs=2)
    transcript = tmp_path / "E99.txt"
    transcript.write_text("Interviewer: why?\nE99: " + "because " * 50_000, encoding="utf-8")
    with full_disk():
        status, lines = run_cli(capsys, "import", project_path, transcript)
    assert (status, lines) == (1, ["qcode: the disk is full: nothing was saved"])
    assert document_count(project_path) == 2


@pytest.mark.parametrize("size", ["8k", "64k"])  # full at once, and full halfway through
def test_a_project_creation_on_a_full_disk_leaves_nothing_behind(tmp_path: Path, size: str):
    locks_before = set(projects_dir().iterdir())
    with small_file_system(tmp_path / "small", size) as folder:
        result = qcode("new", folder / "n.qcode")
        assert result.returncode == 1
        assert result.stderr.splitlines() == ["qcode: the disk is full: nothing was saved"]
        assert sorted(p.name for p in folder.iterdir()) == []
    assert set(projects_dir().iterdir()) == locks_before


# -- busy in another program ---------------------------------------------------------------------

def test_a_database_held_by_another_program_is_busy_at_opening(project_path: Path):
    build_closed_study(project_path, docs=2)
    with short_busy_wait(), held_by_another_program(project_path), \
            pytest.raises(ProjectBusy) as refused:
        Project.open(project_path)
    assert str(refused.value) == "study.qcode is busy in another program; try again"
    Project.open(project_path).close()


def test_a_change_while_another_program_holds_the_database_is_busy(project_path: Path):
    build_closed_study(project_path, docs=2)
    with short_busy_wait(), Project.open(project_path) as project:
        with held_by_another_program(project_path), pytest.raises(ProjectBusy) as refused, \
                project.transaction() as s:
            create_code(s, name="Budget")
        assert str(refused.value) == "study.qcode is busy in another program; try again"
        with project.transaction() as s:  # free again: the same change now goes through
            create_code(s, name="Budget")


def test_a_write_command_on_a_busy_database_says_so(project_path: Path,
                                                    capsys: pytest.CaptureFixture[str]):
    build_closed_study(project_path, docs=2)
    with short_busy_wait(), held_by_another_program(project_path):
        status, lines = run_cli(capsys, "code", "add", project_path, "Budget")
    assert (status, lines) == (1, ["qcode: study.qcode is busy in another program; try again"])


# -- qcode's tag but no schema -------------------------------------------------------------------

@pytest.mark.parametrize("readonly", [False, True])
def test_a_tagged_file_without_schema_is_refused_untouched(tmp_path: Path, readonly: bool):
    path = tmp_path / "half.qcode"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA application_id={APPLICATION_ID}")
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    before = file_state(path)
    with pytest.raises(ProjectError) as refused:
        Project.open(path, readonly=readonly)
    assert str(refused.value).startswith("half.qcode: not a complete qcode project (no schema)")
    assert "newer" not in str(refused.value)
    assert file_state(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["half.qcode"]


# -- an unexpected database error ----------------------------------------------------------------

def test_an_unexpected_database_error_never_shows_sql(project_path: Path):
    build_closed_study(project_path, docs=2)
    con = sqlite3.connect(project_path)  # a file tampered with: a table is gone
    con.execute("DROP TABLE codings")
    con.commit()
    con.close()
    result = qcode("docs", project_path)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("qcode: internal error (OperationalError: no such table: codings)")
    assert "SQL" not in line and "SELECT" not in line

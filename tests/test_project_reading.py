"""Reading a project leaves its folder as it was, and works where nothing can be written: a
project in a read-only folder (a supervisor's read-only share) opens read-only, and every read
command works on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qcode.errors import ProjectReadOnly
from qcode.ops.codebook_create import create_code
from qcode.project import Project
from tests.safety_support import build_closed_study, read_only_folder
from tests.test_cli import qcode

READ_COMMANDS = [("docs",), ("codes", "--json"), ("codings",), ("text", "E01"), ("backups",)]


def ok(*args: str | Path) -> str:
    result = qcode(*args)
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def share(tmp_path: Path) -> Path:
    """A folder holding one project, closed cleanly."""
    folder = tmp_path / "share"
    folder.mkdir()
    build_closed_study(folder / "r.qcode", docs=3)
    return folder


def test_every_read_command_works_in_a_read_only_folder(share: Path, tmp_path: Path):
    project = share / "r.qcode"
    before = listing(share)
    with read_only_folder(share):
        for command in READ_COMMANDS:
            ok(command[0], project, *command[1:])
        assert [d["name"] for d in json.loads(ok("docs", project, "--json"))] == [
            "E00", "E01", "E02"]
        ok("export", "matrix", project, "--out", tmp_path / "m.csv")
        assert listing(share) == before
    assert (tmp_path / "m.csv").is_file()


def test_a_project_in_a_read_only_folder_opens_read_only_and_not_for_writing(share: Path):
    with read_only_folder(share):
        with Project.open(share / "r.qcode", readonly=True) as reader:
            assert reader.info()["name"] == "r"
        with pytest.raises(ProjectReadOnly) as refused:
            Project.open(share / "r.qcode")
        assert str(refused.value) == (
            "r.qcode: the project file is read-only: it can be read, not changed")


def test_read_commands_leave_the_folder_as_they_found_it_and_a_writer_its_log(share: Path,
                                                                              tmp_path: Path):
    project = share / "r.qcode"
    before = listing(share)
    for command in READ_COMMANDS:
        ok(command[0], project, *command[1:])
        assert listing(share) == before, command
    ok("export", "cooccurrence", project, "--out", tmp_path / "co.csv")
    assert listing(share) == before
    with Project.open(project, readonly=True) as reader:
        reader.info()
    assert listing(share) == before

    with Project.open(project) as writer:  # with a writer at work: it keeps its log
        with writer.transaction() as s:
            create_code(s, name="Budget")
        assert "Budget" in ok("codes", project)
        with writer.transaction() as s:  # the reader left the writer's log working
            create_code(s, name="Staffing")
        assert "Staffing" in ok("codes", project)
    assert listing(share) == before


def test_a_read_only_folder_with_an_unfinished_log_says_why_it_cannot_be_read(share: Path,
                                                                              tmp_path: Path):
    copied = tmp_path / "copied"  # copied while a writer had changes in its log
    copied.mkdir()
    with Project.open(share / "r.qcode") as writer:
        with writer.transaction() as s:
            create_code(s, name="Budget")
        for name in ("r.qcode", "r.qcode-wal"):
            (copied / name).write_bytes((share / name).read_bytes())
    assert (copied / "r.qcode-wal").stat().st_size > 0
    with read_only_folder(copied):
        result = qcode("codes", copied / "r.qcode")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "qcode: r.qcode cannot be read in this read-only folder: its last writer did not finish "
        "(r.qcode-wal); open it once where it can be written"]
    assert "Budget" in ok("codes", copied / "r.qcode")  # where it can be written, it reads

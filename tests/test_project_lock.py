"""One writer per project file, whatever path names it: a symlink, a hard link or another
spelling of the path is the same file and is refused while a qcode window or process writes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from qcode.errors import ProjectLocked
from qcode.project import Project

ROOT = Path(__file__).resolve().parents[1]


def another_path_to(path: Path, kind: str) -> Path:
    """A second name for the same file, in another folder where the kind allows it."""
    elsewhere = path.parent / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    if kind == "symlink":
        link = elsewhere / "linked.qcode"
        link.symlink_to(path)
        return link
    if kind == "hard link":
        link = elsewhere / "same-file.qcode"
        os.link(path, link)
        return link
    assert kind == "other spelling"
    return elsewhere / ".." / path.name


def refusal(path: Path) -> str:
    return (f"{path.name}: already open for writing in another qcode window or process; "
            "close it there, or open this project read-only")


KINDS = ["symlink", "hard link", "other spelling"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_second_writer_by_another_path_is_refused_at_once(project: Project, kind: str):
    other = another_path_to(project.path, kind)
    with pytest.raises(ProjectLocked) as refused:
        Project.open(other)
    assert str(refused.value) == refusal(other)
    if kind != "hard link":  # SQLite names its write-ahead log after the path it was given
        with Project.open(other, readonly=True) as reader:
            assert reader.info()["name"] == "study"


@pytest.mark.parametrize("kind", KINDS)
def test_the_first_writer_by_another_path_locks_out_the_plain_path(project_path: Path,
                                                                    kind: str):
    Project.create(project_path).close()
    other = another_path_to(project_path, kind)
    with Project.open(other), pytest.raises(ProjectLocked):
        Project.open(project_path)
    Project.open(project_path).close()  # free again once closed


def test_another_process_holding_a_hard_link_locks_out_a_symlink(project_path: Path):
    Project.create(project_path).close()
    hard = another_path_to(project_path, "hard link")
    soft = project_path.parent / "soft.qcode"
    soft.symlink_to(project_path)
    script = textwrap.dedent(f"""
        import sys
        from qcode.project import Project
        p = Project.open({str(hard)!r})
        print("open", flush=True)
        sys.stdin.readline()
        p.close()
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout.readline().strip() == "open"
        with pytest.raises(ProjectLocked) as refused:
            Project.open(soft)
        assert str(refused.value) == refusal(soft)
    finally:
        proc.communicate("\n", timeout=30)
    Project.open(soft).close()

"""Backups belong to one project file: copies of a project keep apart, and only real backups of
the file are listed, rotated, named after damage and restored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qcode import backups
from qcode.cli.main import main
from qcode.project import Project
from tests.test_backups import (  # noqa: F401 - backup_dir is a fixture
    add_documents,
    backup_dir,
    damage,
    document_names,
    make_project,
)

pytestmark = pytest.mark.usefixtures("backup_dir")


def copy_of(path: Path, name: str) -> Path:
    """A copy of a closed project, as `cp` makes it (same project id, another file)."""
    copy = path.with_name(name)
    shutil.copyfile(path, copy)
    return copy


def backed_up_copies(tmp_path: Path) -> tuple[Path, Path]:
    """A.qcode and its copy B.qcode, each edited once after the copy (each backed up once)."""
    a = make_project(tmp_path / "A.qcode", *(f"E{i:02d}" for i in range(20)))
    add_documents(a, "OnlyInA")
    b = copy_of(a, "B.qcode")
    add_documents(b, "OnlyInB")
    return a, b


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".before-restore-" in p.name
                  or p.name.endswith(".tmp"))


# -- copies keep apart -------------------------------------------------------------------------

def test_each_copy_of_a_project_lists_only_its_own_backups(tmp_path, capsys):
    a, b = backed_up_copies(tmp_path)
    [of_a] = backups.backups_of(a)
    [of_b] = backups.backups_of(b)
    assert "OnlyInA" in document_names(of_b.path)  # B's own backup, taken when B was opened
    assert of_a.path != of_b.path

    assert main(["backups", str(b)]) == 0
    assert [line.split()[-1] for line in capsys.readouterr().out.splitlines()] == [
        str(of_b.path)]


def test_a_damaged_copy_names_its_own_last_backup_not_the_originals(tmp_path, capsys):
    a, b = backed_up_copies(tmp_path)
    [of_b] = backups.backups_of(b)
    assert of_b.path not in [x.path for x in backups.backups_of(a)]
    damage(b)

    assert main(["code", "add", str(b), "Z"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"qcode: B.qcode is damaged; last good backup: {of_b.path}")


def test_a_copy_never_backed_up_has_no_backup_to_offer(tmp_path, capsys):
    a = make_project(tmp_path / "A.qcode", *(f"E{i:02d}" for i in range(20)))
    add_documents(a, "OnlyInA")
    b = copy_of(a, "B.qcode")
    assert backups.backups_of(b) == []
    damage(b)

    assert main(["code", "add", str(b), "Z"]) == 1
    assert capsys.readouterr().err.strip() == "qcode: B.qcode is damaged; no backup"


def test_backing_up_one_copy_never_rotates_away_the_others(tmp_path, monkeypatch):
    monkeypatch.setenv(backups.KEEP_ENV, "2")
    a, b = backed_up_copies(tmp_path)
    uuid = backups.project_identity(a)
    assert uuid is not None and backups.project_identity(b) == uuid
    kept_of_a = [x.path for x in backups.backups_of(a)]

    for _ in range(3):
        assert backups.take_backup(b, uuid) is not None
    assert [x.path for x in backups.backups_of(a)] == kept_of_a
    assert all(p.is_file() for p in kept_of_a)
    assert len(backups.backups_of(b)) == 2


def test_restoring_another_copys_backup_needs_force(tmp_path, capsys):
    a, b = backed_up_copies(tmp_path)
    add_documents(a, "LaterInA")
    [of_a] = backups.backups_of(a)
    before = b.read_bytes()

    assert main(["restore", str(b), str(of_a.path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "A.qcode" in err[0] and "not of B.qcode" in err[0]
    assert "--force" in err[0]
    assert b.read_bytes() == before and leftovers(tmp_path) == []

    assert main(["restore", str(b), str(of_a.path), "--force"]) == 0
    assert document_names(b) == document_names(of_a.path)
    assert "OnlyInB" not in document_names(b)


def test_a_backup_of_another_project_is_refused_even_with_force(tmp_path, capsys):
    path = make_project(tmp_path / "study.qcode", "E01")
    other = make_project(tmp_path / "other.qcode", "X01")
    Project.open(other).close()
    before = path.read_bytes()

    assert main(["restore", str(path), str(backups.latest_backup(other)), "--force"]) == 1
    assert "a backup of another project, not of study.qcode" in capsys.readouterr().err
    assert path.read_bytes() == before and leftovers(tmp_path) == []


# -- only real backups count -------------------------------------------------------------------

def test_files_named_like_backups_are_neither_listed_nor_kept_over_good_ones(
        tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(backups.KEEP_ENV, "2")
    path = make_project(tmp_path / "A.qcode", *(f"E{i:02d}" for i in range(20)))
    Project.open(path).close()
    first = backups.latest_backup(path)
    assert first is not None
    folder = first.parent
    (folder / "A-29991231T000000000000Z.qcode").write_bytes(b"x")  # one byte, the newest name
    other = make_project(tmp_path / "other.qcode", "X01")  # a sound project, another id
    shutil.copyfile(other, folder / "A-29991230T000000000000Z.qcode")

    second = backups.take_backup(path, backups.project_identity(path))
    assert [b.path for b in backups.backups_of(path)] == [second, first]
    third = backups.take_backup(path, backups.project_identity(path))
    assert [b.path for b in backups.backups_of(path)] == [third, second]
    assert third.is_file() and second.is_file()

    damage(path)
    capsys.readouterr()
    assert main(["code", "add", str(path), "K1"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"qcode: A.qcode is damaged; last good backup: {third}")


def test_a_refused_restore_of_a_damaged_backup_leaves_nothing_behind(tmp_path, capsys):
    path = make_project(tmp_path / "C.qcode", *(f"E{i:02d}" for i in range(20)))
    Project.open(path).close()
    backup = backups.latest_backup(path)
    assert backup is not None
    damage(backup)  # still names the project (header, id, schema), but its pages are broken
    assert backups.latest_backup(path) == backup
    before = path.read_bytes()

    assert main(["restore", str(path), str(backup)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "damaged backup" in err[0] and "nothing was changed" in err[0]
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_a_restore_through_a_symlink_restores_the_file_it_points_to(tmp_path, capsys):
    real = make_project(tmp_path / "study.qcode", "E01")
    add_documents(real, "E02")  # backed up before E02
    link = tmp_path / "link.qcode"
    link.symlink_to(real)
    [backup] = backups.backups_of(link)  # the link's backups are the file's

    assert main(["restore", str(link), str(backup.path)]) == 0
    assert link.is_symlink() and document_names(real) == ["E01"]

"""Rotating backups: taken on opening, rotated, listed, restored, refused, owner-only."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from sqlalchemy import select, update

from qcode import backups, schema
from qcode.cli.main import main
from qcode.db import make_engine
from qcode.models import Document, ProjectInfo
from qcode.project import Project
from tests.factories import add_doc


@pytest.fixture
def backup_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "backups"
    monkeypatch.setenv(backups.DIR_ENV, str(folder))
    monkeypatch.delenv(backups.KEEP_ENV, raising=False)
    monkeypatch.delenv(backups.MINUTES_ENV, raising=False)
    return folder


def make_project(path: Path, *docs: str) -> Path:
    with Project.create(path) as project, project.transaction() as s:
        for name in docs:
            add_doc(s, name, f"Interviewer: hello {name}\nExpert: answer of {name}")
    return path


def add_documents(path: Path, *docs: str) -> None:
    with Project.open(path) as project, project.transaction() as s:
        for name in docs:
            add_doc(s, name, f"Interviewer: later {name}")


def document_names(path: Path) -> list[str]:
    with Project.open(path, readonly=True) as project, project.reading() as s:
        return list(s.scalars(select(Document.name).order_by(Document.name)))


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def identity(path: Path) -> str:
    found = backups.project_identity(path)
    assert found is not None
    return found


def file_folder(path: Path) -> Path:
    """Where the backups of the file at ``path`` are kept."""
    return backups.BackupSettings.from_env().file_folder(identity(path), path)


def damage(path: Path) -> None:
    """Overwrite a few b-tree pages near the end of a closed project with 0xFF."""
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    for page in range(pages - 8, pages - 2):
        data[page * 4096:page * 4096 + 100] = b"\xff" * 100
    path.write_bytes(bytes(data))


# -- taking and rotating -----------------------------------------------------------------------

def test_first_write_open_takes_a_backup_holding_the_project(tmp_path, backup_dir):
    path = make_project(tmp_path / "study.qcode", "E01", "E02")
    Project.open(path, readonly=True).close()
    assert backups.latest_backup(path) is None  # reading never writes a backup

    Project.open(path).close()
    first = backups.latest_backup(path)
    assert first is not None and first.parent == file_folder(path)
    assert first.parent.parent.parent == backup_dir
    assert document_names(first) == ["E01", "E02"]

    add_documents(path, "E03")  # the same day: the backup of this morning is enough
    assert [b.path for b in backups.backups_of(path)] == [first]


def test_rotation_keeps_the_newest_n(tmp_path, backup_dir, monkeypatch):
    monkeypatch.setenv(backups.KEEP_ENV, "3")
    path = make_project(tmp_path / "study.qcode", "E01")
    taken = []
    for n in range(5):
        add_documents(path, f"later {n}")
        taken.append(backups.take_backup(path, identity(path)))
    kept = [b.path for b in backups.backups_of(path)]
    assert kept == taken[:-4:-1]
    assert len(list(file_folder(path).glob("*.qcode"))) == 3
    assert "later 4" in document_names(kept[0])


def test_a_damaged_file_is_not_kept_and_the_good_backups_stay(tmp_path, backup_dir,
                                                               monkeypatch, capsys):
    monkeypatch.setenv(backups.KEEP_ENV, "2")
    path = make_project(tmp_path / "study.qcode", *(f"E{i:02d}" for i in range(20)))
    uuid, folder = identity(path), file_folder(path)
    good = [backups.take_backup(path, uuid), backups.take_backup(path, uuid)]
    capsys.readouterr()
    damage(path)

    assert backups.take_backup(path, uuid) is None
    assert [b.path for b in backups.backups_of(path)] == good[::-1]
    assert document_names(good[1])[:2] == ["E00", "E01"]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "study.qcode: not backed up" in err[0]
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_an_unwritable_backup_folder_is_said_once_and_work_goes_on(tmp_path, monkeypatch,
                                                                    capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backup folder's parent should be")
    monkeypatch.setenv(backups.DIR_ENV, str(blocker / "backups"))
    path = make_project(tmp_path / "study.qcode")

    assert main(["code", "add", str(path), "Trust"]) == 0
    assert main(["code", "add", str(path), "Funding"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot keep backups in" in err[0] and "not-a-folder" in err[0]
    assert main(["codes", str(path)]) == 0
    assert {"Trust", "Funding"} <= set(capsys.readouterr().out.split())


# -- listing -----------------------------------------------------------------------------------

def test_backups_are_listed_newest_first_with_path_time_and_size(tmp_path, backup_dir, capsys):
    path = make_project(tmp_path / "study.qcode", "E01")
    taken = [backups.take_backup(path, identity(path)) for _ in range(3)]

    assert main(["backups", str(path), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [set(item) for item in listed] == [{"path", "time", "size"}] * 3
    assert [Path(item["path"]) for item in listed] == taken[::-1]
    assert [item["size"] for item in listed] == [os.stat(p).st_size for p in taken[::-1]]
    times = [item["time"] for item in listed]
    assert times == sorted(times, reverse=True) and times[0].endswith("+00:00")

    assert main(["backups", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[-1] for line in lines] == [str(p) for p in taken[::-1]]


# -- restoring ---------------------------------------------------------------------------------

def test_restore_brings_back_the_backup_and_keeps_the_current_file(tmp_path, backup_dir,
                                                                    capsys):
    path = make_project(tmp_path / "study.qcode", "E01")
    os.chmod(path, 0o640)
    add_documents(path, "E02")  # this open takes the first backup, before E02 is added
    backup = backups.latest_backup(path)
    assert backup is not None and document_names(path) == ["E01", "E02"]

    assert main(["restore", str(path), str(backup)]) == 0
    assert document_names(path) == ["E01"]
    kept = Path(capsys.readouterr().out.split("kept as ")[1].strip())
    assert kept.parent == path.parent and document_names(kept) == ["E01", "E02"]
    assert mode(path) == 0o640 and mode(kept) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    add_documents(path, "E03")  # the restored project opens and takes changes
    assert document_names(path) == ["E01", "E03"]


def test_restore_refuses_a_backup_of_another_project(tmp_path, backup_dir, capsys):
    path = make_project(tmp_path / "study.qcode", "E01")
    other = make_project(tmp_path / "other.qcode", "X01")
    Project.open(other).close()
    before = path.read_bytes()

    assert main(["restore", str(path), str(backups.latest_backup(other))]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "a backup of another project, not of study.qcode" in err[0]
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if ".before-restore-" in p.name] == []


def test_restore_refuses_a_file_that_is_not_a_project(tmp_path, backup_dir, capsys):
    path = make_project(tmp_path / "study.qcode", "E01")
    notes = tmp_path / "notes.qcode"
    notes.write_text("not a database")

    assert main(["restore", str(path), str(notes)]) == 1
    assert "notes.qcode: not a qcode project" in capsys.readouterr().err
    assert document_names(path) == ["E01"]


def test_restore_refuses_while_the_project_is_open_for_writing(tmp_path, backup_dir, capsys):
    path = make_project(tmp_path / "study.qcode", "E01")
    with Project.open(path) as project:
        with project.transaction() as s:
            add_doc(s, "E02", "Interviewer: while open")
        assert main(["restore", str(path), str(backups.latest_backup(path))]) == 1
    assert "open for writing in another qcode window" in capsys.readouterr().err
    assert document_names(path) == ["E01", "E02"]


def test_a_damaged_project_is_restored_from_its_last_good_backup(tmp_path, backup_dir, capsys):
    path = make_project(tmp_path / "study.qcode", *(f"E{i:02d}" for i in range(20)))
    Project.open(path).close()
    damage(path)
    path.write_bytes(path.read_bytes()[:4096] + b"\x00" * (path.stat().st_size - 4096))

    backup = backups.latest_backup(path)  # found from the record: the file gives no uuid now
    assert backup is not None
    assert main(["code", "add", str(path), "Trust"]) == 1
    assert f"study.qcode is damaged; last good backup: {backup}" in capsys.readouterr().err
    assert main(["restore", str(path), str(backup)]) == 0
    assert len(document_names(path)) == 20


# -- file modes --------------------------------------------------------------------------------

def test_backups_are_owner_only_and_the_project_keeps_its_mode(tmp_path, backup_dir):
    path = make_project(tmp_path / "study.qcode", "E01")
    os.chmod(path, 0o644)
    add_documents(path, "E02")
    backup = backups.latest_backup(path)
    assert backup is not None
    assert mode(backup) == 0o600 and mode(backup.parent) == 0o700
    assert mode(backup.parent.parent) == 0o700
    assert mode(backup.parent / backups.SOURCE_FILE) == 0o600
    assert mode(path) == 0o644


def test_a_hostile_project_id_cannot_put_backups_outside_the_folder(tmp_path, backup_dir):
    path = make_project(tmp_path / "study.qcode", "E01")
    with Project.open(path) as project, project.transaction() as s:
        s.execute(update(ProjectInfo).where(ProjectInfo.key == "uuid").values(value="../escaped"))
    for leftover in backup_dir.iterdir():  # the backup of the open above, before the change
        shutil.rmtree(leftover)

    Project.open(path).close()
    backup = backups.latest_backup(path)
    assert backup is not None and backup.parent.parent.parent == backup_dir
    assert not (tmp_path / "escaped").exists()


def test_an_upgrade_keeps_the_project_mode_and_its_backup_is_owner_only(tmp_path, backup_dir):
    path = make_project(tmp_path / "study.qcode", "E01")
    os.chmod(path, 0o640)
    engine = make_engine(path)
    schema.downgrade(engine, "0001")
    engine.dispose()

    with Project.open(path) as upgraded:
        assert upgraded.backup_path is not None
        assert mode(upgraded.backup_path) == 0o600
    assert mode(path) == 0o640 and document_names(path) == ["E01"]


def test_a_backup_cut_short_leaves_nothing_behind_after_the_next(tmp_path, backup_dir):
    path = make_project(tmp_path / "study.qcode", "E01")
    folder = file_folder(path)
    folder.mkdir(parents=True)
    stale = folder / ".study-20260101T000000000000Z.qcode.partial"
    stale.write_bytes(b"\0" * 65536)  # a power cut in the middle of a copy

    assert backups.take_backup(path, identity(path)) is not None
    assert not stale.exists()
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []

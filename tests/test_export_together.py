"""An export and its manifest land together or not at all: a disk that fills up between the
two, or anything else in the manifest's way, leaves neither file (and no temporary file)."""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from qcode.analysis import CooccurrenceOptions, build_cooccurrence
from qcode.cli.main import main
from qcode.export.matrix_csv import write_cooccurrence_csv
from qcode.ui.analysis.exporting import Exporter
from tests.export_study import SOURCE, write_study
from tests.safety_support import small_file_system

PAGE = 4096  # tmpfs counts whole pages


@pytest.fixture
def study(project) -> Path:  # noqa: ANN001
    write_study(project)
    return project.path


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with small_file_system(tmp_path / "small") as folder:
        yield folder


def leave_free(folder: Path, free: int) -> None:
    """Fill the file system of ``folder`` until ``free`` bytes (whole pages) are left."""
    stats = os.statvfs(folder)
    (folder / "filler").write_bytes(b"\0" * (stats.f_bavail * stats.f_frsize - free))
    assert os.statvfs(folder).f_bavail * PAGE == free


def test_a_disk_full_after_the_export_leaves_neither_file(study: Path, small_disk: Path,
                                                          tmp_path: Path, capsys):
    roomy = tmp_path / "co.xlsx"  # how large the workbook is: the manifest no longer fits
    assert main(["export", "cooccurrence", str(study), "--out", str(roomy)]) == 0
    workbook_pages = math.ceil(roomy.stat().st_size / PAGE)
    leave_free(small_disk, workbook_pages * PAGE)
    capsys.readouterr()

    status = main(["export", "cooccurrence", str(study), "--out", str(small_disk / "co.xlsx")])
    assert status == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("qcode: co.xlsx") and "disk is full" in line
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_a_manifest_that_cannot_be_written_takes_its_export_back(study: Path, tmp_path: Path,
                                                                  capsys):
    (tmp_path / "co.csv.manifest.json").mkdir()  # in the manifest's way: a folder
    status = main(["export", "cooccurrence", str(study), "--out", str(tmp_path / "co.csv")])
    assert status == 1
    assert capsys.readouterr().err.splitlines() == [
        "qcode: co.csv.manifest.json: not a regular file (a folder)"]
    assert not (tmp_path / "co.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_earlier_export_stays_whole_when_the_new_manifest_fails(study: Path, tmp_path: Path):
    out = tmp_path / "co.csv"
    assert main(["export", "cooccurrence", str(study), "--out", str(out)]) == 0
    before = out.read_bytes()
    manifest = tmp_path / "co.csv.manifest.json"
    manifest.unlink()
    manifest.mkdir()
    assert main(["export", "cooccurrence", str(study), "--out", str(out), "--mode", "turn"]) == 1
    assert out.read_bytes() == before


def test_the_app_export_lands_with_its_manifest_or_not_at_all(project, qtbot, tmp_path: Path):
    write_study(project)
    with project.reading() as s:
        result = build_cooccurrence(s, CooccurrenceOptions())
    (tmp_path / "co.csv.manifest.json").mkdir()
    exporter = Exporter()
    with qtbot.waitSignal(exporter.failed, timeout=5000) as failed:
        exporter.start(write_cooccurrence_csv, result, tmp_path / "co.csv", SOURCE)
    assert failed.args == ["co.csv.manifest.json: not a regular file (a folder)"]
    assert not (tmp_path / "co.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    qtbot.wait(50)  # the finished task is deleted while its exporter is still alive

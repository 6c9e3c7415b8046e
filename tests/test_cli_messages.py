"""Messages that say what is really wrong: a device or a FIFO given as a project, a missing
output folder, a half-created project, an imported name that was only trimmed."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from qcode.db import APPLICATION_ID
from tests.safety_support import build_closed_study
from tests.test_cli import ok, qcode


def one_line(*args: str | Path) -> str:
    result = qcode(*args)
    assert result.returncode == 1, result.stdout
    [line] = result.stderr.splitlines()
    return line


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
@pytest.mark.parametrize("command", [("docs",), ("code", "add", "CODE", "Budget")])
def test_a_device_is_not_a_project_file(tmp_path: Path, command: tuple[str, ...]):
    device = tmp_path / "study.qcode"
    device.symlink_to("/dev/zero")
    args = [device if arg == "CODE" else arg for arg in command]
    if command[0] == "docs":
        args.append(device)
    assert one_line(*args) == "qcode: study.qcode: not a project file (a device)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this system has no FIFOs")
def test_a_fifo_is_not_a_project_file(tmp_path: Path):
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    assert one_line("code", "add", fifo, "X") == "qcode: fifo.csv: not a project file (a FIFO)"
    assert one_line("docs", fifo) == "qcode: fifo.csv: not a project file (a FIFO)"


def test_an_export_into_a_missing_folder_names_the_folder(tmp_path: Path):
    study = build_closed_study(tmp_path / "study.qcode", docs=2)
    missing = tmp_path / "nodir"
    line = one_line("export", "matrix", study, "--out", missing / "t.csv")
    assert line == f"qcode: t.csv: cannot write the file: folder {missing} does not exist"


def test_a_half_created_project_gets_advice_that_works(tmp_path: Path):
    half = tmp_path / "half.qcode"
    con = sqlite3.connect(half)
    con.execute(f"PRAGMA application_id={APPLICATION_ID}")
    con.execute("CREATE TABLE notes (x)")
    con.commit()
    con.close()
    line = one_line("docs", half)
    assert line.startswith("qcode: half.qcode: not a complete qcode project (no schema)")
    assert "delete it" in line
    half.unlink()  # the advice, followed
    assert "created" in ok("new", half)


def test_a_trimmed_name_is_not_called_taken(tmp_path: Path):
    study = tmp_path / "study.qcode"
    ok("new", study)
    transcript = tmp_path / " E2 .txt"
    transcript.write_text("Interviewer: why?\nE2: because.\n", encoding="utf-8")
    out = ok("import", study, transcript)
    assert "already named" not in out
    assert "E2" in ok("docs", study)


def test_a_name_taken_is_said_with_the_name_that_was_taken(tmp_path: Path):
    study = tmp_path / "study.qcode"
    ok("new", study)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "E2.txt").write_text("Interviewer: why?\nE2: because.\n", encoding="utf-8")
    ok("import", study, tmp_path / "a" / "E2.txt")
    (tmp_path / " E2 .txt").write_text("Interviewer: how?\nE2: so.\n", encoding="utf-8")
    line = one_line("import", study, tmp_path / " E2 .txt")  # refused: qcode reimport
    assert "a document named 'E2' is already in the project" in line

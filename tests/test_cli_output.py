"""Output that cannot be written (``qcode codings study.qcode > /dev/full``, a full disk, a
closed stdout) ends the command with one plain line, exit status 1, never "internal error"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.safety_support import build_closed_study

SCRIPT = Path(sys.executable).with_name("qcode")
DEV_FULL = Path("/dev/full")
STUDY = "STUDY"  # stands for the study's path in a command


def _qcode(*args: str | Path) -> list[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "qcode"]
    return [*command, *map(str, args)]


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_closed_study(tmp_path_factory.mktemp("output") / "study.qcode", docs=3)


@pytest.mark.skipif(not DEV_FULL.exists(), reason="/dev/full (a disk that is always full) is "
                                                  "a Linux device; this system has none")
@pytest.mark.parametrize("command", [
    ("codings", STUDY), ("codings", STUDY, "--json"), ("docs", STUDY), ("codes", STUDY, "--json"),
    ("text", STUDY, "E01"), ("--version",), ("docs", "--help"),
])
def test_output_to_a_full_disk_is_one_plain_line(study: Path, command: tuple[str, ...]):
    args = [study if arg == STUDY else arg for arg in command]
    with DEV_FULL.open("w") as full:
        result = subprocess.run(_qcode(*args), stdout=full,
                                capture_output=False, stderr=subprocess.PIPE, text=True,
                                timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["qcode: cannot write the output: the disk is full"]


def test_output_that_cannot_be_written_for_another_reason_says_why(study: Path, tmp_path: Path):
    not_for_writing = tmp_path / "out.txt"
    not_for_writing.write_text("")
    with not_for_writing.open("r") as stdout:  # writing to it fails: bad file descriptor
        result = subprocess.run(_qcode("docs", study), stdout=stdout, stderr=subprocess.PIPE,
                                text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"qcode: cannot write the output ({os.strerror(9)})"]

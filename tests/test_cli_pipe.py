"""``qcode ... | head``: a reader that stops early ends the command quietly, like any Unix tool."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from qcode.cli.main import main
from qcode.ops.codings import NewCoding, add_codings
from qcode.project import Project
from tests.factories import add_code, add_coder, add_doc

SCRIPT = Path(sys.executable).with_name("qcode")
PIPE_BUFFER = 64 * 1024


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every listing of this project is several pipe buffers long."""
    path = tmp_path_factory.mktemp("pipe") / "big.qcode"
    with Project.create(path) as project, project.transaction() as s:
        first = add_doc(s, "E0000", "Trust comes when services work every day. " * 8000)
        for i in range(1, 2500):
            add_doc(s, f"E{i:04d} interview, recorded in Tripoli", f"Answer {i}.")
        coder = add_coder(s)
        codes = [add_code(s, f"Theme {i:04d}: trust in everyday public services")
                 for i in range(2500)]
        add_codings(s, codings=[NewCoding(first, codes[i % 50], coder, 40 * i, 40 * i + 39)
                                for i in range(2000)])
    return path


def _qcode(*args: str | Path) -> list[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "qcode"]
    return [*command, *map(str, args)]


def _closed_early(*args: str | Path) -> tuple[int, bytes]:
    """Run qcode, read a few bytes of its output, close the pipe; its exit status and stderr."""
    proc = subprocess.Popen(_qcode(*args), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert len(proc.stdout.read(20)) == 20
    proc.stdout.close()
    errors = proc.stderr.read()
    proc.stderr.close()
    return proc.wait(timeout=60), errors


@pytest.mark.parametrize("command", [
    ("codings", "--json"), ("codings",), ("codes", "--json"), ("codes",), ("docs", "--json"),
    ("docs",), ("text", "E0000"),
])
def test_a_reader_that_stops_early_ends_the_command_quietly(big_project: Path, command, capsys):
    assert main([command[0], str(big_project), *command[1:]]) == 0
    assert len(capsys.readouterr().out.encode()) > 2 * PIPE_BUFFER

    status, errors = _closed_early(command[0], big_project, *command[1:])
    assert errors == b""  # no "internal error", no traceback, no "Exception ignored"
    assert status == 141  # as a shell reports a program stopped by SIGPIPE

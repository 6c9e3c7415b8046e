"""SIGTERM and SIGHUP stop a ``qcode`` command as Ctrl+C does: one line, the shell's status
(128 + the signal), and a project the command was creating is removed, not left empty."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import qdpx_build as refi

SCRIPT = Path(sys.executable).with_name("qcode")
WORDS = ("trust", "government", "service", "digital", "citizens", "ministry", "data")


@pytest.fixture(scope="module")
def big_qdpx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .qdpx whose import takes a few seconds: 40 sources of 3,000 words, 500 codings each."""
    rnd = random.Random(12)
    codes = [refi.guid(900 + i) for i in range(20)]
    files: dict[str, str | bytes] = {}
    items = []
    for d in range(40):
        source = refi.guid(100_000 + d)
        files[f"{source}.txt"] = " ".join(rnd.choice(WORDS) for _ in range(3000))
        selections = []
        for n in range(d * 500, d * 500 + 500):
            start = 6 * rnd.randrange(1000)
            selections.append(refi.selection(refi.guid(10**9 + n), start, start + 5,
                                             codes[n % 20], coding=refi.guid(2 * 10**9 + n)))
        items.append(refi.text_source(source, f"doc{d:03}", *selections,
                                      plainTextPath=f"internal://{source}.txt"))
    book = refi.codebook(*(refi.code(c, f"code {i}") for i, c in enumerate(codes)))
    xml = refi.project(book, refi.sources(*items))
    return refi.write_qdpx(tmp_path_factory.mktemp("signals") / "big.qdpx", xml, files)


def _stopped_mid_import(target: Path, source: Path, signum: int) -> tuple[int, str]:
    """Start ``qcode import target source``, send ``signum`` once the project file exists."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "qcode"]
    proc = subprocess.Popen([*command, "import", str(target), str(source)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not target.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)  # into the import itself
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_stop_signal_mid_import_removes_the_project_it_created(big_qdpx: Path,
                                                                 tmp_path: Path, name: str):
    signum = getattr(signal, name)
    target = tmp_path / "new.qcode"
    status, err = _stopped_mid_import(target, big_qdpx, signum)
    assert (status, err) == (128 + signum, "qcode: interrupted\n")
    assert list(tmp_path.iterdir()) == []  # no project, -wal, -shm or lock left behind

"""Files that are not regular files: FIFOs, devices, folders, looping links, files that lie.

Each is named to a real ``qcode`` command (run in this process) as a transcript, a codebook CSV,
a codings CSV or an attributes CSV; each must be refused in one line naming the file, exit 1,
without blocking on a FIFO or reading a device without end, and leave the project unchanged.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from qcode.cli.main import main
from qcode.errors import InputError
from qcode.importers.files import read_regular_file
from qcode.project import Project

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")

CODEBOOK = "path,colour\nTrust,#ff0000\n"
CODINGS = "document,code,start,end\nE01,Trust,0,5\n"
ATTRIBUTES = "document,role\nE01,Official\n"
TRANSCRIPT = "Interviewer: How is trust?\nE02: Low.\n"


class FifoFeeder:
    """Writes ``content`` into a FIFO as soon as some reader has it open, then closes it.

    A reader that wrongly opens the FIFO in blocking mode is thus unblocked (and reads
    ``content``) instead of hanging the test run for ever.
    """

    def __init__(self, path: Path, content: str) -> None:
        os.mkfifo(path)
        self.path, self.content = path, content.encode()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._feed, daemon=True)
        self.thread.start()

    def _feed(self) -> None:
        deadline = time.monotonic() + 20
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader yet
                time.sleep(0.02)
                continue
            try:
                os.write(fd, self.content)
            except OSError:
                pass
            finally:
                os.close(fd)
            return

    def close(self) -> None:
        self.stop.set()
        self.thread.join()


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A project with one document, E01, and a code path to compare against."""
    path = tmp_path / "study.qcode"
    Project.create(path).close()
    (tmp_path / "E01.txt").write_text("Interviewer: Trust?\nE01: Trust is low.\n")
    assert main(["import", str(path), str(tmp_path / "E01.txt")]) == 0
    return path


@contextmanager
def special_file(kind: str, path: Path, content: str) -> Iterator[None]:
    """``path`` made a FIFO (fed ``content`` if opened), a link to /dev/zero, or a folder."""
    if kind == "fifo":
        feeder = FifoFeeder(path, content)
        try:
            yield
        finally:
            feeder.close()
        return
    if kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    yield


EXPECTED = {"fifo": "a FIFO", "device": "a device", "folder": "a folder"}
COMMANDS = {
    # name -> (file name, content a wrong reader would read from a FIFO, argv after project)
    "codebook": ("codes.csv", CODEBOOK, ["codebook", "import", "{p}", "{f}"]),
    "codings": ("codings.csv", CODINGS, ["coding", "import", "{p}", "{f}"]),
    "attributes": ("experts.csv", ATTRIBUTES, ["import", "{p}", "--attributes", "{f}"]),
}


def _snapshot(project: Path) -> bytes:
    return project.read_bytes()


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_csv_that_is_not_a_regular_file_is_refused(study: Path, tmp_path: Path, capsys,
                                                     kind: str, command: str) -> None:
    name, content, argv = COMMANDS[command]
    target = tmp_path / name
    before = _snapshot(study)
    capsys.readouterr()
    with special_file(kind, target, content):
        args = [a.format(p=study, f=target) for a in argv]
        status = main(args)
    err = capsys.readouterr().err
    assert status == 1
    assert err == f"qcode: {name}: not a regular file ({EXPECTED[kind]})\n"
    assert _snapshot(study) == before


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_transcript_that_is_not_a_regular_file_is_refused(study: Path, tmp_path: Path,
                                                            capsys, kind: str) -> None:
    target = tmp_path / "E02.txt"
    capsys.readouterr()
    with special_file(kind, target, TRANSCRIPT):
        status = main(["import", str(study), str(target), "--json"])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.err == f"qcode: E02.txt: not a regular file ({EXPECTED[kind]})\n"
    assert '"imported": []' in captured.out


def test_a_fifo_inside_an_imported_folder_is_refused_and_the_rest_imported(
        study: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "interviews"
    folder.mkdir()
    (folder / "E03.txt").write_text(TRANSCRIPT, encoding="utf-8")
    capsys.readouterr()
    with special_file("fifo", folder / "E02.txt", TRANSCRIPT):
        status = main(["import", str(study), str(folder)])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.err == "qcode: E02.txt: not a regular file (a FIFO)\n"
    assert "imported 1 document" in captured.out


def test_a_link_that_loops_is_named_as_such(study: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "codes.csv").symlink_to(tmp_path / "codes.csv")
    capsys.readouterr()
    assert main(["import", str(study), str(tmp_path / "a.txt")]) == 1
    assert "qcode: a.txt: a symbolic link that loops" in capsys.readouterr().err
    assert main(["codebook", "import", str(study), str(tmp_path / "codes.csv")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("qcode: codes.csv: a symbolic link that loops") and err.count("\n") == 1


def test_a_link_to_nothing_is_named_as_such(study: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "E02.txt").symlink_to(tmp_path / "moved-away.txt")
    capsys.readouterr()
    assert main(["import", str(study), str(tmp_path / "E02.txt")]) == 1
    assert capsys.readouterr().err == (
        "qcode: E02.txt: a symbolic link to a file that does not exist\n")


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux /proc")
def test_the_byte_limit_holds_when_the_size_on_disk_lies(tmp_path: Path) -> None:
    """/proc files claim 0 bytes, like a file that grows after it was measured."""
    link = tmp_path / "growing.csv"
    link.symlink_to("/proc/self/maps")
    assert link.stat().st_size == 0
    with pytest.raises(InputError) as caught:
        read_regular_file(link, limit=100)
    assert str(caught.value) == "growing.csv: the file is too large (more than 100 bytes)"
    assert len(read_regular_file(link, limit=10 * 2**20)) > 100

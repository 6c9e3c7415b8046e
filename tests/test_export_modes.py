"""Export files and their temporaries never let other users read interview data they could not
read before: the temporary file is 0600, the finished file gets the target's mode."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from qcode.cli.main import main
from qcode.export.files import atomic_write
from qcode.export.manifest import manifest_path
from tests.export_study import write_study


@pytest.fixture
def study(project) -> Path:  # noqa: ANN001
    write_study(project)
    return project.path


@pytest.fixture
def umask_027() -> Iterator[None]:
    previous = os.umask(0o027)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_temporary_file_is_owner_only_while_it_is_written(tmp_path, umask_027):
    seen: list[tuple[Path, int]] = []

    def write(tmp: Path) -> None:
        tmp.write_text("document,code\nE01,Trust\n", encoding="utf-8")
        seen.append((tmp, mode(tmp)))

    atomic_write(tmp_path / "codings.csv", write)
    [(tmp, tmp_mode)] = seen
    assert tmp.parent == tmp_path and tmp_mode == 0o600
    assert mode(tmp_path / "codings.csv") == 0o640  # a new file: 0666 less the umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codings.csv"]


@pytest.mark.parametrize("kind", ["csv", "xlsx", "docx"])
def test_an_export_over_an_existing_file_keeps_its_mode(study, tmp_path, umask_027, kind):
    out = tmp_path / f"trust.{kind}"
    out.write_bytes(b"an older export")
    os.chmod(out, 0o600)
    manifest_path(out).write_text("{}")
    os.chmod(manifest_path(out), 0o640)

    assert main(["export", "segments", str(study), "--out", str(out), "--code", "Trust"]) == 0
    assert out.read_bytes() != b"an older export"
    assert mode(out) == 0o600 and mode(manifest_path(out)) == 0o600  # the export's mode


@pytest.mark.parametrize("kind", ["csv", "xlsx", "docx"])
def test_a_new_manifest_is_no_more_readable_than_its_export(study, tmp_path, kind):
    out = tmp_path / f"trust.{kind}"
    out.write_bytes(b"an older export, private")
    os.chmod(out, 0o600)
    previous = os.umask(0o022)  # new files 0644
    try:
        assert main(["export", "segments", str(study), "--out", str(out), "--code", "Trust"]) == 0
    finally:
        os.umask(previous)
    assert mode(out) == 0o600 and mode(manifest_path(out)) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("trust")) == [
        out.name, manifest_path(out).name]


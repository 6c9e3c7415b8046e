"""Exports that fail: no manifest is left for a table that was not written (the manifest of
the previous good export stays byte for byte), and a target that is no regular file (a FIFO)
is refused in one line before the work, and left as it was."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from qcode.cli.main import main

#: Every export that writes a manifest: (command line before --out, suffix).
EXPORTS = [
    (["export", "matrix"], ".csv"),
    (["export", "matrix"], ".xlsx"),
    (["export", "cooccurrence"], ".csv"),
    (["export", "segments"], ".csv"),
    (["export", "segments"], ".docx"),
    (["export", "segments"], ".xlsx"),
    (["export", "attributes-by-code", "--attribute", "years of experience"], ".csv"),
    (["agreement", "--coders", "Amal", "Omar", "--"], ".csv"),
    (["export", "words"], ".xlsx"),
    (["export", "kwic", "--", "budget"], ".csv"),
]
#: Every export to a file, the REFI-QDA ones (no manifest) included.
TARGETS = [*EXPORTS, (["export", "qdpx"], ".qdpx"), (["export", "qdc"], ".qdc")]


def command(args: list[str], project: Path, out: Path) -> list[str]:
    """``args`` with the project and ``--out`` (the project before a ``--`` ending options)."""
    if "--" in args:
        at = args.index("--")
        return [*args[:at], "--out", str(out), str(project), *args[at + 1:]]
    return [*args, str(project), "--out", str(out)]


def ids(cases: list[tuple[list[str], str]]) -> list[str]:
    return [f"{args[1] if args[0] == 'export' else args[0]}{suffix}" for args, suffix in cases]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.qcode"
    assert main(["demo", str(path)]) == 0
    return path


@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    """Files made immutable (``chattr +i``) by the test, made mutable again afterwards."""
    if shutil.which("chattr") is None:
        pytest.skip("no chattr here")
    made: list[Path] = []
    yield made
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def make_immutable(path: Path, made: list[Path]) -> None:
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("chattr +i is not allowed here (root on a file system that has it)")
    made.append(path)


def marked(manifest: Path) -> bytes:
    """The manifest's bytes, told apart from any a new export writes (one written in the same
    second would otherwise be the same bytes)."""
    manifest.write_bytes(manifest.read_bytes().replace(b'{', b'{"mark": "the good export",', 1))
    return manifest.read_bytes()


@pytest.mark.parametrize(("args", "suffix"), EXPORTS, ids=ids(EXPORTS))
def test_an_export_that_cannot_land_leaves_the_previous_manifest_as_it_was(
        demo, tmp_path, capsys, immutable, args, suffix):
    out = tmp_path / f"table{suffix}"
    manifest = tmp_path / f"table{suffix}.manifest.json"
    assert main(command(args, demo, out)) == 0
    before = marked(manifest)
    make_immutable(out, immutable)
    capsys.readouterr()

    assert main(command(args, demo, out)) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"qcode: table{suffix}: cannot write the file (Operation not permitted)"]
    assert manifest.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name, manifest.name]


def test_a_first_export_that_cannot_land_leaves_no_manifest(demo, tmp_path, capsys,
                                                             immutable):
    out = tmp_path / "imm.csv"
    out.write_bytes(b"")
    make_immutable(out, immutable)
    assert main(command(["export", "kwic", "--", "budget"], demo, out)) == 1
    assert capsys.readouterr().err.splitlines() == [
        "qcode: imm.csv: cannot write the file (Operation not permitted)"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["imm.csv"]


def test_a_manifest_that_cannot_land_takes_its_export_back(demo, tmp_path, capsys, immutable):
    out = tmp_path / "m.csv"
    assert main(command(["export", "matrix"], demo, out)) == 0
    before = out.read_bytes()
    make_immutable(tmp_path / "m.csv.manifest.json", immutable)
    capsys.readouterr()
    assert main(command(["export", "matrix", "--measure", "words"], demo, out)) == 1
    assert capsys.readouterr().err.splitlines() == [
        "qcode: m.csv.manifest.json: cannot write the file (Operation not permitted)"]
    assert out.read_bytes() == before


@pytest.mark.parametrize(("args", "suffix"), TARGETS, ids=ids(TARGETS))
def test_a_fifo_target_is_refused_before_the_work_and_stays_a_fifo(demo, tmp_path, capsys,
                                                                   args, suffix):
    fifo = tmp_path / f"fifo{suffix}"
    os.mkfifo(fifo)
    assert main(command(args, demo, fifo)) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"qcode: fifo{suffix}: not a regular file (a FIFO)"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == [fifo.name]


@pytest.mark.parametrize(("args", "suffix"), TARGETS, ids=ids(TARGETS))
def test_an_empty_out_is_a_usage_error_that_names_the_option(demo, tmp_path, capsys, args,
                                                             suffix):
    assert main(command(args, demo, "")) == 2  # type: ignore[arg-type]
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("qcode: error: argument --out: needs a file name")


@pytest.mark.parametrize(("args", "suffix"), TARGETS, ids=ids(TARGETS))
def test_an_export_never_replaces_a_project_whatever_its_name(demo, tmp_path, capsys, args,
                                                              suffix):
    """A project copied to a name an export takes, then exported onto itself."""
    project = tmp_path / f"study{suffix}"
    shutil.copy(demo, project)
    before = project.read_bytes()
    assert main(command(args, project, project)) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"qcode: study{suffix}: refused: it is a qcode project (an SQLite database), which an "
        "export never replaces"]
    assert project.read_bytes() == before


@pytest.mark.parametrize("name", ["study.csv", "themes.XLSX", "book.qdc"])
def test_a_project_is_not_made_under_a_name_exports_take(tmp_path, capsys, name):
    assert main(["new", str(tmp_path / name)]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"qcode: {name}: a ") and line.endswith("name the project .qcode")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "suffix"), EXPORTS, ids=ids(EXPORTS))
def test_a_fifo_in_the_manifests_place_is_refused_before_the_work(demo, tmp_path, capsys,
                                                                   args, suffix):
    fifo = tmp_path / f"t{suffix}.manifest.json"
    os.mkfifo(fifo)
    assert main(command(args, demo, tmp_path / f"t{suffix}")) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"qcode: t{suffix}.manifest.json: not a regular file (a FIFO)"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == [fifo.name]


def test_a_folder_in_the_exports_place_is_named_as_one(demo, tmp_path, capsys):
    (tmp_path / "m.csv").mkdir()
    assert main(command(["export", "matrix"], demo, tmp_path / "m.csv")) == 1
    assert capsys.readouterr().err.splitlines() == ["qcode: m.csv: not a regular file (a folder)"]


@pytest.mark.parametrize("where", ["role!=", "role=", "years of experience<", "role >= "])
def test_a_filter_without_a_value_says_so(demo, tmp_path, capsys, where):
    op = where.replace("role", "").replace("years of experience", "").strip()
    assert main(command(["export", "matrix", "--where", where], demo, tmp_path / "m.csv")) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"qcode: a value is missing after {op} in {where!r}"]
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(("where", "line"), [
    ("years of experience==18",
     "'years of experience==18': the operator is =, not == (write years of experience=18)"),
    ("years of experience>==3",
     "'years of experience>==3': the operator is >=, not >== (write years of experience>=3)"),
    ("role==IT director",
     "'role==IT director': the operator is =, not == (write role=IT director)"),
    ("role!==IT director",
     "'role!==IT director': the operator is !=, not !== (write role!=IT director)"),
])
def test_a_doubled_equals_sign_is_named_as_the_typo(demo, tmp_path, capsys, where, line):
    assert main(command(["export", "matrix", "--where", where], demo, tmp_path / "m.csv")) == 1
    assert capsys.readouterr().err.splitlines() == [f"qcode: {line}"]


@pytest.mark.parametrize(("typed", "hint"), [
    ("1", "values: 6, 7, 8, 9, 10, 11, 12, 13 (and 11 more)"),
    ("16.5", "values nearest 16.5: 13, 14, 15, 16, 17, 18, 19, 20 (and 11 more)"),
    ("99", "values nearest 99: 17, 18, 19, 20, 21, 22, 23, 25 (and 11 more)"),
])
def test_a_missing_number_lists_the_values_in_numeric_order_nearest_it(demo, tmp_path, capsys,
                                                                      typed, hint):
    where = f"years of experience={typed}"
    assert main(command(["export", "matrix", "--where", where], demo, tmp_path / "m.csv")) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"qcode: no document has years of experience={typed}; {hint}"]

"""Codebook CSV: export, import (create or update), refusals naming the line, round trip."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.errors import InputError
from qcode.export.codebook_csv import export_codebook_csv
from qcode.importers.codebook_csv import read_codebook_csv
from qcode.models import Code
from qcode.ops.codebook import create_code, move_code
from qcode.ops.codebook_import import import_codebook
from qcode.project import Project
from qcode.queries import code_paths, find_code
from tests.ops_helpers import check_undo_redo, counts, dump, project_sha, sha256

CODEBOOK = (
    "path,colour,description\n"
    "Trust,#1F77B4,Confidence in institutions\n"
    "Trust/Credibility,,\"Whether sources are believed, and why\"\n"
    "Barriers/Skills,#2ca02c,Staff skills\n"
    "Barriers/بنية تحتية,#d62728,البنية التحتية للاتصالات\n"
)


def write(tmp_path: Path, text: str, name: str = "codebook.csv", encoding: str = "utf-8"
          ) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def book(project: Project) -> dict[str, tuple[str, str]]:
    """path -> (colour, description) of every code."""
    with project.reading() as s:
        paths = code_paths(s)
        return {paths[r.id]: (r.colour, r.description)
                for r in s.execute(select(Code.id, Code.colour, Code.description))}


def import_file(project: Project, path: Path):
    rows = read_codebook_csv(path)
    with project.transaction() as s:
        return import_codebook(s, rows=rows)


def test_import_creates_parents_as_needed(project, tmp_path):
    before = dump(project)
    changes = import_file(project, write(tmp_path, CODEBOOK))
    got = book(project)
    assert set(got) == {"Trust", "Trust/Credibility", "Barriers", "Barriers/Skills",
                        "Barriers/بنية تحتية"}
    assert got["Trust"] == ("#1f77b4", "Confidence in institutions")
    assert got["Trust/Credibility"][1] == "Whether sources are believed, and why"
    assert got["Barriers/بنية تحتية"] == ("#d62728", "البنية التحتية للاتصالات")
    assert len(changes.codes) == 5
    check_undo_redo(project, before, changes)


def test_import_updates_existing_codes_instead_of_duplicating(project, tmp_path):
    import_file(project, write(tmp_path, CODEBOOK))
    before = book(project)
    changes = import_file(project, write(tmp_path, "path;colour;description\n"
                                         "Trust;#000000;\n"
                                         "Trust/Credibility;;Believed sources\n"
                                         "Trust/Integrity;;New\n", name="update.csv"))
    after = book(project)
    assert counts(project)["codes"] == 6
    assert after["Trust"] == ("#000000", "Confidence in institutions")  # empty cell: kept
    assert after["Trust/Credibility"] == (before["Trust/Credibility"][0], "Believed sources")
    assert after["Trust/Integrity"][1] == "New"
    assert len(changes.codes) == 3


@pytest.mark.parametrize(("text", "reason"), [
    ("path,colour\nTrust,#1f77b4\nBarriers,blue\n", "line 3: not a colour: 'blue'"),
    ("path\nTrust\nTrust//Credibility\n", "line 3: not a code path"),
    ("path\nTrust\n\nTrust\n", "line 4: code 'Trust' is already on line 2"),
    ("path\nTrust\n" + "x" * 301 + "\n", "line 3: code name too long"),
    ("name,colour\nTrust,#1f77b4\n", "no 'path' column"),
])
def test_bad_lines_are_refused_and_nothing_is_imported(project, tmp_path, text, reason):
    with project.transaction() as s:
        create_code(s, name="Existing")
    path = write(tmp_path, text)
    file_sha, project_before, rows_before = sha256(path), project_sha(project), counts(project)
    with pytest.raises(InputError, match=reason) as info:
        import_file(project, path)
    assert str(info.value).startswith("codebook.csv: ")
    assert counts(project) == rows_before
    assert project_sha(project) == project_before and sha256(path) == file_sha


def test_export_lists_codes_in_codebook_order_and_reads_back_the_same(project, tmp_path):
    import_file(project, write(tmp_path, CODEBOOK))
    with project.transaction() as s:  # put Barriers first, to see the order followed
        move_code(s, code_id=find_code(s, "Barriers").id, parent_id=None, position=0)
    out = tmp_path / "exported.csv"
    with project.reading() as s:
        assert export_codebook_csv(s, out) == 5
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel shows Arabic correctly
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["path", "colour", "description"]
    assert [r[0] for r in rows[1:]] == ["Barriers", "Barriers/Skills", "Barriers/بنية تحتية",
                                        "Trust", "Trust/Credibility"]
    other = Project.create(tmp_path / "other.qcode")
    try:
        import_file(other, out)
        assert book(other) == book(project)
    finally:
        other.close()


def test_export_to_a_missing_folder_is_one_clear_error(project, tmp_path):
    with project.reading() as s, pytest.raises(InputError, match="cannot write the file"):
        export_codebook_csv(s, tmp_path / "missing" / "codebook.csv")


def test_the_demo_codebook_imports(project):
    path = Path(__file__).parents[1] / "resources/demo/codebook.csv"
    rows = read_codebook_csv(path)
    with project.transaction() as s:
        import_codebook(s, rows=rows)
    assert set(book(project)) == {r.path for r in rows}

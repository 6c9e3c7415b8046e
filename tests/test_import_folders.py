"""What an import says about folders and about attributes imported on their own.

An empty folder is named; files of other types in a folder are listed as skipped (text and
--json); hidden files and Word lock files stay unmentioned; attributes alone apply to the
documents already in the project. All through the real command, run in this process.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qcode.cli.main import main
from qcode.models import Attribute, Document, DocumentAttribute
from qcode.project import Project

SUPPORTED = ".docx, .txt, .md, .markdown, .rtf, .odt, .pdf"


@pytest.fixture
def study(tmp_path: Path) -> Path:
    path = tmp_path / "study.qcode"
    Project.create(path).close()
    return path


def _interviews(tmp_path: Path) -> Path:
    folder = tmp_path / "interviews"
    folder.mkdir()
    (folder / "E01.txt").write_text("Interviewer: Trust?\nE01: Low.\n", encoding="utf-8")
    (folder / "deck.pptx").write_bytes(b"PK\x03\x04 slides")
    (folder / "notes").mkdir()
    (folder / "notes" / "E02.md").write_text("Interviewer: Funding?\nE02: Donors.\n")
    (folder / "notes" / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "~$E01.docx").write_bytes(b"\x05lock")
    (folder / ".git").mkdir()
    (folder / ".git" / "index").write_bytes(b"DIRC")
    return folder


def test_an_empty_folder_is_named(study: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "interviews").mkdir()
    capsys.readouterr()
    assert main(["import", str(study), str(tmp_path / "interviews")]) == 1
    assert capsys.readouterr().err == (
        f"qcode: interviews/: no files qcode can import (supported: {SUPPORTED})\n")


def test_files_of_other_types_in_a_folder_are_listed_as_skipped(study: Path, tmp_path: Path,
                                                                capsys) -> None:
    folder = _interviews(tmp_path)
    capsys.readouterr()
    assert main(["import", str(study), str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "deck.pptx: unsupported file type '.pptx'; skipped",
        "scan.jpg: unsupported file type '.jpg'; skipped",
        "imported 2 documents, 4 speaker turns, 2 skipped",
    ]


def test_skipped_files_are_in_the_json_summary(study: Path, tmp_path: Path, capsys) -> None:
    folder = _interviews(tmp_path)
    capsys.readouterr()
    assert main(["import", str(study), str(folder), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["imported"] == ["E01", "E02"] and summary["failures"] == []
    assert summary["skipped"] == [
        {"file": str(folder / "deck.pptx"), "reason": "unsupported file type '.pptx'"},
        {"file": str(folder / "notes" / "scan.jpg"), "reason": "unsupported file type '.jpg'"},
    ]


def test_a_folder_of_only_other_files_is_named_and_they_are_listed(study: Path, tmp_path: Path,
                                                                   capsys) -> None:
    folder = tmp_path / "slides"
    folder.mkdir()
    (folder / "deck.pptx").write_bytes(b"PK\x03\x04 slides")
    capsys.readouterr()
    assert main(["import", str(study), str(folder)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"qcode: slides/: no files qcode can import (supported: {SUPPORTED})\n"
    assert "deck.pptx: unsupported file type '.pptx'; skipped" in captured.out


def _values(project_path: Path) -> dict[tuple[str, str], str]:
    with Project.open(project_path, readonly=True) as project, project.reading() as s:
        rows = s.execute(
            DocumentAttribute.__table__.select()
            .with_only_columns(Document.name, Attribute.name, DocumentAttribute.value)
            .join(Document, Document.id == DocumentAttribute.document_id)
            .join(Attribute, Attribute.id == DocumentAttribute.attribute_id))
        return {(doc, attribute): value for doc, attribute, value in rows}


def test_attributes_alone_apply_to_the_documents_in_the_project(study: Path, tmp_path: Path,
                                                                capsys) -> None:
    assert main(["import", str(study), str(_interviews(tmp_path))]) == 0
    table = tmp_path / "experts.csv"
    table.write_text("expert,role,years\nE01,Official,18\nE02,Vendor,9\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(study), "--attributes", str(table)]) == 0
    assert capsys.readouterr().out == "set 4 attribute values from experts.csv\n"
    assert _values(study) == {("E01", "role"): "Official", ("E01", "years"): "18",
                              ("E02", "role"): "Vendor", ("E02", "years"): "9"}


def test_attributes_alone_for_unknown_documents_change_nothing(study: Path, tmp_path: Path,
                                                               capsys) -> None:
    table = tmp_path / "experts.csv"
    table.write_text("expert,role\nE09,Official\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(study), "--attributes", str(table)]) == 1
    assert capsys.readouterr().err == (
        "qcode: experts.csv: 1 document not in the project: 'E09'; nothing was imported\n")
    assert _values(study) == {}


def test_import_with_nothing_named_is_a_usage_error(study: Path, capsys) -> None:
    assert main(["import", str(study)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--attributes" in err

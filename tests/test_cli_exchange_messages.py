"""REFI-QDA files refused or given to the wrong command: one line naming the file and the real
cause (and the command that takes it), nothing changed, no project left behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.cli_study import build_study, qcode
from tests.qdpx_build import NOTE, NS, attrs, codebook, guid, project, write_qdpx
from tests.refi_files import hand_made_qdpx

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"


def _refused(capsys: pytest.CaptureFixture[str], *args: str | Path, status: int = 1) -> str:
    """The one line a refused command writes (without "qcode: " and the newline)."""
    code, out, err = qcode(capsys, *args)
    assert (code, out) == (status, "")
    assert err.count("\n") == 1 and err.startswith("qcode: ") and "Traceback" not in err
    return err.removeprefix("qcode: ").rstrip("\n")


def _qdc(path: Path, codes: str) -> Path:
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="{CODEBOOK_NS}">'
                    f"<Codes>{codes}</Codes></CodeBook>", encoding="utf-8")
    return path


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return build_study(tmp_path / "study.qcode", ["Trust"])


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_codes_nested_past_the_parser_limit_are_said_to_nest_too_deep(
        study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    deep = _qdc(tmp_path / "deep.qdc", "".join(f'<Code guid="{guid(n)}" name="c{n}">'
                                               for n in range(300)) + "</Code>" * 300)
    before = _digest(study)
    line = _refused(capsys, "codebook", "import", study, deep)
    assert line.startswith("deep.qdc: refused: ") and "nests elements more than 256 deep" in line
    assert "well-formed" not in line and _digest(study) == before


@pytest.mark.parametrize(("code", "missing"), [
    ('<Code name="No guid" isCodable="true"/>', "has no guid"),
    (f'<Code guid="{guid(7)}" name=" " isCodable="true"/>', "has no name"),
])
def test_a_codebook_code_without_guid_or_name_is_a_damaged_codebook(
        study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], code: str,
        missing: str):
    line = _refused(capsys, "codebook", "import", study, _qdc(tmp_path / "book.qdc", code))
    assert line.startswith("book.qdc: damaged codebook XML: ") and missing in line


def test_a_codebook_given_to_import_points_to_codebook_import(
        study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    book = _qdc(tmp_path / "demo.qdc", f'<Code guid="{guid(1)}" name="Trust"/>')
    new = tmp_path / "new.qcode"
    for target in (new, study):
        line = _refused(capsys, "import", target, book, status=2)
        assert line == ("demo.qdc: a .qdc is a REFI-QDA codebook: import it into a project "
                        "with `qcode codebook import PROJECT demo.qdc`")
    assert not new.exists()


def test_a_project_given_to_codebook_import_points_to_import(
        study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    whole = hand_made_qdpx(tmp_path / "demo.qdpx")
    line = _refused(capsys, "codebook", "import", study, whole, status=2)
    assert line.startswith("demo.qdpx: a .qdpx is a whole REFI-QDA project, not a codebook: "
                           "import it with `qcode import PROJECT demo.qdpx`")
    inner = tmp_path / "project.qde"
    inner.write_text("<Project/>", encoding="utf-8")
    for command in (("codebook", "import"), ("import",)):
        line = _refused(capsys, *command, study, inner, status=2)
        assert line.startswith("project.qde: a .qde is the project XML inside a REFI-QDA "
                               "project: import the whole project (.qdpx) with `qcode import")


def test_an_output_folder_that_is_a_file_is_named_as_such(
        study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file", encoding="utf-8")
    for what, name in (("qdpx", "x.qdpx"), ("qdc", "x.qdc")):
        line = _refused(capsys, "export", what, study, "--out", not_a_folder / name)
        assert line == f"{name}: cannot write the file: {not_a_folder} is not a folder"


@pytest.mark.parametrize(("path", "files", "cause"), [
    ("internal://gone.txt", {}, "note 'Memo' is missing from the archive"),
    ("../../etc/passwd", {}, "refused: note 'Memo' points outside the archive"),
    ("internal://memo.txt", {"memo.txt": b"\x89PNG\r\n\x1a\n" + bytes(64)},
     "note 'Memo' (sources/memo.txt) is not text"),
])
def test_a_note_whose_text_cannot_be_read_is_called_a_note(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str,
        files: dict[str, str | bytes], cause: str):
    xml = project(f"<Notes><Note{attrs(guid=NOTE, name='Memo', plainTextPath=path)}/></Notes>")
    source = write_qdpx(tmp_path / "memo.qdpx", xml, files)
    line = _refused(capsys, "import", tmp_path / "new.qcode", source)
    assert line.startswith(f"memo.qdpx: {cause}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.qdpx"]


def _new_project_refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                         source: Path) -> str:
    target = tmp_path / "new.qcode"
    line = _refused(capsys, "import", target, source)
    assert not target.exists()  # the project the import made is gone again
    return line


def test_a_project_in_another_namespace_names_the_namespace(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    xml = project().replace(f'xmlns="{NS}"', 'xmlns="urn:something:else"')
    line = _new_project_refusal(tmp_path, capsys, write_qdpx(tmp_path / "odd.qdpx", xml))
    assert line.startswith("odd.qdpx: not a REFI-QDA project (.qdpx): ")
    assert "'urn:something:else'" in line and NS in line


def test_codes_nested_too_deep_in_a_project_are_said_to_nest_too_deep(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    deep = "".join(f'<Code guid="{guid(n)}" name="c{n}" isCodable="true">'
                   for n in range(3000)) + "</Code>" * 3000
    source = write_qdpx(tmp_path / "deep.qdpx", project(codebook(deep)))
    line = _new_project_refusal(tmp_path, capsys, source)
    assert "nests elements more than 256 deep" in line and "10 MB" not in line


def test_an_empty_project_xml_is_said_to_be_empty(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    line = _new_project_refusal(tmp_path, capsys, write_qdpx(tmp_path / "hollow.qdpx", ""))
    assert line == "hollow.qdpx: damaged project XML: project.qde is empty"

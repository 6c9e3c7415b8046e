"""``qcode import FILE.qdpx``, ``qcode export qdpx|qdc`` and ``qcode codebook import FILE.qdc``
as a user types them: what arrives, what is printed, and bad files as one line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.models import Document
from qcode.ops.attributes import define_attribute, set_attribute_value
from qcode.project import Project
from tests.cli_study import E01, build_study, code_on, codebook_in, codings_in, qcode
from tests.refi_files import hand_made_qdpx

CODES = ["Trust/Credibility", "Training", "الثقة"]


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """Three documents (one Arabic, one with an emoji), three codes, three codings by two
    coders, a number and a date attribute."""
    path = build_study(tmp_path / "study.qcode", CODES)
    code_on(path, "E01 Amal", "Trust/Credibility", 50, 70)
    code_on(path, "E01 Amal", "Training", 70, 110, coder="Omar")
    code_on(path, "E02 Omar", "الثقة", 38, 43)
    with Project.open(path) as project, project.transaction() as s:
        years = next(iter(define_attribute(s, name="years", type="number").attributes))
        when = next(iter(define_attribute(s, name="interviewed", type="date").attributes))
        e01 = s.scalar(select(Document.id).where(Document.name == "E01 Amal"))
        set_attribute_value(s, document_id=e01, attribute_id=years, value="12")
        set_attribute_value(s, document_id=e01, attribute_id=when, value="2024-03-01")
    return path


def _ok(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    status, out, err = qcode(capsys, *args)
    assert status == 0, err
    return out


def _one_line_error(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    status, out, err = qcode(capsys, *args)
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("qcode: ") and "Traceback" not in err
    return err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _docs(capsys: pytest.CaptureFixture[str], path: Path) -> list[tuple]:
    docs = json.loads(_ok(capsys, "docs", path, "--json"))
    return sorted((d["name"], d["characters"], d["attributes"]) for d in docs)


def test_export_then_import_gives_back_the_project(study: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "study.qdpx"
    wrote = _ok(capsys, "export", "qdpx", study, "--out", out)
    assert wrote.startswith(f"wrote {out}") and "3 documents" in wrote and "3 codings" in wrote

    copy = tmp_path / "copy.qcode"
    printed = _ok(capsys, "import", copy, out).splitlines()
    assert printed[0] == f"created {copy}"
    assert printed[1].startswith("study.qdpx: imported 3 documents, 4 codes, 3 codings")
    assert codings_in(copy) == codings_in(study)
    assert codebook_in(copy) == codebook_in(study)
    assert _docs(capsys, copy) == _docs(capsys, study)
    assert ("E01 Amal", len(E01), {"years": 12, "interviewed": "2024-03-01"}) in _docs(capsys, copy)


def test_import_json_and_an_empty_project(study: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "study.qdpx"
    _ok(capsys, "export", "qdpx", study, "--out", out, "--json")
    empty = tmp_path / "empty.qcode"
    _ok(capsys, "new", empty)
    summary = json.loads(_ok(capsys, "import", empty, out, "--json"))
    assert (summary["file"], summary["documents"], summary["codings"]) == ("study.qdpx", 3, 3)
    assert summary["skipped"] == [] and summary["coders"] == 2
    assert codings_in(empty) == codings_in(study)


def test_what_is_skipped_is_listed_with_its_reason(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]):
    source = hand_made_qdpx(tmp_path / "other tool.qdpx")
    project = tmp_path / "from other.qcode"
    lines = _ok(capsys, "import", project, source).splitlines()
    assert "imported 1 document, 1 code, 1 coding" in lines[1] and "2 skipped" in lines[1]
    skipped = [line for line in lines if line.lstrip().startswith("skipped")]
    assert len(skipped) == 2
    assert any("map.png" in line for line in skipped) and any("Experts" in line for line in skipped)
    assert any("مقابلة طرابلس" in line and "positions" in line for line in lines)
    assert codings_in(project) == [("مقابلة طرابلس", "Trust", 0, 5, "Salma")]


def test_a_damaged_file_is_one_line_and_leaves_no_project(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]):
    bad = tmp_path / "broken.qdpx"
    bad.write_bytes(b"PK\x03\x04 not really a zip at all")
    project = tmp_path / "new.qcode"
    err = _one_line_error(capsys, "import", project, bad)
    assert "broken.qdpx" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.qdpx"]  # no project, no lock


def test_a_project_with_documents_is_refused_and_unchanged(study: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]):
    source = hand_made_qdpx(tmp_path / "other.qdpx")
    before = _digest(study)
    err = _one_line_error(capsys, "import", study, source)
    assert "documents" in err
    assert _digest(study) == before


def test_a_qdpx_is_imported_on_its_own(study: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]):
    source = hand_made_qdpx(tmp_path / "other.qdpx")
    status, _, err = qcode(capsys, "import", tmp_path / "n.qcode", source, tmp_path / "x.txt")
    assert status == 2 and err.count("\n") == 1 and ".qdpx" in err
    missing = _one_line_error(capsys, "import", tmp_path / "n.qcode", tmp_path / "gone.qdpx")
    assert "gone.qdpx" in missing and not (tmp_path / "n.qcode").exists()


def test_exports_refuse_a_wrong_suffix_before_any_work(study: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]):
    for what, out in (("qdpx", "study.zip"), ("qdc", "codebook.xml")):
        status, _, err = qcode(capsys, "export", what, study, "--out", tmp_path / out)
        assert status == 2 and err.count("\n") == 1 and out in err
        assert not (tmp_path / out).exists()


def test_codebook_goes_out_and_in_as_qdc(study: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]):
    book = tmp_path / "codebook.qdc"
    assert "4 codes" in _ok(capsys, "export", "qdc", study, "--out", book)
    other = build_study(tmp_path / "other.qcode", ["Training"])
    first = _ok(capsys, "codebook", "import", other, book).splitlines()
    assert first[0] == ("codebook.qdc: 1 code matched (by GUID or path), 3 added; "
                        "1 difference not applied")
    assert first[1].startswith("  code 'Training': the file's colour")
    assert codebook_in(other) == codebook_in(study)
    again = _ok(capsys, "codebook", "import", other, book).splitlines()
    assert again[0] == ("codebook.qdc: 4 codes matched (by GUID or path), 0 added; "
                        "1 difference not applied")  # nothing new
    as_json = json.loads(_ok(capsys, "codebook", "import", other, book, "--json"))
    assert as_json == {"file": "codebook.qdc", "kind": "codebook", "codes": 0,
                       "codes_matched": 4, "renamed": [], "differences": [first[1].strip()],
                       "skipped": []}
    assert codebook_in(other) == codebook_in(study)
    also = tmp_path / "also.qdc"
    assert "4 codes" in _ok(capsys, "codebook", "export", study, also)
    assert also.exists()


def test_a_bad_codebook_is_one_line_and_changes_nothing(study: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]):
    bad = tmp_path / "bad.qdc"
    bad.write_text("<CodeBook><Codes><Code", encoding="utf-8")
    before = codebook_in(study)
    err = _one_line_error(capsys, "codebook", "import", study, bad)
    assert "bad.qdc" in err and "XML" in err  # read as a REFI-QDA codebook, not as a CSV
    assert codebook_in(study) == before

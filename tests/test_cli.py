"""The qcode command end to end, through real processes, as scripts will use it."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("qcode")


def qcode(*args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "qcode"]
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


def ok(*args: str | Path) -> str:
    result = qcode(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def write_docx(path: Path, paragraphs: list[str]) -> None:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(path)


@pytest.fixture
def interviews(tmp_path: Path) -> Path:
    folder = tmp_path / "interviews"
    folder.mkdir()
    write_docx(folder / "E01.docx", [
        "Interviewer: How do donors shape the programme?",
        "E01: They fund pilots, but the ministry must own the systems.",
        "Interviewer: And trust?",
        "E01: Trust comes when services work 🙂 every day.",
    ])
    write_docx(folder / "E02.docx", [
        "Q: ما رأيك في الحكومة الإلكترونية؟",
        "A: الثقة هي الأساس، والبنية التحتية ضعيفة في الجنوب.",
    ])
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    return folder


def test_new_import_docs_text(tmp_path: Path, interviews: Path):
    project = tmp_path / "study.qcode"
    assert "created" in ok("new", project)

    result = qcode("import", project, interviews)
    assert result.returncode == 1  # one file failed; the others were imported
    assert "imported 2 documents" in result.stdout
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and "broken.docx" in errors[0] and "Traceback" not in result.stderr

    docs = json.loads(ok("docs", project, "--json"))
    assert [d["name"] for d in docs] == ["E01", "E02"]
    assert [d["turns"] for d in docs] == [4, 2]
    assert docs[1]["direction"] == "rtl"

    text = ok("text", project, "E01")
    assert text.startswith("Interviewer: How do donors")
    assert text.endswith("every day.")  # exactly the stored text, no newline added
    assert ok("text", project, str(docs[1]["id"])).startswith("Q: ما رأيك")

    again = qcode("import", project, interviews / "E01.docx")
    assert again.returncode == 0
    assert "skipped" in again.stdout and "imported 0 documents" in again.stdout


def test_codes_and_codings_with_code_point_offsets(tmp_path: Path, interviews: Path):
    project = tmp_path / "study.qcode"
    ok("new", project)
    qcode("import", project, interviews / "E01.docx", interviews / "E02.docx")
    ok("code", "add", project, "Trust/Everyday services", "--colour", "#bcbd22",
       "--description", "Trust earned by services that work")
    text = ok("text", project, "E01")
    start = text.index("Trust comes")
    end = text.index("🙂") + 1  # the emoji is one code point
    ok("coding", "add", project, "--doc", "E01", "--code", "Trust/Everyday services",
       "--start", str(start), "--end", str(end), "--coder", "Amal", "--memo", "key quote")
    arabic = ok("text", project, "E02")
    a_start = arabic.index("الثقة")
    ok("coding", "add", project, "--doc", "E02", "--code", "Trust", "--start", str(a_start),
       "--end", str(a_start + 5), "--coder", "Omar")

    codings = json.loads(ok("codings", project, "--json"))
    assert [(c["document"], c["code"], c["coder"]) for c in codings] == [
        ("E01", "Trust/Everyday services", "Amal"), ("E02", "Trust", "Omar")]
    assert codings[0]["text"] == text[start:end] and codings[0]["text"].endswith("🙂")
    assert codings[1]["text"] == "الثقة"
    only_e02 = json.loads(ok("codings", project, "--doc", "E02", "--json"))
    assert [c["id"] for c in only_e02] == [codings[1]["id"]]

    tree = json.loads(ok("codes", project, "--json"))
    assert tree[0]["path"] == "Trust" and tree[0]["segments"] == 1
    child = tree[0]["children"][0]
    assert (child["path"], child["colour"], child["segments"], child["documents"]) == (
        "Trust/Everyday services", "#bcbd22", 1, 1)
    assert "Everyday services" in ok("codes", project)


def test_span_outside_the_document_is_refused_in_one_line(tmp_path: Path, interviews: Path):
    project = tmp_path / "study.qcode"
    ok("new", project)
    qcode("import", project, interviews / "E01.docx")
    ok("code", "add", project, "Funding")
    before = hashlib.sha256(project.read_bytes()).hexdigest()
    result = qcode("coding", "add", project, "--doc", "E01", "--code", "Funding",
                   "--start", "10", "--end", "100000")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "outside" in result.stderr
    assert json.loads(ok("codings", project, "--json")) == []
    assert hashlib.sha256(project.read_bytes()).hexdigest() == before


def test_codebook_round_trip_and_bulk_codings(tmp_path: Path, interviews: Path):
    project = tmp_path / "study.qcode"
    ok("new", project)
    qcode("import", project, interviews / "E01.docx", interviews / "E02.docx")
    book = tmp_path / "codebook.csv"
    book.write_text("path,colour,description\nFunding,#8c564b,Money\n"
                    "Funding/Donor grants,#a9786b,Grants from donors\n", encoding="utf-8")
    ok("codebook", "import", project, book)
    exported = tmp_path / "out.csv"
    ok("codebook", "export", project, exported)
    with exported.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["path"], r["colour"], r["description"]) for r in rows] == [
        ("Funding", "#8c564b", "Money"), ("Funding/Donor grants", "#a9786b", "Grants from donors")]

    good = tmp_path / "codings.csv"
    good.write_text("document,code,start,end,coder\nE01,Funding/Donor grants,0,11,Amal\n"
                    "E02,Sovereignty,0,2,Omar\n", encoding="utf-8")
    assert "imported 2 codings" in ok("coding", "import", project, good)
    bad = tmp_path / "bad.csv"
    bad.write_text("document,code,start,end\nE01,Funding,0,5\nE99,Funding,0,5\n",
                   encoding="utf-8")
    result = qcode("coding", "import", project, bad)
    assert result.returncode == 1 and "E99" in result.stderr
    assert len(json.loads(ok("codings", project, "--json"))) == 2  # nothing of bad.csv applied
    assert "Sovereignty" in ok("codes", project)


def test_attributes_with_import(tmp_path: Path, interviews: Path):
    project = tmp_path / "study.qcode"
    ok("new", project)
    table = tmp_path / "experts.csv"
    table.write_text("expert,role,years\nE01,IT director,12\nE02,Academic,20\n",
                     encoding="utf-8")
    result = qcode("import", project, interviews / "E01.docx", interviews / "E02.docx",
                   "--attributes", table, "--json")
    summary = json.loads(result.stdout)
    assert summary["imported"] == ["E01", "E02"] and summary["attribute_values"] == 4


def test_usage_errors_exit_2_with_one_line(tmp_path: Path):
    result = qcode("coding", "add", tmp_path / "x.qcode", "--doc", "E01")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("qcode: error:")
    missing = qcode("docs", tmp_path / "missing.qcode")
    assert missing.returncode == 1 and missing.stderr.strip() == (
        "qcode: missing.qcode: no such project file")


def test_demo_builds_the_study(tmp_path: Path):
    out = ok("demo", tmp_path / "demo.qcode")
    assert "23 interviews" in out
    docs = json.loads(ok("docs", tmp_path / "demo.qcode", "--json"))
    assert len(docs) == 23 and all(d["turns"] >= 10 for d in docs)
    assert {d["direction"] for d in docs} >= {"ltr", "mixed"}
    tree = json.loads(ok("codes", tmp_path / "demo.qcode", "--json"))
    assert len(tree) >= 10 and any(node["children"] for node in tree)


def test_missing_paths_and_folders_are_named_plainly(tmp_path: Path):
    project = tmp_path / "study.qcode"
    ok("new", project)
    result = qcode("import", project, tmp_path / "nothere.docx")
    assert result.returncode == 1
    assert result.stderr.strip() == "qcode: nothere.docx: no such file or folder"
    folder = qcode("docs", tmp_path)
    assert folder.returncode == 1 and "a folder, not a project file" in folder.stderr

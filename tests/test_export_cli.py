"""qcode export matrix | cooccurrence | segments: files, manifests, one-line errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

from qcode.cli.main import main
from tests.export_study import write_study

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def study(project) -> Path:  # noqa: ANN001
    write_study(project)
    return project.path


def test_matrix_by_attribute_with_filters_to_csv(study, tmp_path, capsys):
    out = tmp_path / "roles.csv"
    status = main(["export", "matrix", str(study), "--out", str(out), "--cols",
                   "attribute:role", "--measure", "segments", "--rollup", "--coder", "Amal",
                   "--where", "years=18", "--where", "role=-5", "--bom"])
    assert status == 0 and "roles.csv" in capsys.readouterr().out
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    # only E01 (role -5, years 18) counts, and only Amal's codings: Trust has =SUM(1+1) trust,
    # the hostile code =SUM(1+1), Infrastructure the tab line
    assert rows[0] == ["Code", "-5", "Total"]
    assert [r[1] for r in rows[1:]] == ["1", "0", "0", "1", "1", "3"]
    manifest = json.loads((tmp_path / "roles.csv.manifest.json").read_text(encoding="utf-8"))
    assert manifest["coders"] == ["Amal"] and manifest["where"] == {"years": ["18"],
                                                                   "role": ["-5"]}


def test_cooccurrence_and_segments_in_every_format(study, tmp_path):
    assert main(["export", "cooccurrence", str(study), "--out", str(tmp_path / "co.xlsx"),
                 "--mode", "near:10", "--measure", "documents"]) == 0
    assert openpyxl.load_workbook(tmp_path / "co.xlsx").sheetnames == ["Co-occurrence", "About"]
    for suffix in ("csv", "xlsx", "docx"):
        out = tmp_path / f"seg.{suffix}"
        assert main(["export", "segments", str(study), "--out", str(out),
                     "--code", "Trust/Credibility"]) == 0
        assert (tmp_path / f"seg.{suffix}.manifest.json").is_file()
    headings = [p.text for p in docx.Document(str(tmp_path / "seg.docx")).paragraphs
                if p.style.name.startswith("Heading")]
    assert headings == ["Credibility", "Evidence"]


@pytest.mark.parametrize(("args", "status", "message"), [
    (["matrix", "--out", "m.txt"], 2, "cannot write .txt"),
    (["matrix", "--out", "m.csv", "--cols", "attribute:city"], 1, "no attribute named 'city'"),
    (["matrix", "--out", "m.csv", "--where", "role"], 2, "ATTRIBUTE=VALUE"),
    (["matrix", "--out", "m.csv", "--coder", "Nobody"], 1, "no coder named 'Nobody'"),
    (["matrix", "--out", "m.csv", "--measure", "coverage", "--percent", "row"], 2,
     "already a percentage"),
    (["cooccurrence", "--out", "c.csv", "--mode", "near:-1"], 2, "near:N"),
    (["segments", "--out", "s.docx", "--code", "Trust/Nope"], 1, "Trust/Nope"),
])
def test_bad_requests_fail_with_one_line(study, tmp_path, capsys, args, status, message):
    what, *rest = args
    rest = [str(tmp_path / a) if a.endswith((".txt", ".csv", ".docx")) else a for a in rest]
    assert main(["export", what, str(study), *rest]) == status
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert list(tmp_path.glob("*.csv")) == list(tmp_path.glob("*.docx")) == []


def test_export_runs_as_a_command(study, tmp_path):
    out = tmp_path / "m.xlsx"
    result = subprocess.run([sys.executable, "-m", "qcode.cli.main", "export", "matrix",
                             str(study), "--out", str(out), "--measure", "words"],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(out)["Matrix"]["A2"].value == "Trust"

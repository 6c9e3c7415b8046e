"""``qcode agreement``: what a team lead types and reads, in the terminal, as JSON, CSV and XLSX."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from qcode.cli.parser import build_parser
from qcode.team.options import UNITS
from tests.cli_study import DOCUMENTS, build_study, code_on, qcode

CODES = ("Trust", "Trust/Credibility", "=cmd")


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """Amal and Omar code E01 Amal: Trust [0, 20) and [10, 30); Credibility the same span;
    "=cmd" by Amal alone."""
    path = build_study(tmp_path / "study.qcode", CODES)
    code_on(path, "E01 Amal", "Trust", 0, 20, coder="Amal")
    code_on(path, "E01 Amal", "Trust", 10, 30, coder="Omar")
    code_on(path, "E01 Amal", "Trust/Credibility", 40, 60, coder="Amal")
    code_on(path, "E01 Amal", "Trust/Credibility", 40, 60, coder="Omar")
    code_on(path, "E02 Omar", "=cmd", 0, 5, coder="Amal")
    return path


def _rows(out: str) -> dict[tuple, dict]:
    return {(r["code"], r["document"]): r for r in json.loads(out)["rows"]}


def test_json_has_a_row_per_code_and_document_pooled_rows_and_overall(study, capsys):
    status, out, err = qcode(capsys, "agreement", study, "--coders", "Amal", "Omar", "--json")
    assert (status, err) == (0, "")
    rows = _rows(out)
    assert len(rows) == len(CODES) * (len(DOCUMENTS) + 1) + 1
    e01 = len(DOCUMENTS["E01 Amal"])
    trust = rows["Trust", "E01 Amal"]
    assert {k: trust[k] for k in ("units", "both", "a_only", "b_only", "neither")} == \
        {"units": e01, "both": 10, "a_only": 10, "b_only": 10, "neither": e01 - 30}
    assert trust["percent"] == pytest.approx(100 * (e01 - 20) / e01)
    pooled = rows["Trust", None]
    total = sum(len(text) for text in DOCUMENTS.values())
    assert (pooled["units"], pooled["both"], pooled["neither"]) == (total, 10, total - 30)
    assert rows["Trust/Credibility", None]["kappa"] == 1.0
    assert rows[None, None]["both"] == 30  # Trust 10 + Credibility 20 + "=cmd" 0


def test_rollup_and_chosen_codes_give_one_row_per_code(study, capsys):
    status, out, _ = qcode(capsys, "agreement", study, "--coders", "Amal", "Omar", "--code",
                           "Trust", "--rollup", "--coded-only", "--json")
    rows = _rows(out)
    assert status == 0
    assert {code for code, _ in rows} == {"Trust", None}
    assert (rows["Trust", None]["units"], rows["Trust", None]["both"]) == (50, 30)


def test_groups_count_a_unit_for_the_group_when_any_member_coded_it(study, capsys):
    code_on(study, "E01 Amal", "Trust", 20, 30, coder="Sara")
    status, out, _ = qcode(capsys, "agreement", study, "--group-a", "Amal,Sara", "--group-b",
                           "Omar", "--code", "Trust", "--doc", "E01 Amal", "--json")
    row = _rows(out)["Trust", "E01 Amal"]
    assert status == 0
    assert (row["both"], row["a_only"], row["b_only"]) == (20, 10, 0)


def test_segment_rows_count_codings_that_match(study, capsys):
    status, out, _ = qcode(capsys, "agreement", study, "--coders", "Amal", "Omar", "--unit",
                           "segment", "--overlap", "30", "--json")
    rows = _rows(out)
    assert status == 0
    assert rows["Trust", "E01 Amal"] | {} == {
        "code": "Trust", "document": "E01 Amal", "agree": 1, "a_only": 0, "b_only": 0,
        "percent": 100.0, "kappa": None, "alpha": None}
    status, out, _ = qcode(capsys, "agreement", study, "--coders", "Amal", "Omar", "--unit",
                           "segment", "--json")  # 10 of 30 characters shared: 33% < 90%
    assert _rows(out)["Trust", "E01 Amal"]["agree"] == 0


def test_the_terminal_shows_each_code_pooled_and_all_codes(study, capsys):
    status, out, _ = qcode(capsys, "agreement", study, "--coders", "Amal", "Omar")
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == "character agreement: Amal vs Omar"
    assert [line.split()[0] for line in lines[2:6]] == ["Trust", "Trust/Credibility", "=cmd",
                                                        "(all"]
    assert "1.0000" in lines[3]


@pytest.mark.parametrize(("args", "named"), [
    (("--coders", "Amal", "Nobody"), "qcode: no coder named 'Nobody' (coders: Amal, Omar)"),
    (("--coders", "Amal", "Omar", "--code", "Trusst"), "qcode: no code 'Trusst'"),
    (("--coders", "Amal", "Omar", "--doc", "E99"), "qcode: no document named 'E99'"),
])
def test_an_unknown_coder_code_or_document_is_one_line_naming_it(study, capsys, args, named):
    status, out, err = qcode(capsys, "agreement", study, *args)
    assert (status, out) == (1, "")
    assert err.startswith(named) and err.count("\n") == 1


@pytest.mark.parametrize(("args", "said"), [
    (("--coders", "Amal"), "agreement needs two or more coders"),
    (("--coders", "Amal", "Omar", "--out", "table.txt"), "cannot write .txt here"),
    (("--coders", "Amal", "Omar", "--unit", "segment", "--coded-only"), "--coded-only"),
    (("--group-a", "Amal,", "--group-b", "Omar"), "not a group of coders"),
])
def test_a_wrong_command_line_is_one_line_and_status_2(study, capsys, args, said):
    status, out, err = qcode(capsys, "agreement", study, *args)
    assert (status, out) == (2, "")
    assert said in err and err.count("\n") == 1


def test_csv_has_every_row_guarded_and_a_manifest_with_every_formula(study, capsys, tmp_path):
    out_file = tmp_path / "agreement.csv"
    status, out, _ = qcode(capsys, "agreement", study, "--coders", "Amal", "Omar", "--out",
                           out_file)
    assert status == 0 and out.startswith(f"wrote {out_file}")
    with out_file.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["code", "document", "units", "both", "a_only", "b_only", "neither",
                       "percent", "kappa", "alpha"]
    assert len(rows) == 1 + len(CODES) * (len(DOCUMENTS) + 1) + 1
    assert rows[1 + 2 * (len(DOCUMENTS) + 1)][:2] == ["'=cmd", "(all documents)"]
    assert rows[-1][:2] == ["(all codes)", "(all documents)"]
    assert (rows[1][8], rows[1 + len(DOCUMENTS) + 1][8]) == ("0.4554", "1.0000")  # 4 decimals
    manifest = json.loads((tmp_path / "agreement.csv.manifest.json").read_text("utf-8"))
    assert manifest["table"] == "coder agreement" and manifest["sides"] == [["Amal"], ["Omar"]]
    rules = " ".join(manifest["counting_rules"])
    for formula in ("percent = 100 × (both + neither) / N", "Pe = (A × B + notA × notB) / N²",
                    "alpha = 1 − (n − 1) × Σ k(u)(m − k(u))"):
        assert formula in rules


def test_xlsx_holds_numbers_and_an_about_sheet(study, capsys, tmp_path):
    out_file = tmp_path / "agreement.xlsx"
    status, _, _ = qcode(capsys, "agreement", study, "--coders", "Amal", "Omar", "--unit",
                         "sentence", "--out", out_file)
    book = openpyxl.load_workbook(out_file)
    sheet = book["Agreement"]
    header = [c.value for c in sheet[1]]
    trust = [c.value for c in sheet[3]]
    assert status == 0 and header[:3] == ["code", "document", "units"]
    assert trust[:2] == ["Trust", "E01 Amal"] and isinstance(trust[2], int)
    about = [row[1].value for row in book["About"].iter_rows()]
    assert any("Units are sentences" in (value or "") for value in about)


def test_the_command_line_offers_every_unit():
    agreement = next(a for a in build_parser()._actions if a.dest == "command") \
        .choices["agreement"]
    unit = next(a for a in agreement._actions if a.dest == "unit")
    assert tuple(unit.choices) == UNITS


def test_three_coders_show_alpha_and_units_only(study, capsys):
    code_on(study, "E01 Amal", "Trust", 0, 30, coder="Sara")
    status, out, _ = qcode(capsys, "agreement", study, "--coders", "Amal", "Omar", "Sara",
                           "--code", "Trust")
    lines = out.splitlines()
    assert status == 0 and lines[0] == "character agreement: Amal vs Omar vs Sara"
    assert lines[1].split() == ["code", "percent", "kappa", "alpha", "units"]
    assert lines[2].split()[:3] == ["Trust", "-", "-"]

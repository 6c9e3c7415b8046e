"""``qcode agreement --disagreements``: the passages coded by one side only, in the terminal and
as JSON, for the rows the command counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_study import DOCUMENTS, build_study, code_on, qcode

CODES = ("Trust", "Trust/Credibility")
E01, E02 = DOCUMENTS["E01 Amal"], DOCUMENTS["E02 Omar"]


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """Trust: Amal [0, 20) and Omar [10, 30) of E01; Omar alone on E02 [38, 43) (Arabic);
    Credibility: both on E01 [40, 60)."""
    path = build_study(tmp_path / "study.qcode", CODES)
    code_on(path, "E01 Amal", "Trust", 0, 20, coder="Amal")
    code_on(path, "E01 Amal", "Trust", 10, 30, coder="Omar")
    code_on(path, "E02 Omar", "Trust", 38, 43, coder="Omar")
    code_on(path, "E01 Amal", "Trust/Credibility", 40, 60, coder="Amal")
    code_on(path, "E01 Amal", "Trust/Credibility", 40, 60, coder="Omar")
    return path


def _passages(out: str) -> list[tuple]:
    return [(d["code"], d["document"], d["start"], d["end"], d["side"], d["text"])
            for d in json.loads(out)["disagreements"]]


def test_json_lists_each_passage_one_side_coded_with_its_text(study, capsys):
    status, out, err = qcode(capsys, "agreement", study, "--coders", "Amal", "Omar",
                             "--disagreements", "--json")
    assert (status, err) == (0, "")
    assert _passages(out) == [("Trust", "E01 Amal", 0, 10, "a", E01[0:10]),
                              ("Trust", "E01 Amal", 20, 30, "b", E01[20:30]),
                              ("Trust", "E02 Omar", 38, 43, "b", E02[38:43])]
    rows = {(r["code"], r["document"]): r for r in json.loads(out)["rows"]}
    assert (rows["Trust", None]["a_only"], rows["Trust", None]["b_only"]) == (10, 15)


def test_chosen_codes_and_documents_and_segment_units_narrow_the_list(study, capsys):
    status, out, _ = qcode(capsys, "agreement", study, "--coders", "Amal", "Omar", "--code",
                           "Trust", "--doc", "E02", "--unit", "segment", "--disagreements",
                           "--json")
    assert status == 0
    [passage] = json.loads(out)["disagreements"]
    assert (passage["document"], passage["side"], passage["coder"], passage["text"]) == (
        "E02 Omar", "b", "Omar", E02[38:43])


def test_the_terminal_lists_passages_code_by_code_after_the_table(study, capsys):
    status, out, _ = qcode(capsys, "agreement", study, "--coders", "Amal", "Omar",
                           "--disagreements")
    lines = out.splitlines()
    at = lines.index("3 passages coded by one side only (character units):")
    assert status == 0 and lines[0] == "character agreement: Amal vs Omar"
    assert lines[at + 1:] == [
        "Trust",
        f"  E01 Amal [0, 10) Amal only: {' '.join(E01[0:10].split())}",
        f"  E01 Amal [20, 30) Omar only: {' '.join(E01[20:30].split())}",
        f"  E02 Omar [38, 43) Omar only: {E02[38:43]}"]


def test_three_coders_have_no_a_only_and_say_so_in_one_line(study, capsys):
    status, out, err = qcode(capsys, "agreement", study, "--coders", "Amal", "Omar", "Sara",
                             "--disagreements")
    assert (status, out) == (2, "")
    assert "compare two coders or two groups" in err and err.count("\n") == 1

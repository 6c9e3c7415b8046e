"""Undoing a mistake from the command line: coding remove, code remove|rename|move, and coding a
passage by its text (coding add --text)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from qcode.project import Project
from tests.cli_study import E01, E02, build_study, code_on, codebook_in, codings_in, qcode
from tests.factories import add_doc

CODES = ("Capacity/Training", "Funding/Donor grants", "Trust/Credibility", "Sovereignty")
TRUST = E01.index("Trust comes")


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return build_study(tmp_path / "study.qcode", CODES)


def test_coding_remove_by_id_or_uuid(study: Path, capsys):
    first = code_on(study, "E01 Amal", "Trust/Credibility", TRUST, TRUST + 11)
    second = code_on(study, "E01 Amal", "Sovereignty", 0, 11)
    third = code_on(study, "E02 Omar", "Sovereignty", 0, 1)
    status, out, err = qcode(capsys, "coding", "remove", study, str(first))
    assert (status, err) == (0, "")
    assert out == f"removed coding {first}: Trust/Credibility on E01 Amal [{TRUST}, {TRUST + 11})\n"

    _, listing, _ = qcode(capsys, "codings", study, "--json")
    uuid = next(r["uuid"] for r in json.loads(listing) if r["id"] == third)
    status, out, err = qcode(capsys, "coding", "remove", study, str(second), uuid.upper())
    assert (status, out, err) == (0, f"removed 2 codings: {second}, {third}\n", "")
    assert codings_in(study) == []


def test_coding_remove_of_an_unknown_id_removes_nothing(study: Path, capsys):
    kept = code_on(study, "E01 Amal", "Sovereignty", 0, 11)
    status, out, err = qcode(capsys, "coding", "remove", study, str(kept), "99")
    assert (status, out, err) == (1, "", "qcode: no coding with id 99\n")
    assert codings_in(study) == [("E01 Amal", "Sovereignty", 0, 11, "Amal")]


def test_coding_remove_by_document_code_and_span(study: Path, capsys):
    code_on(study, "E01 Amal", "Trust/Credibility", TRUST, TRUST + 11, coder="Amal")
    code_on(study, "E01 Amal", "Trust/Credibility", TRUST, TRUST + 11, coder="Omar")
    span = ("--doc", "E01", "--code", "Credibility", "--start", str(TRUST),
            "--end", str(TRUST + 11))
    status, out, err = qcode(capsys, "coding", "remove", study, *span)
    assert (status, out) == (1, "")
    assert err.startswith(f"qcode: 2 codings of Trust/Credibility on E01 Amal [{TRUST}, "
                          f"{TRUST + 11}), by Amal, Omar; add --coder, or give their ids")
    status, out, err = qcode(capsys, "coding", "remove", study, *span, "--coder", "Omar",
                             "--json")
    assert (status, err) == (0, "") and [r["coder"] for r in json.loads(out)] == ["Omar"]
    status, out, err = qcode(capsys, "coding", "remove", study, "--doc", "E01", "--code",
                             "Credibility", "--text", "Trust comes")
    assert (status, err) == (0, "") and out.startswith("removed coding ")
    assert codings_in(study) == []


def test_coding_remove_needs_ids_or_a_span(study: Path, capsys):
    code_on(study, "E01 Amal", "Sovereignty", 0, 11)
    for args in (("1", "--doc", "E01"), ("--doc", "E01", "--code", "Sovereignty"), ()):
        status, out, err = qcode(capsys, "coding", "remove", study, *args)
        assert (status, out) == (2, "") and err.count("\n") == 1, args
    assert len(codings_in(study)) == 1


def test_coding_add_finds_the_passage_by_its_text(study: Path, capsys):
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E01", "--code",
                             "Credibility", "--text", "Trust comes when services work \U0001f642",
                             "--coder", "Amal")
    end = TRUST + len("Trust comes when services work \U0001f642")  # the emoji: one code point
    assert (status, err) == (0, "")
    assert out == f"coding 1: Trust/Credibility on E01 Amal [{TRUST}, {end})\n"
    arabic = unicodedata.normalize("NFD", "الثقة هي الأساس")  # typed decomposed: still found
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E02", "--code",
                             "Sovereignty", "--text", arabic, "--coder", "Omar", "--json")
    start = E02.index("الثقة")
    assert (status, err) == (0, "")
    assert json.loads(out)["text"] == E02[start:start + 15]
    assert codings_in(study) == [("E01 Amal", "Trust/Credibility", TRUST, end, "Amal"),
                                 ("E02 Omar", "Sovereignty", start, start + 15, "Omar")]


def test_coding_add_refuses_a_passage_found_twice_or_not_at_all(study: Path, capsys):
    twice = [i for i in range(len(E01)) if E01.startswith("training", i)]
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E01", "--code",
                             "Training", "--text", "training")
    assert (status, out) == (1, "")
    assert err == (f"qcode: the passage is found 2 times in E01 Amal, at {twice[0]}, "
                   f"{twice[1]}; use --start/--end\n")
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E01", "--code",
                             "Training", "--text", "trust come when services")
    assert (status, out) == (1, "")
    assert err == ('qcode: the passage "trust come when services" is not in E01 Amal; the '
                   f'nearest is at [{TRUST}, {TRUST + 25}): "Trust comes when services"\n')
    assert codings_in(study) == []


def test_coding_add_of_an_existing_coding_says_so(study: Path, capsys):
    first = code_on(study, "E01 Amal", "Sovereignty", 0, 11, coder="Amal")
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E01 Amal", "--code",
                             "Sovereignty", "--start", "0", "--end", "11", "--coder", "Amal")
    assert (status, err) == (0, "")
    assert out == (f"Sovereignty on E01 Amal [0, 11) is already coded by Amal (coding {first});"
                   " nothing added\n")
    assert len(codings_in(study)) == 1


def test_code_remove_refuses_a_code_with_codings_unless_forced(study: Path, capsys):
    code_on(study, "E01 Amal", "Trust/Credibility", TRUST, TRUST + 5)
    code_on(study, "E02 Omar", "Trust/Credibility", 0, 1)
    status, out, err = qcode(capsys, "code", "remove", study, "Credibility")
    assert (status, out) == (1, "")
    assert err == ("qcode: code 'Trust/Credibility' has 2 codings; add --force to remove them "
                   "with the code\n")
    assert "Trust/Credibility" in codebook_in(study) and len(codings_in(study)) == 2
    status, out, err = qcode(capsys, "code", "remove", study, "Credibility", "--force")
    assert (status, out, err) == (0, "removed code Trust/Credibility and its 2 codings\n", "")
    assert "Trust/Credibility" not in codebook_in(study) and codings_in(study) == []


def test_code_remove_moves_sub_codes_up(study: Path, capsys):
    status, out, err = qcode(capsys, "code", "remove", study, "Capacity", "--json")
    assert (status, err) == (0, "")
    assert json.loads(out)["messages"] == ["1 sub-code of 'Capacity' moved up to the top level"]
    assert "Training" in codebook_in(study) and "Capacity" not in codebook_in(study)


def test_code_rename_and_move(study: Path, capsys):
    code_on(study, "E01 Amal", "Capacity/Training", 53, 61)
    status, out, err = qcode(capsys, "code", "rename", study, "Training", "Skills")
    assert (status, out, err) == (0, "renamed Capacity/Training to Capacity/Skills\n", "")
    status, out, err = qcode(capsys, "code", "move", study, "Skills", "Funding")
    assert (status, out, err) == (0, "moved Capacity/Skills to Funding/Skills\n", "")
    status, out, err = qcode(capsys, "code", "move", study, "Funding/Skills", "/", "--json")
    assert (status, err) == (0, "")
    assert json.loads(out)["path"] == "Skills"
    assert json.loads(out)["previous_path"] == "Funding/Skills"
    assert codings_in(study) == [("E01 Amal", "Skills", 53, 61, "Amal")]


def test_code_rename_or_move_that_clashes_changes_nothing(study: Path, capsys):
    before = codebook_in(study)
    status, out, err = qcode(capsys, "code", "rename", study, "Donor grants", "Training")
    assert (status, out, err) == (0, "renamed Funding/Donor grants to Funding/Training\n", "")
    status, out, err = qcode(capsys, "code", "move", study, "Funding/Training", "Capacity")
    assert (status, out) == (1, "") and err.count("\n") == 1 and "Training" in err
    status, out, err = qcode(capsys, "code", "move", study, "Trust", "Credibility")
    assert (status, out) == (1, "") and "under itself" in err
    assert codebook_in(study) == sorted(p.replace("Donor grants", "Training") for p in before)


SHEET = "Interview E07\nDate\t11 June 2025\nDuration\t19 minutes\nLanguage\u00a0Arabic\n"


def _with_sheet(study: Path) -> Path:
    with Project.open(study) as project, project.transaction() as s:
        add_doc(s, "E07", SHEET)
    return study


def test_coding_add_text_matches_any_white_space_and_codes_the_span_found(study: Path, capsys):
    _with_sheet(study)
    duration, language = SHEET.index("Duration"), SHEET.index("Language")
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E07", "--code",
                             "Training", "--text", "Duration 19 minutes", "--coder", "Amal")
    assert (status, err) == (0, "")
    assert out == f"coding 1: Capacity/Training on E07 [{duration}, {language - 1})\n"
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E07", "--code",
                             "Sovereignty", "--text", " 19  minutes Language Arabic ",
                             "--coder", "Amal", "--json")
    assert (status, err) == (0, "")
    assert json.loads(out)["text"] == "19 minutes\nLanguage\u00a0Arabic"
    assert codings_in(study) == [
        ("E07", "Capacity/Training", duration, language - 1, "Amal"),
        ("E07", "Sovereignty", SHEET.index("19 min"), len(SHEET) - 1, "Amal")]


def test_a_passage_not_found_is_shown_with_its_tabs_and_line_breaks(study: Path, capsys):
    _with_sheet(study)
    duration = SHEET.index("Duration")
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E07", "--code",
                             "Training", "--text", "Duration: 19 minutes\n")
    assert (status, out) == (1, "")
    assert err == ('qcode: the passage "Duration: 19 minutes" is not in E07; the nearest is at '
                   f'[{duration}, {duration + 19}): "Duration\\t19 minutes"\n')
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E07", "--code",
                             "Training", "--text", "11 June 2025\tDuraton")
    assert (status, out) == (1, "")
    assert err.startswith('qcode: the passage "11 June 2025\\tDuraton" is not in E07; the '
                          'nearest is at ') and err.endswith(': "11 June 2025\\nDuration"\n')
    assert codings_in(study) == []


def test_a_rename_or_move_that_changes_nothing_says_so_and_writes_nothing(study: Path, capsys):
    before = study.read_bytes()
    for args, said in (
            (("rename", "Training", "Training"), "Capacity/Training is already named Training"),
            (("move", "Sovereignty", "/"), "Sovereignty is already at the top level"),
            (("move", "Training", "capacity"), "Capacity/Training is already under Capacity")):
        status, out, err = qcode(capsys, "code", args[0], study, *args[1:])
        assert (status, out, err) == (0, f"nothing to change: {said}\n", ""), args
    status, out, err = qcode(capsys, "code", "move", study, "Sovereignty", "/", "--json")
    assert (status, err) == (0, "")
    assert json.loads(out)["path"] == json.loads(out)["previous_path"] == "Sovereignty"
    assert json.loads(out)["changed"] is False
    assert study.read_bytes() == before


def test_free_text_options_take_values_that_start_with_a_dash(study: Path, capsys):
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E01", "--code",
                             "Sovereignty", "--start", "0", "--end", "11", "--memo", "-m",
                             "--coder", "-c", "--json")
    assert (status, err) == (0, "")
    assert (json.loads(out)["memo"], json.loads(out)["coder"]) == ("-m", "-c")
    status, out, err = qcode(capsys, "code", "add", study, "Trust/Fear", "--description",
                             "- not yet sure")
    assert (status, err) == (0, "")
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E01", "--code",
                             "Sovereignty", "--start", "0", "--end", "5", "--memo", "--json")
    assert (status, out) == (2, "") and "--memo: expected one argument" in err
    assert codings_in(study) == [("E01 Amal", "Sovereignty", 0, 11, "-c")]

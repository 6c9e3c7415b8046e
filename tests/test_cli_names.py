"""Codes and documents named on the command line as people type them: a leaf name, the start of a
path or name, any case; a miss suggests the nearest name; an ambiguous name lists candidates."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.cli_study import E01, build_study, code_on, codebook_in, codings_in, qcode

CODES = ("Capacity/Training", "Trust/Credibility", "Trust/Everyday services", "Sovereignty")


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return build_study(tmp_path / "study.qcode", CODES)


def test_a_unique_leaf_name_names_the_code(study: Path, capsys):
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E01 Amal", "--code",
                             "Training", "--start", "53", "--end", "61", "--coder", "Amal")
    assert (status, err) == (0, "")
    assert out == "coding 1: Capacity/Training on E01 Amal [53, 61)\n"
    assert codings_in(study) == [("E01 Amal", "Capacity/Training", 53, 61, "Amal")]


def test_the_start_of_a_path_and_any_case_name_the_code(study: Path, capsys):
    for typed in ("Trust/Cred", "credibility", "trust/credibility"):
        status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E01 Amal", "--code",
                                 typed, "--start", "0", "--end", "11", "--coder", typed)
        assert (status, err) == (0, ""), typed
        assert "Trust/Credibility on E01 Amal [0, 11)" in out
    assert {code for _, code, *_ in codings_in(study)} == {"Trust/Credibility"}


def test_an_exact_path_wins_over_a_leaf_name_elsewhere(tmp_path: Path, capsys):
    study = build_study(tmp_path / "study.qcode", ("Training", "Capacity/Training"))
    code_on(study, "E01 Amal", "Training", 53, 61)
    code_on(study, "E02 Omar", "Capacity/Training", 0, 1)
    status, out, _ = qcode(capsys, "codings", study, "--code", "Training", "--json")
    assert status == 0 and [r["code"] for r in json.loads(out)] == ["Training"]
    status, out, _ = qcode(capsys, "codings", study, "--code", "capacity/train", "--json")
    assert status == 0 and [r["code"] for r in json.loads(out)] == ["Capacity/Training"]


def test_an_ambiguous_name_lists_the_candidates_and_changes_nothing(tmp_path: Path, capsys):
    study = build_study(tmp_path / "study.qcode", ("Capacity/Training", "Funding/Training"))
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E01 Amal", "--code",
                             "Training", "--start", "0", "--end", "5")
    assert (status, out) == (1, "")
    assert err == ("qcode: code 'Training' is ambiguous: Capacity/Training, "
                   "Funding/Training\n")
    assert codings_in(study) == []


def test_an_unknown_code_is_refused_with_the_nearest_never_created(study: Path, capsys):
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E01 Amal", "--code",
                             "Credibilty", "--start", "0", "--end", "5")
    assert (status, out) == (1, "")
    assert err == ("qcode: no code 'Credibilty' in the codebook; did you mean "
                   "Trust/Credibility?\n")
    status, _, err = qcode(capsys, "codings", study, "--code", "Funding")
    assert status == 1 and err == "qcode: no code 'Funding' in the codebook\n"
    assert codebook_in(study) == sorted(["Capacity", "Trust", *CODES])
    assert codings_in(study) == []


def test_documents_by_the_start_of_their_name_in_any_case(study: Path, capsys):
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "e01", "--code",
                             "Sovereignty", "--start", "0", "--end", "11")
    assert (status, err) == (0, "") and "on E01 Amal [0, 11)" in out
    status, out, err = qcode(capsys, "text", study, "focus")
    assert (status, out, err) == (0, "We want training.", "")
    status, out, err = qcode(capsys, "codings", study, "--doc", "E01", "--json")
    assert status == 0 and [r["document"] for r in json.loads(out)] == ["E01 Amal"]


def test_an_ambiguous_or_unknown_document_is_named_with_candidates(study: Path, capsys):
    status, out, err = qcode(capsys, "coding", "add", study, "--doc", "E0", "--code",
                             "Sovereignty", "--start", "0", "--end", "5")
    assert (status, out) == (1, "")
    assert err == "qcode: document 'E0' is ambiguous: E01 Amal, E02 Omar\n"
    status, out, err = qcode(capsys, "text", study, "Focus grop")
    assert (status, out) == (1, "")
    assert err == ("qcode: no document named 'Focus grop'; did you mean "
                   "Focus group Tripoli?\n")
    assert codings_in(study) == []


def test_export_segments_takes_a_code_name(study: Path, tmp_path: Path, capsys):
    code_on(study, "E01 Amal", "Trust/Credibility", E01.index("Trust"), E01.index("Trust") + 5)
    code_on(study, "E01 Amal", "Sovereignty", 0, 11)
    out_file = tmp_path / "trust.csv"
    status, out, err = qcode(capsys, "export", "segments", study, "--out", out_file, "--code",
                             "credibility")
    assert (status, err) == (0, "")
    table = out_file.read_text(encoding="utf-8-sig")
    assert "Trust/Credibility" in table and "Sovereignty" not in table
    manifest = json.loads(out_file.with_name("trust.csv.manifest.json").read_text("utf-8"))
    assert "Trust/Credibility" in json.dumps(manifest, ensure_ascii=False)


def test_codings_of_a_parent_include_its_sub_codes_as_export_segments_does(
        study: Path, tmp_path: Path, capsys):
    trust = E01.index("Trust")
    code_on(study, "E01 Amal", "Trust/Credibility", trust, trust + 5)
    code_on(study, "E01 Amal", "Trust/Everyday services", trust + 6, trust + 11)
    code_on(study, "E01 Amal", "Sovereignty", 0, 11)
    for typed in ("Trust", "tru"):
        status, out, err = qcode(capsys, "codings", study, "--code", typed, "--json")
        assert (status, err) == (0, ""), typed
        assert [r["code"] for r in json.loads(out)] == ["Trust/Credibility",
                                                        "Trust/Everyday services"], typed
    out_file = tmp_path / "trust.csv"
    assert qcode(capsys, "export", "segments", study, "--out", out_file, "--code", "Trust")[0] == 0
    with out_file.open(encoding="utf-8-sig", newline="") as table:
        exported = [row["code"] for row in csv.DictReader(table)]
    assert exported == ["Trust/Credibility", "Trust/Everyday services"]


def test_codings_own_says_when_only_the_sub_codes_have_codings(study: Path, capsys):
    code_on(study, "E01 Amal", "Trust/Credibility", 0, 5)
    code_on(study, "E02 Omar", "Trust/Everyday services", 0, 5)
    status, out, err = qcode(capsys, "codings", study, "--code", "Trust", "--own")
    assert (status, err) == (0, "")
    assert out == ("no codings of Trust itself; the codes below it have 2 (leave out --own to "
                   "list them)\n")
    status, out, err = qcode(capsys, "codings", study, "--code", "Trust", "--own", "--json")
    assert (status, out, err) == (0, "[]\n", "")
    status, out, _ = qcode(capsys, "codings", study, "--code", "Credibility", "--own")
    assert status == 0 and "Trust/Credibility" in out


def test_a_name_as_typed_wins_over_one_matching_only_ignoring_case(tmp_path: Path, capsys):
    study = build_study(tmp_path / "study.qcode", ("Trust and credibility/Trust", "Trusted"))
    assert qcode(capsys, "code", "add", study, "trust") == (0, "Add code trust\n", "")
    code_on(study, "E01 Amal", "Trust and credibility/Trust", 0, 5)
    code_on(study, "E01 Amal", "trust", 6, 11)
    code_on(study, "E01 Amal", "Trusted", 12, 17)
    for typed, meant in (("Trust", "Trust and credibility/Trust"), ("trust", "trust"),
                         ("TRUST", "trust"), ("Trusted", "Trusted"), ("trusted", "Trusted")):
        status, out, err = qcode(capsys, "codings", study, "--code", typed, "--json")
        assert (status, err) == (0, ""), typed
        assert [r["code"] for r in json.loads(out)] == [meant], typed


def test_a_code_differing_from_a_sibling_only_in_case_is_refused(study: Path, capsys):
    status, out, err = qcode(capsys, "code", "add", study, "TRUST")
    assert (status, out) == (1, "")
    assert err == ("qcode: there is already a code named 'Trust' at the top of the codebook "
                   "(names may not differ only in case)\n")
    status, out, err = qcode(capsys, "code", "rename", study, "Everyday services", "credibility")
    assert (status, out) == (1, "") and "already a code named 'Credibility'" in err
    status, out, err = qcode(capsys, "code", "rename", study, "Credibility", "CREDIBILITY")
    assert (status, out, err) == (0, "renamed Trust/Credibility to Trust/CREDIBILITY\n", "")
    book = study.with_name("codebook.csv")
    book.write_text("path,colour,description\nFunding,,\ncapacity/Skills,,\n", encoding="utf-8")
    status, out, err = qcode(capsys, "codebook", "import", study, book)
    assert (status, out) == (1, "") and "already a code named 'Capacity'" in err
    assert codebook_in(study) == sorted(["Capacity", "Trust", "Capacity/Training",
                                         "Trust/CREDIBILITY", "Trust/Everyday services",
                                         "Sovereignty"])


def test_a_short_name_without_a_close_match_suggests_codes_with_a_word_so_starting(
        tmp_path: Path, capsys):
    study = build_study(tmp_path / "study.qcode", (
        "Capacity building/Retention and brain drain", "Inclusivity/Regional and rural access",
        "International partnerships/Bilateral and regional cooperation", "Funding"))
    status, out, err = qcode(capsys, "codings", study, "--code", "Re")
    assert (status, out) == (1, "")
    assert err == ("qcode: no code 'Re' in the codebook; did you mean Capacity building/"
                   "Retention and brain drain, Inclusivity/Regional and rural access or "
                   "International partnerships/Bilateral and regional cooperation?\n")
    status, out, err = qcode(capsys, "text", study, "grou")
    assert (status, out) == (1, "")
    assert err == "qcode: no document named 'grou'; did you mean Focus group Tripoli?\n"

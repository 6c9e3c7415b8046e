"""``qcode reimport PROJECT DOCUMENT FILE``: a corrected transcript replaces a document's text,
its codings moved where their text is and the rest kept, unplaced, with their old text; and
``qcode import`` of a corrected file under a taken name, which points there instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_study import qcode
from tests.docx_build import p, r, write_docx

QUESTION = "Interviewer: How do citizens see the portal?"
TRUST = "E07: Citizens do not trust the ministry portal at all."
BUDGET = "E07: The budget was cut twice last year."
TRAINING = "E07: We need training for the staff."
#: the corrected transcript: a question inserted, a word replaced ("portal" -> "website"),
#: " at all" deleted, and the budget paragraph moved to the end
CORRECTED = (QUESTION, "Interviewer: Please say more.",
             "E07: Citizens do not trust the ministry website.", TRAINING, BUDGET)
#: code, coder, passage of the first transcript
CODINGS = (("Question", "Amal", "How do citizens see"),
           ("Trust", "Amal", "Citizens do not trust"),
           ("Portal", "Lina", "ministry portal"),
           ("Emphasis", "Amal", "at all"),
           ("Budget", "Lina", "budget was cut twice"),
           ("Training", "Amal", "training for the staff"))


def ok(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    status, out, err = qcode(capsys, *args)
    assert (status, err) == (0, ""), err
    return out


def coded_study(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """E07 imported from a .docx, with the six codings of :data:`CODINGS`."""
    study = tmp_path / "study.qcode"
    ok(capsys, "new", study)
    first = tmp_path / "first" / "E07.docx"
    first.parent.mkdir()
    write_docx(first, *(p(r(text)) for text in (QUESTION, TRUST, BUDGET, TRAINING)))
    ok(capsys, "import", study, first)
    for code, coder, passage in CODINGS:
        ok(capsys, "code", "add", study, code)
        ok(capsys, "coding", "add", study, "--doc", "E07", "--code", code, "--coder", coder,
           "--text", passage)
    return study


def corrected_docx(tmp_path: Path) -> Path:
    path = tmp_path / "corrected" / "E07.docx"
    path.parent.mkdir()
    return write_docx(path, *(p(r(text)) for text in CORRECTED))


def codings_json(capsys: pytest.CaptureFixture[str], study: Path, *extra: str) -> list[dict]:
    return json.loads(ok(capsys, "codings", study, "--json", *extra))


def test_a_corrected_docx_moves_the_codings_and_lists_the_unplaced(tmp_path, capsys):
    study = coded_study(tmp_path, capsys)
    out = ok(capsys, "reimport", study, "E07", corrected_docx(tmp_path)).splitlines()
    assert out[0] == ("replaced the text of E07 with E07.docx: codings 3 moved, 1 kept in "
                      "place, 2 unplaced")
    assert out[1].endswith(": Portal (Lina) 'ministry portal'")
    assert out[2].endswith(": Emphasis (Amal) 'at all'")
    assert "--unplaced" in out[3]

    new_text = ok(capsys, "text", study, "E07")
    assert "website" in new_text and "portal at all" not in new_text
    rows = {row["code"]: row for row in codings_json(capsys, study)}
    assert len(rows) == 6  # nothing lost
    for code, coder, passage in CODINGS:
        row = rows[code]
        assert (row["coder"], row["text"]) == (coder, passage)
        if code in ("Portal", "Emphasis"):
            assert (row["unplaced"], row["start"], row["end"]) == (True, None, None)
        else:  # placed codings cover exactly the text that was coded, in the new text
            assert row["unplaced"] is False
            assert new_text[row["start"]:row["end"]] == passage


def test_codings_unplaced_lists_only_the_codings_left_on_the_old_text(tmp_path, capsys):
    study = coded_study(tmp_path, capsys)
    assert codings_json(capsys, study, "--unplaced") == []
    ok(capsys, "reimport", study, "E07", corrected_docx(tmp_path))
    unplaced = codings_json(capsys, study, "--unplaced")
    assert [(row["code"], row["text"]) for row in unplaced] == [
        ("Portal", "ministry portal"), ("Emphasis", "at all")]
    listing = ok(capsys, "codings", study, "--unplaced").splitlines()
    assert len(listing) == 2 and all("  unplaced  " in line for line in listing)
    assert "Portal (Lina)  ministry portal" in listing[0].replace("  (", " (")


def test_reimport_json_and_a_plain_text_file(tmp_path, capsys):
    study = coded_study(tmp_path, capsys)
    corrected = tmp_path / "E07-fixed.txt"
    corrected.write_text("\n".join(CORRECTED) + "\n", encoding="utf-8")
    report = json.loads(ok(capsys, "reimport", study, "E07", corrected, "--json"))
    assert (report["document"], report["file"]) == ("E07", "E07-fixed.txt")
    assert (report["moved"], report["kept"]) == (3, 1)
    assert [(u["code"], u["coder"], u["text"]) for u in report["unplaced"]] == [
        ("Portal", "Lina", "ministry portal"), ("Emphasis", "Amal", "at all")]
    again = json.loads(ok(capsys, "reimport", study, "E07", corrected, "--json"))
    assert again["unchanged"] is True and again["unplaced"] == []
    assert len(codings_json(capsys, study, "--unplaced")) == 2  # the same two, still there


def test_a_file_that_cannot_be_read_is_one_line_and_changes_nothing(tmp_path, capsys):
    study = coded_study(tmp_path, capsys)
    before = ok(capsys, "codings", study, "--json")
    empty = tmp_path / "E07.txt"
    empty.write_bytes(b"")
    status, out, err = qcode(capsys, "reimport", study, "E07", empty)
    assert (status, out, err) == (1, "", "qcode: E07.txt: the file is empty\n")
    status, _, err = qcode(capsys, "reimport", study, "E99", corrected_docx(tmp_path))
    assert status == 1 and len(err.splitlines()) == 1 and "E99" in err
    assert ok(capsys, "codings", study, "--json") == before


def test_importing_a_corrected_file_under_a_taken_name_points_to_reimport(tmp_path, capsys):
    study = coded_study(tmp_path, capsys)
    status, out, err = qcode(capsys, "import", study, corrected_docx(tmp_path))
    assert status == 1 and out == ""
    [line] = err.splitlines()
    assert line.startswith("qcode: E07.docx: a document named 'E07' is already in the project")
    assert "qcode reimport" in line
    docs = json.loads(ok(capsys, "docs", study, "--json"))
    assert [(d["name"], d["codings"]) for d in docs] == [("E07", 6)]
    assert "identical" in ok(capsys, "import", study, tmp_path / "first" / "E07.docx")


def test_codings_past_the_end_of_a_shorter_text_are_kept_and_not_counted(tmp_path, capsys):
    study = coded_study(tmp_path, capsys)
    short = tmp_path / "E07.txt"
    short.write_text(f"{QUESTION}\n{TRAINING}\n", encoding="utf-8")
    out = ok(capsys, "reimport", study, "E07", short).splitlines()
    assert out[0].endswith("codings 1 moved, 1 kept in place, 4 unplaced")
    segments = {c["path"]: c["segments"] for c in json.loads(ok(capsys, "codes", study, "--json"))}
    assert segments == {"Question": 1, "Trust": 0, "Portal": 0, "Emphasis": 0, "Budget": 0,
                        "Training": 1}
    assert len(codings_json(capsys, study, "--unplaced")) == 4


def test_an_unplaced_coding_is_removed_by_id_and_named_by_its_old_text(tmp_path, capsys):
    study = coded_study(tmp_path, capsys)
    ok(capsys, "reimport", study, "E07", corrected_docx(tmp_path))
    portal = next(row for row in codings_json(capsys, study, "--unplaced")
                  if row["code"] == "Portal")
    out = ok(capsys, "coding", "remove", study, str(portal["id"]))
    assert out == f"removed coding {portal['id']}: Portal on E07 (unplaced: 'ministry portal')\n"
    assert [row["code"] for row in codings_json(capsys, study, "--unplaced")] == ["Emphasis"]

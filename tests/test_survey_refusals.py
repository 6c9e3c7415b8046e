"""A survey file that cannot be imported is refused with one line naming it and the cause; the
project file is left exactly as it was (its bytes compared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_study import qcode
from tests.survey_build import ID, SLOW, Respondent, respondents, write_csv, write_xlsx


def _duplicate_id(tmp_path: Path) -> tuple[Path, list[str]]:
    rows = respondents(30)
    rows[20] = Respondent((rows[4].id, *rows[20].cells[1:]))
    return write_csv(tmp_path / "survey.csv", rows), ["--id", ID]


def _empty_id(tmp_path: Path) -> tuple[Path, list[str]]:
    rows = respondents(30)
    rows[7] = Respondent(("", *rows[7].cells[1:]))
    return write_xlsx(tmp_path / "survey.xlsx", rows), ["--id", ID]


def _unknown_open(tmp_path: Path) -> tuple[Path, list[str]]:
    return write_csv(tmp_path / "survey.csv", respondents(30)), ["--id", ID, "--open",
                                                                  "What else?"]


def _unknown_id(tmp_path: Path) -> tuple[Path, list[str]]:
    return write_csv(tmp_path / "survey.csv", respondents(30)), ["--id", "respondent_no"]


def _no_rows(tmp_path: Path) -> tuple[Path, list[str]]:
    return write_csv(tmp_path / "survey.csv", []), ["--id", ID]


def _not_a_zip(tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "survey.xlsx"
    write_csv(path, respondents(30))  # a CSV named .xlsx
    return path, ["--id", ID]


def _old_xls(tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an OLE file
    return path, ["--id", ID]


def _wrong_sheet(tmp_path: Path) -> tuple[Path, list[str]]:
    return write_xlsx(tmp_path / "survey.xlsx", respondents(30)), ["--id", ID, "--sheet",
                                                                   "Answers"]


def _taken_name(tmp_path: Path) -> tuple[Path, list[str]]:
    return write_csv(tmp_path / "survey.csv", respondents(30)), ["--id", ID]


def _huge_cell(tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "survey.csv"
    path.write_text(f"{ID},answer\nR001,short\nR002,{'x' * 200_000}\n", encoding="utf-8")
    return path, ["--id", ID, "--open", "answer"]


CASES = {
    "a huge cell": (_huge_cell, "survey.csv: line 3: a cell holds more than 131,072 "
                                "characters, the most one cell may hold"),
    "duplicate id": (_duplicate_id, "survey.csv: 1 id given more than once: 'R005' (rows 6 "
                                    "and 22); nothing was imported"),
    "empty id": (_empty_id, "survey.xlsx: 1 row without an id (column 'respondent'): row 9; "
                            "nothing was imported"),
    "unknown column": (_unknown_open, "survey.csv: no column 'What else?' (the columns are: "),
    "unknown id column": (_unknown_id, "survey.csv: no column 'respondent_no'"),
    "no rows": (_no_rows, "survey.csv: the file has a header but no respondents"),
    "not a zip": (_not_a_zip, "survey.xlsx: damaged or not a .xlsx file (not a zip package)"),
    "old .xls": (_old_xls, "survey.xlsx: an old Excel .xls workbook, or a password-protected "
                           "one; save it as .xlsx"),
    "wrong sheet": (_wrong_sheet, "survey.xlsx: no sheet 'Answers' (the sheets are: "
                                  "'Responses', 'Notes')"),
    "id names an interview": (_taken_name, "survey.csv: 1 id already names a document that is "
                                           "not a survey respondent: 'R003'; nothing was "
                                           "imported"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_survey_is_one_line_and_leaves_the_project_as_it_was(tmp_path, capsys, case):
    make, message = CASES[case]
    study = tmp_path / "study.qcode"
    assert qcode(capsys, "new", study)[0] == 0
    interview = tmp_path / "R003.txt"
    interview.write_text("Interviewer: Tell me about the portal.\nR003: It is slow.\n",
                         encoding="utf-8")
    assert qcode(capsys, "import", study, interview)[0] == 0
    survey, options = make(tmp_path)
    before = study.read_bytes()
    status, out, err = qcode(capsys, "survey", "import", study, survey, *options)
    assert (status, out) == (1, "")
    assert err.startswith(f"qcode: {message}"), err
    assert err.count("\n") == 1
    assert study.read_bytes() == before


def test_a_closed_answer_that_does_not_fit_the_attribute_already_there_is_refused(
        tmp_path, capsys):
    study = tmp_path / "study.qcode"
    qcode(capsys, "new", study)
    first = write_csv(tmp_path / "first.csv", respondents(30))
    assert qcode(capsys, "survey", "import", study, first, "--id", ID, "--open", SLOW)[0] == 0
    rows = [Respondent((*r.cells[:3], "ten" if r.id == "R004" else r.cells[3], *r.cells[4:]))
            for r in respondents(40)]
    before = study.read_bytes()
    status, _, err = qcode(capsys, "survey", "import", study,
                           write_csv(tmp_path / "second.csv", rows), "--id", ID, "--open", SLOW)
    assert status == 1
    assert err == ("qcode: second.csv: attribute 'years_of_service' is already of type number, "
                   "but row 5 cannot be one: 'ten' is not a number; nothing was imported\n")
    assert study.read_bytes() == before

"""``qcode survey import``: a 400-respondent survey (Arabic answers, blanks, numbers, dates,
a Likert item) becomes one document per respondent, open answers as question turns, closed
answers as typed attributes; CSV and XLSX give the same project; the speaker and attribute
columns of the theme matrix give codes x question and codes x ministry."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.analysis.matrix import build_matrix
from qcode.analysis.options import MatrixOptions
from qcode.importers.survey_columns import propose_id_column, propose_roles
from qcode.importers.survey_table import read_survey_table, sheet_names
from qcode.models import Document
from qcode.ops.codebook import ensure_code_path
from qcode.ops.coders import ensure_coder
from qcode.ops.codings import add_coding
from qcode.project import Project
from tests.cli_study import qcode
from tests.survey_build import ID, IDEAS, OPEN, OTHER, SLOW, respondents, write_csv, write_xlsx
from tests.survey_dump import dump


def ok(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    status, out, err = qcode(capsys, *args)
    assert (status, err) == (0, ""), err
    return out


def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str], survey: Path,
             *extra: str) -> Path:
    study = tmp_path / f"{survey.stem}-{survey.suffix[1:]}.qcode"
    ok(capsys, "new", study)
    ok(capsys, "survey", "import", study, survey, "--id", ID, *extra)
    return study


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_csv_and_xlsx_give_identical_projects(tmp_path, capsys, encoding):
    rows = respondents()
    from_csv = imported(tmp_path, capsys, write_csv(tmp_path / "survey.csv", rows,
                                                    encoding=encoding))
    from_xlsx = imported(tmp_path, capsys, write_xlsx(tmp_path / "survey.xlsx", rows))
    csv_dump, xlsx_dump = dump(from_csv), dump(from_xlsx)
    assert len(csv_dump["documents"]) == 400
    assert csv_dump == xlsx_dump


def _expected_text(row) -> tuple[str, list[tuple[str, int, int]]]:
    """The respondent's text and turns, worked out here from the rule in the issue: each
    turn covers the answer only, after its heading line."""
    sections = [f"{q}\n{row.answer(q)}" for q in OPEN if row.answer(q)]
    text = "\n\n".join(sections)
    turns, at = [], 0
    for question, section in zip([q for q in OPEN if row.answer(q)], sections, strict=True):
        turns.append((question, at + len(question) + 1, at + len(section)))
        at += len(section) + 2
    return text, turns


def test_each_respondent_is_a_document_of_its_open_answers(tmp_path, capsys):
    rows = respondents()
    study = imported(tmp_path, capsys, write_xlsx(tmp_path / "survey.xlsx", rows))
    project = dump(study)
    texts = {name: text for name, text, _, _ in project["documents"]}
    assert list(texts) == [r.id for r in rows]
    for row in rows:
        text, turns = _expected_text(row)
        assert texts[row.id] == text
        assert [t[1:] for t in project["turns"] if t[0] == row.id] == sorted(turns)
        for question, start, end in turns:  # a turn is the answer: the heading is not coded
            assert text[start:end] == row.answer(question)
    assert texts["R015"] == ""  # no open answer: a document all the same, for its attributes
    docs = {d["name"]: d for d in json.loads(ok(capsys, "docs", study, "--json"))}
    r001 = rows[0]
    assert docs["R001"]["attributes"] == {
        "ministry": r001.answer("ministry"), "gender": r001.answer("gender"),
        "years_of_service": r001.answer("years_of_service"),
        "satisfaction": r001.answer("satisfaction"), "trust_index": r001.answer("trust_index"),
        "joined": r001.answer("joined").isoformat(), "source": "survey"}
    assert isinstance(docs["R001"]["attributes"]["years_of_service"], int)
    assert "years_of_service" not in docs["R017"]["attributes"]  # a blank is no value
    assert dict(project["attributes"]) == {
        "ministry": "text", "gender": "text", "years_of_service": "number",
        "satisfaction": "number", "trust_index": "number", "joined": "date", "source": "text"}


def test_the_long_free_text_columns_are_proposed_open_and_the_summary_says_so(tmp_path,
                                                                               capsys):
    survey = write_csv(tmp_path / "survey.csv", respondents())
    roles = propose_roles(read_survey_table(survey), ID)
    assert [c for c, role in roles.items() if role == "open"] == list(OPEN)
    assert roles[ID] == "id" and roles["ministry"] == "closed"
    study = tmp_path / "study.qcode"
    ok(capsys, "new", study)
    out = ok(capsys, "survey", "import", study, survey, "--id", ID)
    assert f"open columns (proposed): {SLOW}, {IDEAS}, {OTHER}" in out
    assert ("closed columns (proposed): ministry (text), gender (text), years_of_service "
            "(integer), satisfaction (integer), trust_index (number), joined (date)") in out
    assert "respondents 400 added, 0 updated, 0 unchanged" in out


def test_open_columns_chosen_with_open_and_the_rest_closed(tmp_path, capsys):
    study = imported(tmp_path, capsys, write_csv(tmp_path / "survey.csv", respondents()),
                     "--open", SLOW)
    project = dump(study)
    assert {speaker for _, speaker, _, _ in project["turns"]} == {SLOW}
    assert (IDEAS, "text") in project["attributes"]


def _code_answers(study: Path, rows) -> tuple[Counter, Counter]:
    """Code the first word of some answers (code by answer and respondent); the expected
    (code, question) and (code, ministry) counts, worked out from the rows alone."""
    by_question: Counter = Counter()
    by_ministry: Counter = Counter()
    with Project.open(study) as project, project.transaction() as s:
        ids = dict(s.execute(select(Document.name, Document.id)).all())
        texts = dict(s.execute(select(Document.name, Document.text)).all())
        coder_id, _ = ensure_coder(s, "Amal")
        codes = {name: ensure_code_path(s, name)[0] for name in ("Barriers", "Ideas", "Thanks")}
        for n, row in enumerate(rows):
            for question, code in ((SLOW, "Barriers"), (IDEAS, "Ideas"), (OTHER, "Thanks"),
                                   (IDEAS, "Barriers")):
                answer = row.answer(question)
                if not answer or (n + len(code)) % 3:
                    continue
                start = texts[row.id].index(f"{question}\n{answer}") + len(question) + 1
                add_coding(s, document_id=ids[row.id], code_id=codes[code], coder_id=coder_id,
                           start=start, end=start + len(answer.split()[0]))
                by_question[code, question] += 1
                by_ministry[code, row.answer("ministry")] += 1
    return by_question, by_ministry


def _cells(study: Path, options: MatrixOptions) -> Counter:
    with Project.open(study, readonly=True) as project, project.reading() as s:
        matrix = build_matrix(s, options)
    return Counter({(r.path, c.label): v for r, row in zip(matrix.rows, matrix.values,
                                                           strict=True)
                    for c, v in zip(matrix.columns, row, strict=True) if v})


def test_codes_by_question_and_by_ministry_equal_an_independent_count(tmp_path, capsys):
    rows = respondents()
    study = imported(tmp_path, capsys, write_csv(tmp_path / "survey.csv", rows))
    by_question, by_ministry = _code_answers(study, rows)
    assert sum(by_question.values()) > 100
    assert _cells(study, MatrixOptions(columns="speakers")) == by_question
    assert _cells(study, MatrixOptions(columns="attribute", attribute="ministry")) == by_ministry


def test_survey_respondents_sit_beside_interviews_by_source(tmp_path, capsys):
    interview = tmp_path / "E07.txt"
    interview.write_text("Interviewer: What slows the services down?\nE07: Budgets.\n",
                         encoding="utf-8")
    study = tmp_path / "study.qcode"
    ok(capsys, "new", study)
    ok(capsys, "import", study, interview)
    ok(capsys, "survey", "import", study, write_csv(tmp_path / "s.csv", respondents(20)),
       "--id", ID)
    docs = json.loads(ok(capsys, "docs", study, "--json"))
    assert [d["attributes"].get("source") for d in docs] == [None] + ["survey"] * 20


def test_a_named_sheet_is_read_and_the_sheets_and_an_id_column_are_offered(tmp_path, capsys):
    from openpyxl import load_workbook

    rows = respondents(30)
    book_path = write_xlsx(tmp_path / "survey.xlsx", rows)
    book = load_workbook(book_path)
    book.move_sheet("Notes", offset=-1)  # the survey is now the second sheet
    book.save(book_path)
    assert sheet_names(book_path) == ["Notes", "Responses"]
    table = read_survey_table(book_path, sheet="Responses")
    assert propose_id_column(table) == ID
    from_sheet = imported(tmp_path, capsys, book_path, "--sheet", "Responses")
    from_csv = imported(tmp_path, capsys, write_csv(tmp_path / "survey.csv", rows))
    assert dump(from_sheet) == dump(from_csv)


def test_a_formula_cell_without_a_computed_value_keeps_its_text(tmp_path, capsys):
    """A workbook written by a program (never opened in a spreadsheet) holds no computed
    value for a formula: the answer a respondent typed as "=SUM(1,2)" must not vanish."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([ID, "role", "Q"])
    sheet.append(["a1", "expert", "long free answer one"])
    sheet.append(["a2", "=1+1", "=SUM(1,2)"])
    book.save(tmp_path / "formulas.xlsx")
    study = imported(tmp_path, capsys, tmp_path / "formulas.xlsx", "--open", "Q")
    project = dump(study)
    texts = {name: text for name, text, _, _ in project["documents"]}
    assert texts["a2"].endswith("=SUM(1,2)")
    assert ok(capsys, "text", study, "a1").strip().endswith("long free answer one")


def test_a_row_shorter_than_the_header_is_said_not_padded_silently(tmp_path, capsys):
    survey = tmp_path / "short.csv"
    survey.write_text(f"{ID},role,Q,R\na1,expert,answer one,more\na2,lead,answer two\n",
                      encoding="utf-8")
    study = tmp_path / "short.qcode"
    ok(capsys, "new", study)
    out = ok(capsys, "survey", "import", study, survey, "--id", ID, "--open", "Q", "--open", "R")
    assert "  line 3 had fewer cells than the header: its last answers were taken as empty" \
        in out.splitlines()
    assert ok(capsys, "text", study, "a2").strip().endswith("answer two")

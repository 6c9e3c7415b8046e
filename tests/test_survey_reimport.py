"""Importing the survey again with more respondents and columns adds them and leaves the
respondents already coded as they were; a changed answer is re-anchored (or its codings
reported unplaced). The whole import is one undo step."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from qcode.importers.survey_columns import propose_roles
from qcode.importers.survey_table import read_survey_table
from qcode.models import Coding, Document
from qcode.ops.codebook import ensure_code_path
from qcode.ops.coders import ensure_coder
from qcode.ops.codings import add_coding
from qcode.ops.survey import SurveyPlan, import_survey
from qcode.project import Project
from tests.cli_study import codings_in, qcode
from tests.survey_build import HEADER, ID, IDEAS, OTHER, SLOW, Respondent, respondents, write_csv
from tests.survey_dump import dump

#: the first file lacks the trust index and the last open question, and the last 100 rows
FIRST_HEADER = tuple(c for c in HEADER if c not in ("trust_index", OTHER))


def _first_rows() -> list[Respondent]:
    return [Respondent(tuple(v for c, v in zip(HEADER, r.cells, strict=True)
                             if c in FIRST_HEADER)) for r in respondents(300)]


def _code_first_words(study: Path, respondent_ids: list[str]) -> None:
    """Code the first word of each of these respondents' answers to SLOW and to IDEAS."""
    with Project.open(study) as project, project.transaction() as s:
        coder_id, _ = ensure_coder(s, "Amal")
        code_id = ensure_code_path(s, "Barriers")[0]
        for name in respondent_ids:
            doc_id, text = s.execute(select(Document.id, Document.text)
                                     .where(Document.name == name)).one()
            for question in (SLOW, IDEAS):
                if f"{question}\n" in text:
                    start = text.index(f"{question}\n") + len(question) + 1
                    add_coding(s, document_id=doc_id, code_id=code_id, coder_id=coder_id,
                               start=start, end=text.index(" ", start))


def test_a_bigger_survey_adds_respondents_and_columns_and_keeps_the_codings(tmp_path, capsys):
    study = tmp_path / "study.qcode"
    qcode(capsys, "new", study)
    first = tmp_path / "first.csv"
    write_csv(first, _first_rows(), header=FIRST_HEADER)
    assert qcode(capsys, "survey", "import", study, first, "--id", ID)[0] == 0
    coded = ["R001", "R002", "R004", "R007", "R011"]
    _code_first_words(study, coded)
    before = codings_in(study)
    rows = respondents(400)
    # R002's answer to SLOW gains words at its start; R004's is gone
    rows[1] = Respondent((*rows[1].cells[:7], f"In short: {rows[1].answer(SLOW)}",
                          *rows[1].cells[8:]))
    rows[3] = Respondent((*rows[3].cells[:7], None, *rows[3].cells[8:]))
    status, out, err = qcode(capsys, "survey", "import", study,
                             write_csv(tmp_path / "second.csv", rows), "--id", ID, "--json")
    assert (status, err) == (0, "")
    report = json.loads(out)
    assert len(report["added"]) == 100
    assert report["attributes_added"] == ["trust_index"]
    updated = {u["document"]: u for u in report["updated"]}
    answered_other = {r.id for r in rows[:300] if r.answer(OTHER)}  # a section more
    assert set(updated) == {"R002", "R004"} | answered_other
    assert (updated["R002"]["moved"], updated["R002"]["kept"]) == (2, 0)
    assert (updated["R007"]["moved"], updated["R007"]["kept"]) == (0, 2)
    gone = respondents(4)[3].answer(SLOW).split()[0]  # R004's first word of SLOW, coded
    assert [u["text"] for u in updated["R004"]["unplaced"]] == [gone]
    assert (updated["R004"]["moved"], updated["R004"]["kept"]) == (1, 0)
    after = codings_in(study)
    for name in ("R001", "R011"):  # answers unchanged: codings exactly as they were
        assert [c for c in after if c[0] == name] == [c for c in before if c[0] == name]
    assert len(after) == len(before)  # none lost, R004's unplaced one included
    docs = {d["name"]: d for d in json.loads(qcode(capsys, "docs", study, "--json")[1])}
    assert len(docs) == 400
    assert docs["R001"]["attributes"]["trust_index"] == rows[0].answer("trust_index")
    assert docs["R400"]["attributes"]["source"] == "survey"


def test_the_same_file_again_changes_nothing(tmp_path, capsys):
    study = tmp_path / "study.qcode"
    qcode(capsys, "new", study)
    survey = write_csv(tmp_path / "survey.csv", respondents(50))
    qcode(capsys, "survey", "import", study, survey, "--id", ID)
    _code_first_words(study, ["R001", "R002"])
    before, codings = dump(study), codings_in(study)
    status, out, _ = qcode(capsys, "survey", "import", study, survey, "--id", ID)
    assert status == 0
    assert ("respondents 0 added, 0 updated, 50 unchanged; 0 attribute values set, "
            "0 changed") in out
    assert (dump(study), codings_in(study)) == (before, codings)


def test_undo_takes_the_whole_import_back_and_redo_brings_it_again(tmp_path):
    survey = write_csv(tmp_path / "survey.csv", respondents(60))
    plan = SurveyPlan.propose(read_survey_table(survey), ID)
    study = tmp_path / "study.qcode"
    Project.create(study).close()
    empty = dump(study)
    with Project.open(study) as project:
        with project.transaction() as s:
            changes = import_survey(s, plan=plan)
        imported = dump(study)
        with project.transaction() as s:
            undone = changes.inverse(s)
        assert dump(study) == empty
        with project.transaction() as s:
            undone.inverse(s)
        assert dump(study) == imported
        with project.reading() as s:
            assert s.scalar(select(Coding.id)) is None
    assert len(imported["documents"]) == 60


def test_undoing_a_reimport_gives_back_the_texts_turns_values_and_codings(tmp_path, capsys):
    study = tmp_path / "study.qcode"
    qcode(capsys, "new", study)
    first = write_csv(tmp_path / "first.csv", _first_rows()[:80], header=FIRST_HEADER)
    qcode(capsys, "survey", "import", study, first, "--id", ID)
    _code_first_words(study, ["R007", "R014"])  # both answered OTHER: their text grows
    before, codings = dump(study), codings_in(study)
    plan = SurveyPlan.propose(read_survey_table(
        write_csv(tmp_path / "second.csv", respondents(100))), ID)
    reports: list = []
    with Project.open(study) as project:
        with project.transaction() as s:
            changes = import_survey(s, plan=plan, reports=reports)
        assert len(reports[0].updated) == len([r for r in respondents(80) if r.answer(OTHER)])
        with project.transaction() as s:
            changes.inverse(s)
    assert (dump(study), codings_in(study)) == (before, codings)


def _texts(study: Path) -> dict[str, str]:
    return {name: text for name, text, _, _ in dump(study)["documents"]}


def test_a_reimport_keeps_each_known_columns_role_and_the_texts_byte_for_byte(tmp_path,
                                                                             capsys):
    """The first, small file's comments are short: a closed column. The second has long,
    varied comments in it, which would be proposed open: the column stays closed, so no
    existing respondent's text gains a section."""
    header = (ID, "ministry", SLOW, "Other comments")
    first_rows = [Respondent((f"R{n:03d}", "Ministry of Health", f"Too many forms ({n})",
                              "no" if n % 2 else "yes")) for n in range(1, 21)]
    more_rows = [Respondent((f"R{n:03d}", "Ministry of Finance", f"The portal is slow ({n})",
                             f"The training came two years after the system, case {n}"))
                 for n in range(21, 61)]
    study = tmp_path / "study.qcode"
    qcode(capsys, "new", study)
    first = write_csv(tmp_path / "first.csv", first_rows, header=header)
    assert qcode(capsys, "survey", "import", study, first, "--id", ID, "--open", SLOW)[0] == 0
    before = _texts(study)
    second = write_csv(tmp_path / "second.csv", first_rows + more_rows, header=header)
    assert propose_roles(read_survey_table(second), ID)["Other comments"] == "open"
    status, out, err = qcode(capsys, "survey", "import", study, second, "--id", ID, "--json")
    assert (status, err) == (0, "")
    roles = {c["name"]: (c["role"], c["kept"]) for c in json.loads(out)["columns"]}
    assert roles == {ID: ("id", False), "ministry": ("closed", True), SLOW: ("open", True),
                     "Other comments": ("closed", True)}
    after = _texts(study)
    assert {name: after[name] for name in before} == before
    assert "Other comments" not in "".join(after.values())
    docs = {d["name"]: d for d in json.loads(qcode(capsys, "docs", study, "--json")[1])}
    assert docs["R060"]["attributes"]["Other comments"].startswith("The training came")
    status, out, _ = qcode(capsys, "survey", "import", study, second, "--id", ID)
    assert "roles kept from the earlier import: ministry" in out


def test_a_reimport_refuses_open_for_a_closed_column_and_changes_nothing(tmp_path, capsys):
    study = tmp_path / "study.qcode"
    qcode(capsys, "new", study)
    survey = write_csv(tmp_path / "survey.csv", respondents(30))
    qcode(capsys, "survey", "import", study, survey, "--id", ID)
    before = dump(study)
    status, out, err = qcode(capsys, "survey", "import", study, survey, "--id", ID,
                             "--open", "ministry")
    assert status != 0 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "'ministry'" in err and "closed" in err and "survey.csv" in err
    assert dump(study) == before
    # open columns not named by --open stay open: the texts are as they were
    status, _, err = qcode(capsys, "survey", "import", study, survey, "--id", ID,
                           "--open", SLOW)
    assert (status, err) == (0, "")
    assert dump(study) == before

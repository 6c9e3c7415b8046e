"""Survey analysis in the app: the theme matrix's typed comparisons (``years_of_service>=20``)
and the attribute-by-code table, whose figures are the core's, checked against a count done
here from the survey's rows."""

from __future__ import annotations

import csv
from statistics import mean, median

import pytest
from sqlalchemy import select

from qcode.analysis.attributes_by_code import AttributesByCodeOptions, build_attributes_by_code
from qcode.analysis.matrix import build_matrix
from qcode.analysis.options import Filters, MatrixOptions
from qcode.importers.survey_table import read_survey_table
from qcode.models import Document
from qcode.ops.codebook import ensure_code_path
from qcode.ops.coders import ensure_coder
from qcode.ops.codings import add_coding
from qcode.ops.survey import SurveyPlan, import_survey
from qcode.ui.analysis.matrix_view import MatrixView
from qcode.ui.survey.attributes_dialog import NO_ATTRIBUTES
from qcode.ui.survey.attributes_model import VALUE_ROLE
from qcode.ui.workspace import Workspace
from tests.survey_build import ID, SLOW, respondents, write_csv

COUNT = 40
WAIT = 10_000


def _trusting(n: int) -> bool:
    """The respondents (1-based) whose answer is coded "Trust"."""
    return n % 3 == 0


@pytest.fixture
def rows():
    return respondents(COUNT)


@pytest.fixture
def workspace(project, rows, tmp_path) -> Workspace:
    """The survey imported, the first word of some answers to SLOW coded "Trust"."""
    table = read_survey_table(write_csv(tmp_path / "survey.csv", rows))
    with project.transaction() as s:
        import_survey(s, plan=SurveyPlan.propose(table, ID))
        ids = dict(s.execute(select(Document.name, Document.id)).all())
        texts = dict(s.execute(select(Document.name, Document.text)).all())
        coder_id, _ = ensure_coder(s, "Amal")
        code_id, _ = ensure_code_path(s, "Trust")
        for n, row in enumerate(rows, start=1):
            if _trusting(n) and row.answer(SLOW):
                start = texts[row.id].index(SLOW) + len(SLOW) + 1
                add_coding(s, document_id=ids[row.id], code_id=code_id, coder_id=coder_id,
                           start=start, end=start + 4)
    return Workspace(project, coder_id)


@pytest.fixture
def view(qtbot, workspace):
    v = MatrixView(workspace)
    qtbot.addWidget(v)
    v.resize(1000, 600)
    v.show()
    qtbot.waitUntil(lambda: v.result is not None and not v.computer.busy, timeout=WAIT)
    yield v
    v.dispose()


def _type(edit, text: str) -> None:
    edit.setText(text)
    edit.editingFinished.emit()


def test_matrix_keeps_documents_by_a_numeric_comparison(view, qtbot, project, rows):
    _type(view.options_bar.where_edit, "years_of_service>=20")
    qtbot.waitUntil(lambda: not view.computer.busy
                    and bool(view.result.options.filters.compare), timeout=WAIT)
    expected = sorted(r.id for r in rows if r.answer("years_of_service") is not None
                      and r.answer("years_of_service") >= 20)
    assert sorted(c.label for c in view.result.columns) == expected
    filters = Filters(where=(("years_of_service", ">=", "20"),))
    with project.reading() as s:
        core = build_matrix(s, MatrixOptions(filters=filters))
    assert view.result.values == core.values
    assert "years_of_service >= 20" in view.caption.text()


def test_a_comparison_the_project_cannot_take_is_one_line(view, qtbot):
    _type(view.options_bar.where_edit, "years_of_service>=ten")
    qtbot.waitUntil(lambda: view.notice.isVisible(), timeout=WAIT)
    assert view.notice.text().startswith("Could not count:")
    assert "ten" in view.notice.text() and "\n" not in view.notice.text()
    _type(view.options_bar.where_edit, ">=3")  # no attribute named: refused before counting
    assert view.notice.text().startswith("not a filter '>=3'")
    _type(view.options_bar.where_edit, "")
    qtbot.waitUntil(lambda: not view.notice.isVisible() and not view.computer.busy,
                    timeout=WAIT)
    assert len(view.result.columns) == COUNT


def _shown(dialog) -> list[list[object]]:
    model = dialog.model
    return [[model.index(r, c).data(VALUE_ROLE) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _settled(dialog, attribute: str) -> bool:
    result = dialog.result
    return not dialog.computer.busy and result is not None and result.attribute == attribute


def test_attributes_by_code_table_is_the_cores(view, qtbot, project, rows, tmp_path):
    _type(view.options_bar.where_edit, "years_of_service>=5")
    qtbot.waitUntil(lambda: not view.computer.busy, timeout=WAIT)
    dialog = view.show_attributes_by_code()
    assert dialog.where_edit.text() == "years_of_service>=5"  # the matrix's filters
    dialog.set_attribute("satisfaction")
    qtbot.waitUntil(lambda: _settled(dialog, "satisfaction"), timeout=WAIT)
    options = AttributesByCodeOptions("satisfaction", filters=Filters(
        where=(("years_of_service", ">=", "5"),)))
    with project.reading() as s:
        core = build_attributes_by_code(s, options)
    assert _shown(dialog) == [list(r) for r in core.records()]
    kept = [(n, r) for n, r in enumerate(rows, start=1)
            if r.answer("years_of_service") is not None and r.answer("years_of_service") >= 5]
    coded = [r.answer("satisfaction") for n, r in kept if _trusting(n) and r.answer(SLOW)]
    others = [r.answer("satisfaction") for n, r in kept if not (_trusting(n) and r.answer(SLOW))]
    trust = _shown(dialog)[0]
    assert trust[:7] == ["Trust", len(coded), len(others), pytest.approx(mean(coded)),
                         pytest.approx(median(coded)), pytest.approx(mean(others)),
                         pytest.approx(median(others))]
    assert trust[7:] == [coded.count(v) for v in range(1, 6)]
    assert dialog.model.index(0, 3).data() == f"{mean(coded):.2f}"
    with qtbot.waitSignal(dialog.exported, timeout=WAIT):
        assert dialog.export_to(tmp_path / "trust.csv")
    with (tmp_path / "trust.csv").open(encoding="utf-8-sig") as f:
        header, first = list(csv.reader(f))[:2]
    assert header == list(core.header()) and first[:3] == ["Trust", str(len(coded)),
                                                           str(len(others))]
    assert (tmp_path / "trust.csv.manifest.json").is_file()


def test_attributes_by_code_without_attributes_says_so(qtbot, tmp_path):
    from qcode.project import Project
    from qcode.ui.survey.attributes_dialog import AttributesByCodeDialog

    with Project.create(tmp_path / "empty.qcode") as project:
        dialog = AttributesByCodeDialog(Workspace(project, 0))
        qtbot.addWidget(dialog)
        assert dialog.caption.text() == NO_ATTRIBUTES
        assert dialog.model.rowCount() == 0
        assert not any(b.isEnabled() for b in dialog.export_buttons.values())
        dialog.dispose()

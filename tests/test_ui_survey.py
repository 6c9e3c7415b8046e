"""File → Import survey… in the app: a preview with each column's role, the import on a
worker thread (one undo step), its summary, refusals in one line; the documents panel's
interviews / survey respondents filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.models import Attribute, Document
from qcode.ui.errors import open_error_dialogs
from qcode.ui.main_window import MainWindow
from qcode.ui.survey.menu import SurveyActions
from tests.survey_build import HEADER, ID, IDEAS, SLOW, respondents, write_csv, write_xlsx
from tests.ui_support import DOCS, build_study, ui_settings, window  # noqa: F401

WAIT = 20_000
COUNT = 12


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return build_study(tmp_path / "study.qcode").path


@pytest.fixture
def survey_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "survey.csv", respondents(COUNT))


def _survey(win: MainWindow) -> SurveyActions:
    assert win.menu_actions.survey is not None
    return win.menu_actions.survey


def _dialog(win: MainWindow, qtbot, path: Path):
    dialog = _survey(win).show_dialog()
    assert dialog is not None
    with qtbot.waitSignal(dialog.table_shown, timeout=WAIT):
        dialog.set_file(path)
    return dialog


def _import(win: MainWindow, qtbot, dialog) -> None:
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not _survey(win).busy(), timeout=WAIT)


def _texts(win: MainWindow) -> dict[str, str]:
    return win.workspace.read(lambda s: dict(s.execute(select(Document.name, Document.text)).all()))


def test_preview_shows_the_first_rows_with_proposed_roles(window, qtbot, study,  # noqa: F811
                                                          survey_csv):
    window.open_project(study)
    dialog = _dialog(window, qtbot, survey_csv)
    preview = dialog.preview
    assert preview.header == HEADER
    assert preview.rowCount() == COUNT + 1  # the roles row, then the respondents
    assert preview.item(1, 0).text() == "R001"
    assert preview.role(ID) == "id" and preview.role(SLOW) == "open"
    assert preview.role(IDEAS) == "open"  # an Arabic question, aligned right
    assert preview.role("ministry") == "closed" and preview.role("years_of_service") == "closed"
    assert f"{COUNT} respondents" in dialog.status.text()
    preview.set_role("gender", "id")  # one id: the former id column becomes closed
    assert preview.role(ID) == "closed" and dialog.plan().id_column == "gender"
    dialog.reject()


def test_a_closed_column_marked_open_becomes_text(window, qtbot, study,  # noqa: F811
                                                  survey_csv):
    window.open_project(study)
    dialog = _dialog(window, qtbot, survey_csv)
    dialog.preview.set_role("ministry", "open")
    _import(window, qtbot, dialog)
    first = respondents(COUNT)[0]
    assert _texts(window)["R001"].startswith(f"ministry\n{first.answer('ministry')}")
    names = window.workspace.read(lambda s: set(s.scalars(select(Attribute.name))))
    assert "ministry" not in names and {"gender", "years_of_service", "source"} <= names
    summary = _survey(window).summary
    assert summary is not None
    assert summary.headline.text().startswith(f"survey.csv: {COUNT} respondents added")
    assert ("ministry", "open: text", "") in summary.rows()
    assert ("years_of_service", "closed: attribute (proposed)", "whole numbers") in \
        summary.rows()
    summary.close()


def test_the_import_is_one_undo_step(window, qtbot, study, survey_csv):  # noqa: F811
    window.open_project(study)
    panel = window.panels.documents
    _import(window, qtbot, _dialog(window, qtbot, survey_csv))
    assert panel.model.rowCount() == len(DOCS) + COUNT
    assert window.workspace.undo_stack.count() == 1
    window.undo_group.undo()
    assert sorted(_texts(window)) == sorted(name for name, *_ in DOCS)
    assert panel.model.rowCount() == len(DOCS)
    window.undo_group.redo()
    assert len(_texts(window)) == len(DOCS) + COUNT


def test_documents_panel_filters_survey_respondents(window, qtbot, study,  # noqa: F811
                                                    survey_csv):
    window.open_project(study)
    panel = window.panels.documents
    assert panel.group.isHidden()  # interviews only: nothing to choose
    _import(window, qtbot, _dialog(window, qtbot, survey_csv))
    _survey(window).summary.close()
    assert not panel.group.isHidden()
    panel.set_group("survey")
    assert sorted(panel.visible_document_names()) == [f"R{n:03d}" for n in range(1, COUNT + 1)]
    assert panel.count_label.text() == f"{COUNT} of {COUNT + len(DOCS)} documents"
    panel.set_group("interviews")
    assert sorted(panel.visible_document_names()) == sorted(name for name, *_ in DOCS)
    panel.filter_edit.setText("Tripoli")  # the words filter narrows the group further
    assert sorted(panel.visible_document_names()) == ["Amal interview", "Chadi interview"]
    panel.filter_edit.clear()
    window.undo_group.undo()  # no respondents left: the choice goes, every document shows
    assert panel.group.isHidden() and len(panel.visible_document_names()) == len(DOCS)


def test_xlsx_sheet_is_chosen_and_a_refused_file_is_one_line(window, qtbot, study,  # noqa: F811
                                                             tmp_path):
    window.open_project(study)
    rows = respondents(COUNT)
    rows[5] = type(rows[5])((rows[2].cells[0], *rows[5].cells[1:]))  # R003 twice
    book = write_xlsx(tmp_path / "survey.xlsx", rows)
    dialog = _dialog(window, qtbot, book)
    assert not dialog.sheet.isHidden()
    assert [dialog.sheet.itemText(i) for i in range(dialog.sheet.count())] == [
        "Responses", "Notes"]
    dialog.set_sheet("Notes")  # a title and no table
    qtbot.waitUntil(lambda: not dialog.reading, timeout=WAIT)
    assert "header but no respondents" in dialog.status.text()
    assert dialog.preview.rowCount() == 0 and not dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.table_shown, timeout=WAIT):
        dialog.set_sheet("Responses")
    dialog.preview.set_role(ID, "id")  # not proposed: its answers repeat
    _import(window, qtbot, dialog)
    errors = open_error_dialogs(window)
    assert len(errors) == 1
    message = errors[0].text()
    assert "'R003' (rows 4 and 7)" in message and "\n" not in message
    assert "nothing was imported" in message
    errors[0].close()
    assert _survey(window).summary is None
    assert len(_texts(window)) == len(DOCS)


def test_an_unreadable_file_is_said_under_the_preview(window, qtbot, study,  # noqa: F811
                                                      tmp_path):
    window.open_project(study)
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a workbook")
    dialog = _survey(window).show_dialog()
    dialog.set_file(bad)
    qtbot.waitUntil(lambda: "Cannot import" in dialog.status.text(), timeout=WAIT)
    assert "broken.xlsx" in dialog.status.text()
    assert not dialog.import_button.isEnabled()
    dialog.reject()


def test_import_survey_needs_a_writable_project(window, study):  # noqa: F811
    actions = _survey(window)
    assert not actions.import_action.isEnabled()
    window.open_project(study, readonly=True)
    assert not actions.import_action.isEnabled() and actions.show_dialog() is None
    window.close_project()
    window.open_project(study)
    assert actions.import_action.isEnabled()



def test_a_cancelled_import_changes_nothing(window, qtbot, study, tmp_path):  # noqa: F811
    window.open_project(study)
    dialog = _dialog(window, qtbot, write_csv(tmp_path / "big.csv", respondents(400)))
    plan = dialog.plan()
    dialog.reject()
    run = _survey(window).start_import(plan)
    run.cancel()  # before the worker's first progress report: it stops there
    qtbot.waitUntil(lambda: not _survey(window).busy(), timeout=WAIT)
    assert window.statusBar().currentMessage() == \
        "Survey import cancelled; nothing was changed."
    assert len(_texts(window)) == len(DOCS) and window.workspace.undo_stack.count() == 0
    assert _survey(window).summary is None


def test_analysis_menu_opens_attribute_by_code_beside_the_matrix(window, qtbot,  # noqa: F811
                                                                 study):
    actions = _survey(window)
    assert actions.attributes_action is not None and not actions.attributes_action.isEnabled()
    window.open_project(study)
    actions.attributes_action.trigger()
    from qcode.ui.analysis.docks import analysis_dock

    view = analysis_dock(window, "matrix").widget()
    dialog = view.attributes_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.attribute.currentData() == "years"  # a number attribute comes first
    qtbot.waitUntil(lambda: dialog.result is not None and not dialog.computer.busy,
                    timeout=WAIT)
    assert [r.code.path for r in dialog.result.rows] == ["Trust"]
    window.close_project()  # the dock and its table go with the project
    assert analysis_dock(window, "matrix") is None or not dialog.isVisible()

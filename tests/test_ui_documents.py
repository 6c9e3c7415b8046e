"""The Documents panel: its query, its Qt model, filtering, sorting, opening, refreshing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from qcode.browse.documents import document_table
from qcode.ops.codings import add_coding
from qcode.project import Project
from qcode.ui.documents.model import DocumentFilter, DocumentsModel
from qcode.ui.documents.panel import DocumentsPanel
from qcode.ui.workspace import Workspace
from tests.ui_support import ATTRIBUTES, CODINGS, DOCS, build_study, ui_settings  # noqa: F401


@pytest.fixture
def study(tmp_path: Path):
    return build_study(tmp_path / "study.qcode")


@pytest.fixture
def workspace(study, qtbot):
    project = Project.open(study.path)
    ws = Workspace(project, coder_id=1)
    yield ws
    ws.close()


@pytest.fixture
def panel(workspace, qtbot, ui_settings) -> DocumentsPanel:  # noqa: F811
    widget = DocumentsPanel(workspace)
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    return widget


def test_document_table_has_values_and_counts(study):
    with Project.open(study.path, readonly=True) as project, project.reading() as s:
        table = document_table(s)
    assert [a.name for a in table.attributes] == [name for name, _ in ATTRIBUTES]
    assert [d.name for d in table.documents] == [d[0] for d in DOCS]
    for entry, (_name, text, *values) in zip(table.documents, DOCS, strict=True):
        assert entry.characters == len(text)  # code points, Arabic included
        assert entry.values == tuple(values)
        expected = sum(1 for doc_index, *_ in CODINGS if study.doc_ids[doc_index] == entry.id)
        assert entry.codings == expected


def test_models_pass_the_qt_model_tester(workspace, qtmodeltester):
    model = DocumentsModel()
    model.set_table(workspace.read(document_table))
    qtmodeltester.check(model)
    proxy = DocumentFilter()
    proxy.setSourceModel(model)
    proxy.set_filter_text("tripoli")
    qtmodeltester.check(proxy)


def test_panel_lists_documents_with_attribute_columns(panel):
    model = panel.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Document", "Codings", "Characters", "role", "city", "years"]
    assert panel.visible_document_names() == [d[0] for d in DOCS]
    first = [panel.proxy.index(0, c).data() for c in range(model.columnCount())]
    assert first == ["Amal interview", "2", str(len(DOCS[0][1])), "Official", "Tripoli", "18"]
    assert panel.count_label.text() == "3 documents"


def test_filter_matches_every_word_in_name_or_attributes(panel, qtbot):
    qtbot.keyClicks(panel.filter_edit, "tripoli")
    assert panel.visible_document_names() == ["Amal interview", "Chadi interview"]
    assert panel.count_label.text() == "2 of 3 documents"
    qtbot.keyClicks(panel.filter_edit, " academic")
    assert panel.visible_document_names() == ["Chadi interview"]
    panel.filter_edit.clear()
    assert len(panel.visible_document_names()) == 3


def test_number_attribute_sorts_by_value(panel):
    years_column = 5
    panel.view.sortByColumn(years_column, Qt.SortOrder.AscendingOrder)
    years = [panel.proxy.index(r, years_column).data() for r in range(3)]
    assert years == ["9", "18", "22"]  # as text it would be 18, 22, 9


def test_enter_opens_the_document_and_marks_it_bold(panel, workspace, qtbot, study):
    index = panel.proxy.index(1, 0)
    panel.view.setCurrentIndex(index)
    panel.view.setFocus()
    with qtbot.waitSignal(workspace.document_requested) as blocker:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert blocker.args == [study.doc_ids[1]]
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    assert panel.proxy.index(0, 0).data(Qt.ItemDataRole.FontRole) is None


def test_new_coding_updates_the_count_and_keeps_selection(panel, workspace, study):
    panel.view.selectionModel().select(
        panel.proxy.index(1, 0),
        panel.view.selectionModel().SelectionFlag.Select
        | panel.view.selectionModel().SelectionFlag.Rows)
    workspace.run(add_coding, document_id=study.doc_ids[1], code_id=study.code_id,
                  coder_id=1, start=0, end=2)
    assert panel.proxy.index(1, 1).data() == "1"
    assert panel.selected_document_ids() == [study.doc_ids[1]]


def test_empty_project_invites_an_import(qtbot, tmp_path, ui_settings):  # noqa: F811
    project = Project.create(tmp_path / "empty.qcode")
    ws = Workspace(project, coder_id=0)
    widget = DocumentsPanel(ws)
    qtbot.addWidget(widget)
    widget.show()
    assert widget._stack.currentIndex() == 1
    assert widget.count_label.text() == "0 documents"
    with qtbot.waitSignal(widget.import_requested):
        widget.import_button.click()
    ws.close()


def test_rename_and_remove_from_the_panel_are_undoable(panel, workspace, study, qtbot):
    from PySide6.QtWidgets import QPushButton

    panel.actions.do_rename(study.doc_ids[0], "Amal (pilot)")
    assert panel.visible_document_names()[0] == "Amal (pilot)"
    panel.view.selectionModel().select(
        panel.proxy.index(1, 0),
        panel.view.selectionModel().SelectionFlag.Select
        | panel.view.selectionModel().SelectionFlag.Rows)
    box = panel.actions.ask_remove(panel.selected_document_ids())
    assert "'Badr interview'" in box.text()
    [remove] = [b for b in box.findChildren(QPushButton) if b.text() == "Remove"]
    remove.click()
    assert panel.visible_document_names() == ["Amal (pilot)", "Chadi interview"]
    workspace.undo_stack.undo()
    workspace.undo_stack.undo()
    assert panel.visible_document_names() == [d[0] for d in DOCS]

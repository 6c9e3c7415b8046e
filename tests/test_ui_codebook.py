"""The codebook and segments panels: tree, counts, editing, moving, merging, deleting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from qcode.ops.codebook_fields import rename_code
from qcode.ui.code_picker import CodePicker
from qcode.ui.codebook import drops
from qcode.ui.codebook.model import DOCUMENTS, KEY, NAME, SEGMENTS, CodebookModel
from qcode.ui.codebook.panel import CodebookPanel
from qcode.ui.segments.model import CODER, DOCUMENT, SPEAKER, TEXT, TIME, SegmentsModel
from qcode.ui.segments.panel import SegmentsPanel
from tests.bidi_support import visible
from tests.ui_codebook_helpers import (
    TEXT_1,
    TEXT_2,
    build_study,
    code_named,
    code_row,
    codings_of,
    select_text,
)


@pytest.fixture
def study(project, tmp_path, monkeypatch, qapp):
    monkeypatch.setenv("QCODE_CONFIG_DIR", str(tmp_path / "config"))
    return build_study(project)


@pytest.fixture
def panel(study, qtbot):
    widget = CodebookPanel(study.workspace)
    qtbot.addWidget(widget)
    widget.resize(420, 400)
    widget.show()
    return widget


def names(model: CodebookModel, parent_id=None) -> list[str]:
    return [model.node(c).name for c in model.children_of(parent_id)]


def test_models_pass_the_model_tester(study, qtmodeltester):
    qtmodeltester.check(CodebookModel(study.workspace))
    segments = SegmentsModel(study.workspace)
    segments.show_codes((study.training, study.budget))
    assert segments.rowCount() == 4
    qtmodeltester.check(segments)
    picker = CodePicker(study.workspace)
    picker.query.setText("trainig")
    qtmodeltester.check(picker.model)


def test_tree_shows_codebook_order_counts_and_colour_swatches(panel, study):
    model = panel.model
    assert names(model) == ["Capacity building", "Funding", "Trust"]
    assert names(model, study.capacity) == ["Training", "Retention"]
    training = model.index_of(study.training)
    # 3 codings of Training: two in interview 1, one in interview 2 (see the helpers)
    assert training.siblingAtColumn(SEGMENTS).data() == "3"
    assert training.siblingAtColumn(DOCUMENTS).data() == "2"
    assert model.index_of(study.trust).siblingAtColumn(SEGMENTS).data() == "0"
    icon = training.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon)
    image = icon.pixmap(14, 14).toImage()
    centre = image.pixelColor(image.width() // 2, image.height() // 2)
    assert centre.name() == QColor("#ffa04d").name()
    assert panel.view.isExpanded(model.index_of(study.capacity))


def test_rename_in_place_goes_through_undo(panel, study):
    model, ws = panel.model, study.workspace
    assert model.setData(model.index_of(study.trust), "  Trust in government ")
    assert code_row(ws.project, study.trust)[1] == "Trust in government"
    assert model.index_of(study.trust).data() == "Trust in government"
    ws.undo_stack.undo()
    assert model.index_of(study.trust).data() == "Trust"
    ws.undo_stack.redo()
    assert code_row(ws.project, study.trust)[1] == "Trust in government"


def test_rename_to_a_sibling_name_is_refused_with_a_message(panel, study, qtbot):
    model = panel.model
    with qtbot.waitSignal(study.workspace.error, timeout=1000) as error:
        assert not model.setData(model.index_of(study.trust), "Funding")
    assert "already a code named 'Funding'" in error.args[0]
    assert code_row(study.workspace.project, study.trust)[1] == "Trust"


def test_drop_onto_a_code_makes_it_the_last_child_and_undo_puts_it_back(panel, study):
    model, ws = panel.model, study.workspace
    data = model.mimeData([model.index_of(study.trust)])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0,
                                 model.index_of(study.capacity))
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0,
                              model.index_of(study.capacity))
    assert names(model, study.capacity) == ["Training", "Retention", "Trust"]
    assert names(model) == ["Capacity building", "Funding"]
    assert panel.view.isExpanded(model.index_of(study.capacity))
    ws.undo_stack.undo()
    assert names(model) == ["Capacity building", "Funding", "Trust"]
    assert code_row(ws.project, study.trust) == (None, "Trust", 2)
    ws.undo_stack.redo()
    assert code_row(ws.project, study.trust) == (study.capacity, "Trust", 2)


def test_drop_between_rows_reorders_up_and_down(panel, study):
    model = panel.model
    up = model.mimeData([model.index_of(study.trust)])
    assert model.dropMimeData(up, Qt.DropAction.MoveAction, 0, 0, model.index(-1, -1))
    assert names(model) == ["Trust", "Capacity building", "Funding"]
    # down: Trust (row 0) dropped in the gap before Funding (row 2) lands between the others
    down = model.mimeData([model.index_of(study.trust)])
    assert model.dropMimeData(down, Qt.DropAction.MoveAction, 2, 0, model.index(-1, -1))
    assert names(model) == ["Capacity building", "Trust", "Funding"]
    # a sub-code dropped between top-level rows leaves its parent
    child = model.mimeData([model.index_of(study.budget)])
    assert model.dropMimeData(child, Qt.DropAction.MoveAction, 1, 0, model.index(-1, -1))
    assert names(model) == ["Capacity building", "National budget", "Trust", "Funding"]
    assert study.workspace.undo_stack.count() == 3


def test_move_rows_moves_codes_between_parents(panel, study):
    model = panel.model
    capacity = model.index_of(study.capacity)
    assert model.moveRows(capacity, 0, 2, model.index_of(study.funding), 0)
    assert names(model, study.funding) == ["Training", "Retention", "National budget"]
    assert names(model, study.capacity) == []
    study.workspace.undo_stack.undo()  # both codes moved in one step
    assert names(model, study.capacity) == ["Training", "Retention"]


def test_a_code_cannot_move_under_its_own_sub_code(panel, study, qtbot):
    model = panel.model
    data = model.mimeData([model.index_of(study.capacity)])
    target = model.index_of(study.training)
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
    with qtbot.waitSignal(study.workspace.error, timeout=1000) as error:
        assert not model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, target)
    assert error.args[0] == "Cannot move 'Capacity building' under its own sub-code 'Training'."
    assert code_row(study.workspace.project, study.capacity)[0] is None
    assert study.workspace.undo_stack.count() == 0


def test_refresh_keeps_expansion_and_selection(panel, study):
    model, view = panel.model, panel.view
    view.collapse(model.index_of(study.capacity))
    view.expand(model.index_of(study.funding))
    panel.select_code(study.budget)
    panel.codebook_actions.new_code(None, name="Governance")  # changes the tree's shape: a reset
    assert not view.isExpanded(model.index_of(study.capacity))
    assert view.isExpanded(model.index_of(study.funding))
    new = code_named(study.workspace.project, "Governance")
    assert panel.selected_code_ids() == (new,)  # a new code is selected to be named
    panel.select_code(study.budget)
    study.workspace.undo_stack.undo()
    assert panel.selected_code_ids() == (study.budget,)
    assert view.isExpanded(model.index_of(study.funding))


def test_selecting_codes_tells_the_workspace(panel, study, qtbot):
    with qtbot.waitSignal(study.workspace.codes_selected) as selected:
        panel.select_codes((study.budget, study.training))
    assert set(selected.args[0]) == {study.budget, study.training}
    study.workspace.select_codes((study.trust,))  # e.g. from the viewer
    assert panel.selected_code_ids() == (study.trust,)


def test_new_child_code_opens_its_name_for_editing_and_undoes(panel, study):
    code_id = panel.codebook_actions.new_code(study.funding)
    assert code_row(study.workspace.project, code_id) == (study.funding, "New code", 1)
    assert panel.view.state() == panel.view.State.EditingState
    assert panel.codebook_actions.new_code(study.funding) != code_id
    assert names(panel.model, study.funding)[-1] == "New code 2"
    study.workspace.undo_stack.undo()
    study.workspace.undo_stack.undo()
    assert names(panel.model, study.funding) == ["National budget"]


def test_colour_description_and_memo(panel, study, qtbot):
    actions, model, ws = panel.codebook_actions, panel.model, study.workspace
    actions.set_colour(study.trust, "#123456")
    assert model.node(study.trust).colour == "#123456"
    actions.set_description(study.trust, "Belief that institutions act in good faith.")
    assert "good faith" in model.index_of(study.trust).data(Qt.ItemDataRole.ToolTipRole)
    ws.undo_stack.undo()
    ws.undo_stack.undo()
    assert model.node(study.trust).colour == "#17becf"
    assert model.node(study.trust).description == ""
    with qtbot.waitSignal(ws.memo_requested) as memo:
        menu = actions.menu(study.trust)
        next(a for a in menu.actions() if a.text() == "Edit memo").trigger()
    assert memo.args == ["code", study.trust]


def _answer_next_dialog(button_text: str, seen: list[str]) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()
    QTimer.singleShot(0, answer)


def test_delete_says_how_many_codings_go_and_undo_restores_them(panel, study):
    ws = study.workspace
    seen: list[str] = []
    _answer_next_dialog("Delete", seen)
    panel.codebook_actions.delete(study.training)
    assert "Its 3 codings in 2 documents will be removed." in seen[0]
    assert code_row(ws.project, study.training) is None
    assert codings_of(ws.project, study.training) == []
    ws.undo_stack.undo()
    assert len(codings_of(ws.project, study.training)) == 3
    assert names(panel.model, study.capacity) == ["Training", "Retention"]


def test_delete_of_a_parent_asks_about_its_sub_codes(panel, study):
    ws = study.workspace
    box, _ = panel.codebook_actions.delete_box(study.capacity)
    assert "It has no codings." in box.text()
    # Training has 3 codings, Retention 1
    assert ("It has 2 sub-codes (with 4 codings): keep them (they move up to the top level)"
            in box.text())
    box.deleteLater()
    seen: list[str] = []
    _answer_next_dialog("Delete, keep sub-codes", seen)
    panel.codebook_actions.delete(study.capacity)
    assert names(panel.model) == ["Training", "Retention", "Funding", "Trust"]
    ws.undo_stack.undo()
    _answer_next_dialog("Delete with sub-codes", seen)
    panel.codebook_actions.delete(study.capacity)
    assert names(panel.model) == ["Funding", "Trust"]
    assert codings_of(ws.project, study.training) == []
    _answer_next_dialog("Cancel", seen)
    panel.codebook_actions.delete(study.funding)
    assert names(panel.model) == ["Funding", "Trust"]


def test_merge_moves_codings_to_the_target_and_undoes(panel, study):
    ws = study.workspace
    picker = panel.codebook_actions.merge_picker(study.capacity)
    offered = {e.code_id for e in picker.entries()}
    assert offered == {study.funding, study.budget, study.trust}  # not itself nor sub-codes
    picker.query.setText("trst")
    picker.accept_current()  # merge Capacity building into Trust
    assert code_row(ws.project, study.capacity) is None
    assert names(panel.model, study.trust) == ["Training", "Retention"]
    ws.undo_stack.undo()
    assert panel.codebook_actions.merge(study.retention, study.training) is not None
    assert len(codings_of(ws.project, study.training)) == 4
    assert code_row(ws.project, study.retention) is None
    ws.undo_stack.undo()
    assert codings_of(ws.project, study.retention)[0][3] == "brain drain"
    assert len(codings_of(ws.project, study.training)) == 3


def test_segments_panel_lists_passages_with_speaker_and_jumps_to_them(study, qtbot):
    ws = study.workspace
    panel = SegmentsPanel(ws)
    qtbot.addWidget(panel)
    panel.resize(700, 300)
    panel.show()
    qtbot.waitExposed(panel)
    ws.select_codes((study.training,))
    model = panel.model
    rows = [[model.index(r, c).data() for c in (DOCUMENT, SPEAKER, CODER, TEXT)]
            for r in range(model.rowCount())]
    assert rows == [
        ["Interview 01", "Expert 07", "Amal", "Training is mostly abroad"],
        ["Interview 01", "Expert 07", "Amal", "on donor money"],
        ["Interview 02", "الخبير", "Amal", "التدريب في الخارج"],
    ]
    assert "3 passages in 2 documents" in panel.summary.text()
    assert panel.view.isColumnHidden(0)  # the Code column only for several codes
    assert panel.view.isColumnHidden(TIME)  # no time stamps in these transcripts
    index = panel.proxy.index(1, TEXT)
    rect = panel.view.visualRect(index)
    assert rect.isValid()
    with qtbot.waitSignal(ws.span_requested, timeout=1000) as span:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    start = TEXT_1.index("on donor money")
    assert span.args == [study.doc1, start, start + len("on donor money")]
    ws.select_codes((study.training, study.budget))
    assert model.rowCount() == 4 and not panel.view.isColumnHidden(0)
    # reading order: within interview 2 the budget passage comes before the Arabic one
    assert [model.segment(r).start for r in (2, 3)] == [TEXT_2.index("national budget"),
                                                         TEXT_2.index("التدريب")]


def test_segments_follow_coding_changes(study, qtbot):
    ws = study.workspace
    panel = SegmentsPanel(ws)
    qtbot.addWidget(panel)
    ws.select_codes((study.trust,))
    assert panel.model.rowCount() == 0
    assert visible(panel.summary.text()) == "No passages coded with <b>Trust</b> yet."
    select_text(ws, study.doc1, TEXT_1, "That is the brain drain")
    ws.code_selection(study.trust)
    assert [panel.model.index(0, TEXT).data()] == ["That is the brain drain"]
    ws.undo_stack.undo()
    assert panel.model.rowCount() == 0


def test_context_menu_offers_the_codebook_actions(panel, study):
    menu = panel.codebook_actions.menu(study.training)
    texts = [a.text() for a in menu.actions() if a.text()]
    for wanted in ("New code", "New child code", "Colour…", "Description…", "Merge into…",
                   "Delete…", "Edit memo", "Assign quick key"):
        assert wanted in texts
    background = panel.codebook_actions.menu(None)
    assert [a.text() for a in background.actions()] == ["New code"]
    assert drops.SELECTION_MIME in panel.model.mimeTypes()
    assert panel.view.indexAt(QPoint(5, 5)).isValid()
    assert KEY != NAME


def test_an_arabic_code_name_keeps_the_summary_an_english_line(study, qtbot):
    """'الثقة: 3 passages in 2 documents', not '... 3 :الثقة': the line is laid out left to
    right and the name is isolated, so its direction does not carry the words after it."""
    ws = study.workspace
    ws.run(rename_code, code_id=study.trust, name="الثقة")
    panel = SegmentsPanel(ws)
    qtbot.addWidget(panel)
    select_text(ws, study.doc1, TEXT_1, "That is the brain drain")
    ws.code_selection(study.trust)
    ws.select_codes((study.trust,))
    text = panel.summary.text()
    assert text == "\u200e<b>\u2068الثقة\u2069</b>: 1 passage in 1 document"

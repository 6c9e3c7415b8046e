"""Every way of applying a code, each undone and redone with Ctrl+Z / Ctrl+Y:

(a) double-click (or Enter, or one click when so set) in the codebook, (b) text dropped on a
code, (c) quick keys 1-9, (d) the Ctrl+K picker (also creating a code), (e) in-vivo coding.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLineEdit, QMainWindow, QPlainTextEdit, QVBoxLayout, QWidget

from qcode.ops.codebook import create_code
from qcode.ui.codebook.drops import selection_mime
from qcode.ui.codebook.model import KEY
from qcode.ui.codebook.panel import CodebookPanel
from qcode.ui.in_vivo import IN_VIVO_PARENT, create_code_and_apply, in_vivo_name
from qcode.ui.quick_keys import QuickKeys, install_coding_shortcuts
from qcode.ui.settings import Settings
from tests.ui_codebook_helpers import (
    TEXT_1,
    build_study,
    code_named,
    code_row,
    codings_of,
    select_text,
)

PHRASE = "Capacity building takes years"


@pytest.fixture
def study(project, tmp_path, monkeypatch, qapp):
    monkeypatch.setenv("QCODE_CONFIG_DIR", str(tmp_path / "config"))
    return build_study(project)


@pytest.fixture
def window(study, qtbot):
    """A main window with a read-only "viewer", a line edit and the codebook panel."""
    win = QMainWindow()
    central = QWidget()
    layout = QVBoxLayout(central)
    win.viewer = QPlainTextEdit(TEXT_1)
    win.viewer.setReadOnly(True)
    win.line_edit = QLineEdit()
    win.codebook = CodebookPanel(study.workspace)
    for widget in (win.viewer, win.line_edit, win.codebook):
        layout.addWidget(widget)
    win.setCentralWidget(central)
    win.shortcuts = install_coding_shortcuts(win, study.workspace)
    qtbot.addWidget(win)
    win.resize(600, 700)
    win.show()
    win.activateWindow()
    qtbot.waitActive(win)
    win.viewer.setFocus()
    return win


def check_undo_redo(study, code_id: int, expected: tuple) -> None:
    """The code's codings end with ``expected``; undo removes it, redo brings it back."""
    project, stack = study.workspace.project, study.workspace.undo_stack
    after = codings_of(project, code_id)
    assert after[-1] == expected
    stack.undo()
    assert codings_of(project, code_id) == after[:-1]
    stack.redo()
    assert codings_of(project, code_id) == after


def expected_coding(study, phrase: str = PHRASE) -> tuple:
    start = TEXT_1.index(phrase)
    return (study.doc1, start, start + len(phrase), phrase)


# (a) -----------------------------------------------------------------------------------------

def test_a_double_click_applies_the_code(window, study, qtbot):
    select_text(study.workspace, study.doc1, TEXT_1, PHRASE)
    view, model = window.codebook.view, window.codebook.model
    rect = view.visualRect(model.index_of(study.trust))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert codings_of(study.workspace.project, study.trust) == []  # one click only selects
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    check_undo_redo(study, study.trust, expected_coding(study))
    assert model.index_of(study.trust).siblingAtColumn(2).data() == "1"


def test_a_enter_and_single_click_setting_apply_the_code(window, study, qtbot):
    panel = window.codebook
    select_text(study.workspace, study.doc1, TEXT_1, PHRASE)
    panel.select_code(study.funding)
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    check_undo_redo(study, study.funding, expected_coding(study))
    panel.set_single_click_applies(True)
    rect = panel.view.visualRect(panel.model.index_of(study.trust))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    check_undo_redo(study, study.trust, expected_coding(study))
    assert CodebookPanel(study.workspace).single_click_applies  # remembered


def test_a_without_selected_text_nothing_is_coded_and_the_user_is_told(window, study, qtbot):
    study.workspace.set_text_selection(None)
    with qtbot.waitSignal(study.workspace.message, timeout=1000) as message:
        window.codebook.apply_code(study.trust)
    assert "Select some text first" in message.args[0]
    assert codings_of(study.workspace.project, study.trust) == []


# (b) -----------------------------------------------------------------------------------------

def test_b_text_dropped_on_a_code_is_coded(window, study):
    model = window.codebook.model
    start, end = TEXT_1.index(PHRASE), TEXT_1.index(PHRASE) + len(PHRASE)
    data = selection_mime(study.doc1, start, end)
    assert model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, 0,
                                 model.index_of(study.trust))
    assert model.dropMimeData(data, Qt.DropAction.CopyAction, -1, 0, model.index_of(study.trust))
    assert study.workspace.text_selection.text == PHRASE
    check_undo_redo(study, study.trust, expected_coding(study))


def test_b_drop_through_the_view_codes_the_code_under_the_pointer(window, study):
    view, model = window.codebook.view, window.codebook.model
    phrase = "Many leave for the private sector"
    start = TEXT_1.index(phrase)
    rect = view.visualRect(model.index_of(study.retention))
    data = selection_mime(study.doc1, start, start + len(phrase))  # kept alive: Qt borrows it
    event = QDropEvent(QPointF(rect.center()), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)
    assert event.isAccepted()
    check_undo_redo(study, study.retention, expected_coding(study, phrase))


def test_b_a_span_outside_the_document_is_refused(window, study, qtbot):
    model = window.codebook.model
    data = selection_mime(study.doc1, 10, len(TEXT_1) + 5)
    with qtbot.waitSignal(study.workspace.error, timeout=1000) as error:
        assert not model.dropMimeData(data, Qt.DropAction.CopyAction, -1, 0,
                                      model.index_of(study.trust))
    assert "lies outside 'Interview 01'" in error.args[0]
    assert codings_of(study.workspace.project, study.trust) == []


# (c) -----------------------------------------------------------------------------------------

def test_c_quick_keys_1_to_9_apply_their_codes(window, study, qtbot):
    ws = study.workspace
    for name in ("Governance", "Legal", "Security"):
        ws.run(create_code, name=name)
    codes = [study.capacity, study.training, study.retention, study.funding, study.budget,
             study.trust, *(code_named(ws.project, n) for n in ("Governance", "Legal",
                                                                  "Security"))]
    keys = QuickKeys.of(ws)
    model = window.codebook.model
    for key, code_id in enumerate(codes, 1):
        keys.assign(key, model.node(code_id).uuid)
        assert model.index_of(code_id, KEY).data() == str(key)
    before = {c: len(codings_of(ws.project, c)) for c in codes}
    select_text(ws, study.doc1, TEXT_1, PHRASE)
    for key in range(1, 10):
        qtbot.keyClick(window.viewer, Qt.Key(Qt.Key.Key_0 + key))
    assert {c: len(codings_of(ws.project, c)) for c in codes} == {
        c: n + 1 for c, n in before.items()}
    for _ in range(9):
        ws.undo_stack.undo()
    assert {c: len(codings_of(ws.project, c)) for c in codes} == before
    ws.undo_stack.redo()
    assert codings_of(ws.project, study.capacity)[-1] == expected_coding(study)


def test_c_keys_are_assigned_from_the_menu_moved_and_remembered(window, study, qtbot):
    ws, panel = study.workspace, window.codebook
    actions = panel.codebook_actions
    menu = actions.quick_key_menu(actions.menu(study.trust), study.trust)
    next(a for a in menu.actions() if a.text() == "4").trigger()
    keys = QuickKeys.of(ws)
    trust_uuid = panel.model.node(study.trust).uuid
    assert keys.key_of(trust_uuid) == 4
    keys.assign(4, panel.model.node(study.funding).uuid)  # key 4 moves to Funding
    assert keys.key_of(trust_uuid) is None
    assert panel.model.index_of(study.funding, KEY).data() == "4"
    assert panel.model.index_of(study.trust, KEY).data() == ""
    uuid = ws.project.info()["uuid"]
    assert Settings().quick_keys(uuid) == {4: panel.model.node(study.funding).uuid}
    select_text(ws, study.doc1, TEXT_1, PHRASE)
    window.line_edit.setFocus()
    qtbot.keyClick(window.line_edit, Qt.Key.Key_4)  # typing in a text field is just typing
    assert window.line_edit.text() == "4"
    assert codings_of(ws.project, study.funding) == []
    with qtbot.waitSignal(ws.message, timeout=1000) as message:
        keys.apply(7)
    assert "No code on key 7" in message.args[0]


# (d) -----------------------------------------------------------------------------------------

def test_d_picker_finds_a_misspelt_code_and_applies_it(window, study, qtbot):
    select_text(study.workspace, study.doc1, TEXT_1, PHRASE)
    qtbot.keyClick(window.viewer, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    picker = window.shortcuts.picker
    assert picker is not None and picker.isVisible()
    qtbot.keyClicks(picker.query, "capcity bild")
    entries = picker.entries()
    assert entries[0].path == "Capacity building"
    assert entries[-1].code_id is None and entries[-1].path == "capcity bild"
    qtbot.keyClick(picker.query, Qt.Key.Key_Down)
    assert picker.list.currentIndex().row() == 1
    qtbot.keyClick(picker.query, Qt.Key.Key_Up)
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    assert not picker.isVisible()
    check_undo_redo(study, study.capacity, expected_coding(study))


def test_d_picker_creates_the_typed_code_and_applies_it_in_one_step(window, study, qtbot):
    ws = study.workspace
    select_text(ws, study.doc1, TEXT_1, PHRASE)
    picker = window.shortcuts.open_picker()
    qtbot.keyClicks(picker.query, "Local  ownership")
    last = len(picker.entries()) - 1
    assert picker.entries()[last].path == "Local ownership"
    for _ in range(last):
        qtbot.keyClick(picker.query, Qt.Key.Key_Down)
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    code_id = code_named(ws.project, "Local ownership")
    assert code_row(ws.project, code_id)[0] is None
    assert codings_of(ws.project, code_id) == [expected_coding(study)]
    ws.undo_stack.undo()
    assert code_named(ws.project, "Local ownership") is None
    ws.undo_stack.redo()
    assert codings_of(ws.project, code_id) == [expected_coding(study)]


def test_d_without_selected_text_the_picker_goes_to_the_code(window, study, qtbot):
    ws = study.workspace
    ws.set_text_selection(None)
    picker = window.shortcuts.open_picker()
    assert "Enter show the code" in picker.hint.text()
    qtbot.keyClicks(picker.query, "natinal budgt")
    with qtbot.waitSignal(ws.codes_selected, timeout=1000) as selected:
        qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    assert selected.args[0] == (study.budget,)
    assert window.codebook.selected_code_ids() == (study.budget,)
    assert ws.undo_stack.count() == 0


def test_d_a_typed_path_creates_the_code_under_its_parent_without_a_selection(study):
    ws = study.workspace
    ws.set_text_selection(None)
    create_code_and_apply(ws, "Funding/Loans")
    loans = code_named(ws.project, "Loans")
    assert code_row(ws.project, loans) == (study.funding, "Loans", 1)
    assert codings_of(ws.project, loans) == []


# (e) -----------------------------------------------------------------------------------------

def test_e_in_vivo_names_a_code_after_the_words_and_applies_it(window, study, qtbot):
    ws = study.workspace
    phrase = "brain drain we live with"
    select_text(ws, study.doc1, TEXT_1, phrase)
    qtbot.keyClick(window.viewer, Qt.Key.Key_I,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    parent = code_named(ws.project, IN_VIVO_PARENT)
    code_id = code_named(ws.project, phrase)
    assert code_row(ws.project, code_id)[:2] == (parent, phrase)
    assert codings_of(ws.project, code_id) == [expected_coding(study, phrase)]
    assert ws.undo_stack.count() == 1
    ws.undo_stack.undo()  # code, parent and coding go in one step
    assert code_named(ws.project, IN_VIVO_PARENT) is None
    assert code_named(ws.project, phrase) is None
    ws.undo_stack.redo()
    assert codings_of(ws.project, code_id) == [expected_coding(study, phrase)]
    window.shortcuts.in_vivo_action.trigger()  # the same words again: same code, no duplicate
    assert codings_of(ws.project, code_id) == [expected_coding(study, phrase)]
    assert code_named(ws.project, phrase) == code_id


@pytest.mark.parametrize(("selected", "name"), [
    ("  brain\n drain\t ", "brain drain"),
    ("“on donor money,”", "on donor money"),
    ("24/7 services", "24-7 services"),
    ("word " * 30, "word " * 11 + "word…"),
])
def test_in_vivo_names_are_tidy(selected, name):
    assert in_vivo_name(selected) == name
    assert len(in_vivo_name(selected)) <= 60

"""The search panel (Ctrl+Shift+F): hits as you type, jump to a hit, code all results."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from qcode.models import Coding
from qcode.project import Project
from qcode.search.query import Hit, SearchQuery
from qcode.ui.code_picker import CodePicker
from qcode.ui.search.code_all import CodeAllDialog
from qcode.ui.search.found import Found
from qcode.ui.search.highlights import _MARK
from qcode.ui.search.model import HIT, LEFT, RIGHT
from qcode.ui.search.panel import NO_QUERY, SearchPanel, count_line
from tests.factories import add_code, add_coder
from tests.ui_support import ui_settings, window  # noqa: F401
from tests.viewer_support import add_document

ENGLISH = ("Interviewer: What limits trust?\n"
           "Expert 07: Trust in the ministry is low. Donors trust the NGOs more! Nobody "
           "trusts the budget.\n"
           "Interviewer: And capacity?\n"
           "Expert 07: Capacity is weak. Trust takes years.")
ARABIC = ("Interviewer: 😀 ما رأيك في الثقة؟\n"
          "Expert 09: 🙂 الثقة بالوزارة ضعيفة 👍. والثقة بالمانحين أقوى!")
TEXTS = {"E07": ENGLISH, "E09": ARABIC}


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A project file with an English and an Arabic (emoji) interview, and a code Trust with
    one coding by another coder."""
    path = tmp_path / "search.qcode"
    with Project.create(path) as project:
        ids = {name: add_document(project, text, name) for name, text in TEXTS.items()}
        with project.transaction() as s:
            code_id = add_code(s, "Trust", colour="#d62728")
            add_code(s, "Capacity", colour="#1f77b4")
            coder_id = add_coder(s, "Demo coder")
            start = ENGLISH.index("Trust in")
            s.add(Coding(document_id=ids["E07"], code_id=code_id, coder_id=coder_id,
                         start=start, end=start + len("Trust in the ministry")))
    return path


def open_panel(qtbot, window, path: Path) -> SearchPanel:  # noqa: F811
    assert window.open_project(path)
    window.layout_.go_to_actions["search"].trigger()  # Ctrl+Shift+F
    panel = window.panels.search
    assert isinstance(panel, SearchPanel) and window.docks["search"].isVisible()
    return panel


def search_for(qtbot, panel: SearchPanel, text: str) -> None:
    panel.options.text.clear()
    if text.isascii():
        qtbot.keyClicks(panel.options.text, text)
    else:  # QTest types only what a keyboard layout has keys for
        panel.options.text.insert(text)
    qtbot.waitUntil(lambda: panel.found is not None and panel.found.query.text == text
                    and not panel.runner.busy, timeout=5_000)


def brute_hits(word: str) -> list[tuple[str, int, int]]:
    return [(name, m.start(), m.end()) for name, text in TEXTS.items()
            for m in re.finditer(re.escape(word), text, re.IGNORECASE)]


def test_typing_a_query_lists_every_hit_in_context(qtbot, window, study):  # noqa: F811
    panel = open_panel(qtbot, window, study)
    assert panel.summary.text() == NO_QUERY
    search_for(qtbot, panel, "trust")

    expected = brute_hits("trust")
    assert len(expected) == 5
    hits = panel.found.hits
    assert [(h.document, h.start, h.end) for h in hits] == expected
    assert panel.model.rowCount() == 5
    assert panel.summary.text() == "5 hits in 1 document"
    first = panel.model.index(1, HIT)
    assert first.data() == "Trust"
    start, end = hits[1].start, hits[1].end
    assert panel.model.index(1, LEFT).data() == " ".join(ENGLISH[start - 40:start].split())
    assert panel.model.index(1, RIGHT).data() == " ".join(ENGLISH[end:end + 40].split())
    codes = [panel.model.index(row, 5).data() for row in range(5)]
    assert codes == ["", "Trust", "", "", ""], "the codes already on each hit"
    assert panel.code_all.isEnabled()

    search_for(qtbot, panel, "electricity")
    assert panel.model.rowCount() == 0 and panel.summary.text().startswith("No hits for")
    assert not panel.code_all.isEnabled()


def test_a_newer_query_supersedes_the_running_one(qtbot, window, study):  # noqa: F811
    panel = open_panel(qtbot, window, study)
    panel.options.text.setText("capacity")
    panel.run_search(0)
    panel.options.text.setText("donors")
    panel.run_search(0)
    qtbot.waitUntil(lambda: not panel.runner.busy and panel.found is not None, timeout=5_000)
    qtbot.wait(50)  # whatever the first search still delivers arrives by now
    assert panel.found.query.text == "donors"
    assert [(h.document, h.start) for h in panel.found.hits] == [
        (n, s) for n, s, _ in brute_hits("donors")]


def test_a_click_opens_the_document_with_the_hit_selected(qtbot, window, study):  # noqa: F811
    panel = open_panel(qtbot, window, study)
    search_for(qtbot, panel, "الثقة")
    expected = brute_hits("الثقة")
    assert len(expected) == 3 and all(name == "E09" for name, _, _ in expected)
    assert [(h.start, h.end) for h in panel.found.hits] == [(s, e) for _, s, e in expected]

    index = panel.model.index(2, HIT)  # after two emoji: UTF-16 differs from code points
    rect = panel.view.visualRect(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    viewer = window.panels.viewer
    hit = panel.found.hits[2]
    assert viewer.model.doc.name == "E09"
    assert viewer.editor.textCursor().selectedText() == ARABIC[hit.start:hit.end] == "الثقة"
    selection = window.workspace.text_selection
    assert (selection.start, selection.end) == (hit.start, hit.end)
    assert selection.text == ARABIC[hit.start:hit.end]
    marked = [s for s in viewer.editor.extraSelections() if s.format.hasProperty(_MARK)]
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in marked] == [
        (viewer.model.offsets.to_utf16(s), viewer.model.offsets.to_utf16(e))
        for _, s, e in expected], "every hit of the open document is marked"

    find = viewer.find_bar  # the find bar shows its own hits, then gives ours back
    viewer.find_action.trigger()
    find.query.insert("ضعيفة")
    find.search()
    assert len(viewer.editor.extraSelections()) == 1
    find.close_bar()
    qtbot.waitUntil(lambda: len(viewer.editor.extraSelections()) == len(expected))

    panel.options.text.clear()  # no query, no results: no marks
    assert not [s for s in viewer.editor.extraSelections() if s.format.hasProperty(_MARK)]


def brute_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences of the test texts: up to . ! ? (then a space or the end) or a line break."""
    out = []
    for line in re.finditer(r"[^\n]+", text):
        for m in re.finditer(r".+?(?:[.!?؟]+(?=\s|$)|$)", line.group()):
            piece = m.group()
            lead = len(piece) - len(piece.lstrip())
            if piece.strip():
                start = line.start() + m.start() + lead
                out.append((start, start + len(piece.strip())))
    return out


def _codings(window) -> set[tuple[int, int, int, str]]:  # noqa: F811
    return set(window.workspace.read(lambda s: [tuple(r) for r in s.execute(
        select(Coding.document_id, Coding.start, Coding.end, Coding.memo))]))


def test_code_all_results_by_sentence_then_one_undo(qtbot, window, study):  # noqa: F811
    panel = open_panel(qtbot, window, study)
    search_for(qtbot, panel, "trust")
    before = _codings(window)
    panel.code_all.click()
    dialog = panel.findChild(CodeAllDialog)
    assert dialog is not None and dialog.isVisible()
    assert "Choose a code" in dialog.count.text() and not dialog.ok.isEnabled()
    dialog.choose.click()
    picker = dialog.findChild(CodePicker)
    qtbot.keyClicks(picker.query, "trst")  # the code picker forgives typos
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    assert dialog.code_label.text() == "<b>Trust</b>"
    dialog.unit.setCurrentIndex(dialog.unit.findData("sentence"))
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.ok.isEnabled(), timeout=5_000)

    english = panel.found.hits[0].document_id
    wanted = {(english, s, e) for s, e in brute_sentences(ENGLISH)
              if any(s < he and hs < e for _, hs, he in brute_hits("trust"))}
    assert len(wanted) == 5
    assert dialog.preview.plan.count == len(wanted)
    assert dialog.count.text().startswith(f"Makes {len(wanted)} codings from 5 hits")
    assert dialog.ok.text() == f"Code {len(wanted)} passages"

    dialog.ok.click()  # written on a worker thread
    qtbot.waitUntil(lambda: panel.coding is None, timeout=10_000)
    made = _codings(window) - before
    assert {(d, s, e) for d, s, e, _ in made} == wanted
    assert all(memo.startswith("Auto-coded") and "'trust'" in memo for *_, memo in made)
    assert panel.model.index(0, 5).data() == "Trust", "the codes column follows the change"

    window.menu_actions.undo.trigger()  # one Ctrl+Z takes every one of them back
    assert _codings(window) == before
    assert panel.model.index(0, 5).data() == ""


def test_with_no_project_the_shortcut_says_what_to_do(qtbot, window):  # noqa: F811
    action = window.layout_.go_to_actions["search"]
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+Shift+F"
    action.trigger()
    assert "Open a project first" in window.statusBar().currentMessage()
    assert not window.docks["search"].isVisible()


def test_enter_on_a_row_shows_that_hit(qtbot, window, study):  # noqa: F811
    panel = open_panel(qtbot, window, study)
    search_for(qtbot, panel, "capacity")
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(1, HIT))
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    hit = panel.found.hits[1]
    assert window.panels.viewer.editor.textCursor().selectedText() == ENGLISH[hit.start:hit.end]
    assert window.workspace.text_selection.start == hit.start


def test_a_layout_saved_before_the_search_panel_gets_it_under_the_viewer(
        qtbot, window, study, ui_settings):  # noqa: F811
    from qcode.ui.main_window import MainWindow

    assert window.open_project(study)
    window.docks["search"].setObjectName("dock-unknown")  # a layout of an earlier version
    window.close()
    again = MainWindow(ui_settings)
    qtbot.addWidget(again)
    again.show()
    assert again.open_project(study)
    again.layout_.go_to_actions["search"].trigger()
    dock = again.docks["search"]
    assert dock.isVisible() and not dock.isFloating()
    assert again.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    again.close()


def test_closing_the_project_closes_code_all_while_it_counts(qtbot, window, study):  # noqa: F811
    panel = open_panel(qtbot, window, study)
    search_for(qtbot, panel, "trust")
    dialog = panel.open_code_all()
    dialog.set_code(window.workspace.read(lambda s: s.scalar(select(Coding.code_id))))
    assert dialog.runner.busy
    window.close_project()
    assert not dialog.isVisible() and not dialog.runner.busy
    assert window.start_page.isVisible()


def test_the_count_says_when_only_the_first_hits_are_listed():
    hits = tuple(Hit(doc, f"D{doc}", i, i + 1, "a", "", "") for doc in (1, 2) for i in range(500))
    found = Found(SearchQuery("a"), hits, ((),) * 1000, total=12_345)
    assert count_line(found) == "12,345 hits — showing the first 1,000, from 2 documents"
    assert count_line(Found(SearchQuery("a"), hits[:1], ((),), total=1)) == "1 hit in 1 document"


def test_a_speaker_or_a_code_narrows_the_hits(qtbot, window, study):  # noqa: F811
    panel = open_panel(qtbot, window, study)
    search_for(qtbot, panel, "trust")
    speakers = panel.options.speaker
    assert [speakers.itemText(i) for i in range(speakers.count())] == [
        "Any speaker", "Expert 07", "Expert 09", "Interviewer"]
    speakers.setCurrentIndex(speakers.findData("Interviewer"))
    qtbot.waitUntil(lambda: panel.found.query.speaker == "Interviewer" and not panel.runner.busy)
    assert [h.text for h in panel.found.hits] == ["trust"]  # "What limits trust?"
    assert panel.found.hits[0].speaker == "Interviewer"

    speakers.setCurrentIndex(0)
    codes = panel.options.code
    codes.setCurrentIndex(codes.findText("Coded Trust"))
    qtbot.waitUntil(lambda: panel.found.query.code == "Trust" and not panel.runner.busy)
    assert [(h.start, h.text) for h in panel.found.hits] == [(ENGLISH.index("Trust in"), "Trust")]


def test_a_renamed_scoping_code_stays_chosen(qtbot, window, study):  # noqa: F811
    from qcode.ops.codebook_fields import rename_code

    panel = open_panel(qtbot, window, study)
    search_for(qtbot, panel, "trust")
    codes = panel.options.code
    code_id = window.workspace.read(lambda s: s.scalar(select(Coding.code_id)))
    codes.setCurrentIndex(codes.findData(code_id))
    qtbot.waitUntil(lambda: panel.found.query.code == "Trust" and not panel.runner.busy)
    window.workspace.run(rename_code, code_id=code_id, name="Confidence")
    qtbot.waitUntil(lambda: panel.found is not None and panel.found.query.code == "Confidence"
                    and not panel.runner.busy, timeout=5_000)
    assert codes.currentText() == "Coded Confidence"
    assert panel.summary.text() == "1 hit in 1 document"

"""The main window: start page, opening and reopening projects, locks, coder, errors, memos,
persistence of the layout, and ``qcode gui --screenshot``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import select

from qcode.models import Coder, Coding, Document, ProjectInfo
from qcode.ops.documents import rename_document
from qcode.project import Project
from qcode.ui.errors import install_excepthook, open_error_dialogs
from qcode.ui.main_window import MainWindow
from qcode.ui.opening import LOCKED_DIALOG
from qcode.ui.workspace import TextSelection
from tests.ui_support import DOCS, build_study, ui_settings, window  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def study(tmp_path: Path):
    return build_study(tmp_path / "study.qcode")


def _documents(win: MainWindow) -> list[str]:
    assert win.panels is not None
    return win.panels.documents.visible_document_names()


def test_new_project_then_reopen_from_the_recent_list(window, tmp_path):  # noqa: F811
    assert window.start_page.isVisible() and not window.project_area.isVisible()
    assert window.windowTitle() == "qcode"
    assert window.new_project_at(tmp_path / "fresh.qcode")
    assert window.windowTitle() == "fresh — qcode"
    assert window.docks["documents"].isVisible()
    window.close_project()
    assert window.start_page.isVisible() and not window.project_area.isVisible()
    assert not window.docks["documents"].isVisible()
    assert window.start_page.recent_paths() == [(tmp_path / "fresh.qcode").resolve()]
    item = window.start_page.recent_list.item(0)
    window.start_page.recent_list.itemActivated.emit(item)
    assert window.workspace is not None
    assert window.workspace.project.path.name == "fresh.qcode"


def test_open_project_shows_its_documents_in_a_new_window_too(qtbot, window, study,  # noqa: F811
                                                              ui_settings):  # noqa: F811
    assert window.open_project(study.path)
    assert window.windowTitle() == "Small study — qcode"
    assert _documents(window) == [d[0] for d in DOCS]
    window.resize(777, 555)  # within the 800x800 offscreen screen
    window.docks["memo"].hide()
    window.close()  # saves geometry, dock layout and the recent list
    again = MainWindow(ui_settings)
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (777, 555)
    assert again.start_page.recent_paths() == [study.path.resolve()]
    assert again.open_project(again.start_page.recent_paths()[0])
    assert _documents(again) == [d[0] for d in DOCS]
    assert not again.docks["memo"].isVisible()
    assert again.docks["codebook"].isVisible()


def test_a_missing_project_is_explained_and_dropped_from_recent(window, study):  # noqa: F811
    assert window.open_project(study.path)
    window.close_project()
    study.path.unlink()
    assert not window.open_project(study.path)
    [dialog] = open_error_dialogs(window)
    assert dialog.text() == "study.qcode: no such project file"
    assert window.start_page.recent_paths() == []


def test_a_locked_project_offers_read_only(window, study, qtbot):  # noqa: F811
    with Project.open(study.path):  # another window holds the project
        assert not window.open_project(study.path)
        [box] = [w for w in window.findChildren(QMessageBox) if w.objectName() == LOCKED_DIALOG]
        assert "already open for writing" in box.text()
        [readonly] = [b for b in box.findChildren(QPushButton) if b.text() == "Open read-only"]
        readonly.click()
        qtbot.waitUntil(lambda: window.workspace is not None)
        assert window.workspace.project.readonly
        assert window.windowTitle() == "Small study (read-only) — qcode"
        assert window.readonly_label.isVisible()
        assert not window.menu_actions.import_documents.isEnabled()
        assert _documents(window) == [d[0] for d in DOCS]
        assert window.workspace.run(rename_document, document_id=study.doc_ids[0],
                                    name="x") is None
        [dialog] = open_error_dialogs(window)
        assert "open read-only" in dialog.text()
        window.close_project()


def test_coder_is_asked_stored_and_carried_by_new_codings(window, study, ui_settings):  # noqa: F811
    ui_settings._qs.remove("coder/name")
    dialog = window.ask_coder_name(first_start=True)
    dialog.name_edit.setText("  Nour ")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert ui_settings.coder_name() == "Nour"
    assert window.coder_button.text() == "Coder: Nour"
    window.open_project(study.path)
    ws = window.workspace
    ws.set_text_selection(TextSelection(study.doc_ids[0], 0, 2, "Q:"))
    ws.code_selection(study.code_id)
    window.set_coder_name("Salma")
    ws.code_selection(study.code_id)
    coders = ws.read(lambda s: s.scalars(
        select(Coder.name).join(Coding, Coding.coder_id == Coder.id)
        .where(Coding.start == 0).order_by(Coding.id)).all())
    assert coders == ["Nour", "Salma"]
    assert window.coder_button.text() == "Coder: Salma"


def test_a_coder_with_codings_binds_in_a_read_only_window(window, study, ui_settings,  # noqa: F811
                                                          qtbot):
    """The coder looked up read-only is carried as an id (it once broke as a detached row)."""
    ui_settings.set_coder_name("Demo coder")  # the study's codings are this coder's
    with Project.open(study.path):  # another window holds the project
        window.open_project(study.path)
        [box] = [w for w in window.findChildren(QMessageBox) if w.objectName() == LOCKED_DIALOG]
        [readonly] = [b for b in box.findChildren(QPushButton) if b.text() == "Open read-only"]
        readonly.click()
        qtbot.waitUntil(lambda: window.workspace is not None)
        ws = window.workspace
        owner = ws.read(lambda s: s.scalar(select(Coding.coder_id).limit(1)))
        assert ws.coder_id == owner != 0
        assert window.coder_button.text() == "Coder: Demo coder"
        assert open_error_dialogs(window) == []
        window.close_project()


def test_workspace_reads_refuse_to_hand_out_orm_rows(window, study):  # noqa: F811
    window.open_project(study.path)
    with pytest.raises(TypeError, match="ORM objects"):
        window.workspace.read(lambda s: s.scalars(select(Coder)).all())


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_becomes_an_error_dialog(window, monkeypatch, qtbot):  # noqa: F811
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook(window)
    button = QPushButton("boom")
    qtbot.addWidget(button)
    button.clicked.connect(lambda: 1 / 0)
    button.click()
    [dialog] = open_error_dialogs(window)
    assert dialog.text().startswith("Something went wrong inside qcode (ZeroDivisionError: "
                                    "division by zero).")
    assert "Traceback" not in dialog.text()
    log = Path(os.environ["XDG_STATE_HOME"]) / "qcode" / "log" / "errors.log"
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")
    dialog.accept()
    assert open_error_dialogs(window) == []


def test_a_refused_change_is_shown_as_its_message(window, study):  # noqa: F811
    window.open_project(study.path)
    result = window.workspace.run(rename_document, document_id=study.doc_ids[0],
                                  name=DOCS[1][0])
    assert result is None
    [dialog] = open_error_dialogs(window)
    assert dialog.text() == f"another document is already named {DOCS[1][0]!r}"


def test_memo_edits_are_saved_and_undone_as_one_step(window, study, qtbot):  # noqa: F811
    window.open_project(study.path)
    memo = window.panels.memo
    assert memo.target == ("project", 0)
    memo.editor.setFocus()
    qtbot.keyClicks(memo.editor, "Ask about donors")
    window.workspace.open_document(study.doc_ids[0])  # switching memos saves the one edited
    assert memo.target == ("document", study.doc_ids[0])
    stored = window.workspace.read(lambda s: s.get(ProjectInfo, "memo").value)
    assert stored == "Ask about donors"
    assert window.menu_actions.undo.text() == "&Undo Edit project memo"
    window.menu_actions.undo.trigger()
    assert window.workspace.read(lambda s: s.get(ProjectInfo, "memo").value) == ""
    assert memo.target == ("document", study.doc_ids[0])
    memo._timer.setInterval(10)  # a pause in typing saves too
    qtbot.keyClicks(memo.editor, "Pilot")
    qtbot.waitUntil(lambda: window.workspace.read(
        lambda s: s.get(Document, study.doc_ids[0]).memo) == "Pilot")
    assert window.menu_actions.undo.text() == f"&Undo Edit memo of {DOCS[0][0]}"


def test_open_demo_builds_it_once_off_the_gui_thread(window, qtbot):  # noqa: F811
    window.start_page.demo_button.click()
    assert window.start_page.busy_bar.isVisible()
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=30_000)
    assert len(_documents(window)) == 23
    assert "demo" in window.windowTitle()
    window.close_project()
    assert not window.start_page.busy_bar.isVisible()
    window.open_demo()  # already built: opens at once
    assert window.workspace is not None


def test_gui_screenshot_writes_a_png(study, tmp_path):
    target = tmp_path / "window.png"
    env = {**os.environ, "QCODE_CONFIG_DIR": str(tmp_path / "config"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    done = subprocess.run(
        [sys.executable, "-m", "qcode", "gui", str(study.path), "--open", DOCS[2][0],
         "--select", "Trust", "--screenshot", str(target)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1500, 950)
    assert not (tmp_path / "config").exists()  # a screenshot changes no settings


def test_go_to_shortcut_shows_a_hidden_panel_and_focuses_it(window, study, qtbot):  # noqa: F811
    window.open_project(study.path)
    window.activateWindow()
    window.docks["documents"].hide()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.docks["documents"].isVisible()
    qtbot.waitUntil(lambda: window.panels.documents.view.hasFocus())
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.docks["documents"].isVisible()  # pressing again does not hide it


def test_settings_keep_ten_recent_projects_that_still_exist(ui_settings, tmp_path):  # noqa: F811
    paths = [tmp_path / f"p{i}.qcode" for i in range(12)]
    for path in paths:
        path.write_bytes(b"x")
        ui_settings.add_recent_project(path)
    ui_settings.add_recent_project(paths[3])  # again: moves to the top, not listed twice
    expected = [paths[3], *reversed(paths[4:]), paths[2]]  # p0, p1 fell off the list of 10
    assert ui_settings.recent_projects() == [p.resolve() for p in expected]
    paths[11].unlink()
    assert paths[11].resolve() not in ui_settings.recent_projects()
    ui_settings.set_quick_keys("project-uuid", {1: "code-a", 7: "code-b"})
    assert ui_settings.quick_keys("project-uuid") == {1: "code-a", 7: "code-b"}
    assert ui_settings.quick_keys("other-project") == {}


def test_gui_demo_builds_the_demo_once_and_opens_it(tmp_path):
    """The README's first command: ``qcode gui --demo``."""
    env = {**os.environ, "QCODE_CONFIG_DIR": str(tmp_path / "config"),
           "QCODE_DATA_DIR": str(tmp_path / "data")}
    target = tmp_path / "demo.png"
    done = subprocess.run(
        [sys.executable, "-m", "qcode", "gui", "--demo", "--open", "E07", "--screenshot",
         str(target)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    built = tmp_path / "data" / "demo" / "e-government-in-libya-demo.qcode"
    assert built.is_file()
    assert not list(built.parent.glob("*.part*"))  # no half-built leftovers
    assert QImage(str(target)).width() == 1500


def test_gui_open_and_select_take_names_as_people_type_them(window, study):  # noqa: F811
    """``qcode gui --open Chadi --select trust``: a unique start of a name, any case."""
    window.open_project(study.path)
    window.open_document_named("Chadi")
    window.select_code_path("trust")
    assert window.workspace.document_id == study.doc_ids[2]
    assert window.workspace.selected_code_ids == (study.code_id,)

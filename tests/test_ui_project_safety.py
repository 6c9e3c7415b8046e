"""The app tells a project file in trouble in one plain line, in a dialog: a database another
program holds, a full disk, a damaged file; a read-only file is offered read-only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import select

from qcode.importers.normalise import paragraph_direction
from qcode.models import Code
from qcode.ops.codebook_create import create_code
from qcode.ops.documents import rename_document
from qcode.ui.errors import open_error_dialogs
from qcode.ui.opening import LOCKED_DIALOG
from tests.safety_support import (
    damage_middle_page,
    file_state,
    full_disk,
    held_by_another_program,
    read_only_file,
    short_busy_wait,
)
from tests.ui_support import build_study, ui_settings, window  # noqa: F401


@pytest.fixture
def study(tmp_path: Path):
    return build_study(tmp_path / "study.qcode")


def only_error_text(win) -> str:
    [dialog] = open_error_dialogs(win)
    return dialog.text()


def test_a_change_while_another_program_holds_the_project_is_a_plain_dialog(
        window, study):  # noqa: F811
    with short_busy_wait():
        assert window.open_project(study.path)
        with held_by_another_program(study.path):
            assert window.workspace.run(rename_document, document_id=study.doc_ids[0],
                                        name="Amal, second interview") is None
    assert only_error_text(window) == "study.qcode is busy in another program; try again"


def test_a_message_that_starts_with_an_arabic_file_name_still_reads_left_to_right(
        window, tmp_path):  # noqa: F811
    study = build_study(tmp_path / "مقابلات.qcode")
    with short_busy_wait():
        assert window.open_project(study.path)
        with held_by_another_program(study.path):
            window.workspace.run(rename_document, document_id=study.doc_ids[0], name="x")
    text = only_error_text(window)
    assert text.endswith("مقابلات.qcode is busy in another program; try again")
    assert paragraph_direction(text) == "ltr"  # not laid out right to left, words reversed


def test_a_full_disk_is_a_plain_dialog_and_nothing_changes(window, study):  # noqa: F811
    with full_disk():
        assert window.open_project(study.path)
        ws = window.workspace
        assert ws.run(create_code, name="Budget", description="x" * 200_000) is None
    assert only_error_text(window) == "the disk is full: nothing was saved"
    assert ws.read(lambda s: s.scalars(select(Code.name)).all()) == ["Trust"]


def test_a_damaged_project_is_refused_with_a_plain_dialog(window, study):  # noqa: F811
    damage_middle_page(study.path)
    before = file_state(study.path)
    assert not window.open_project(study.path)
    assert only_error_text(window) == "study.qcode is damaged; no backup"
    assert window.workspace is None
    assert file_state(study.path) == before


def test_a_read_only_project_is_offered_read_only(window, study, qtbot):  # noqa: F811
    with read_only_file(study.path):
        assert not window.open_project(study.path)
        [box] = [w for w in window.findChildren(QMessageBox) if w.objectName() == LOCKED_DIALOG]
        assert box.windowTitle() == "Read-only project"
        assert box.text().startswith("study.qcode: the project file is read-only")
        [readonly] = [b for b in box.findChildren(QPushButton) if b.text() == "Open read-only"]
        readonly.click()
        qtbot.waitUntil(lambda: window.workspace is not None)
        assert window.workspace.project.readonly
        window.close_project()

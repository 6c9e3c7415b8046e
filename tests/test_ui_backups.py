"""Backups in the app: every few minutes of editing, and problems said in the status bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from qcode import backups
from qcode.models import Document
from qcode.ops.documents import rename_document
from qcode.project import Project
from tests.ui_support import build_study, ui_settings, window  # noqa: F401


@pytest.fixture
def study(tmp_path: Path):
    return build_study(tmp_path / "study.qcode")


def _names(path: Path) -> set[str]:
    with Project.open(path, readonly=True) as project, project.reading() as s:
        return set(s.scalars(select(Document.name)))


def test_editing_past_the_interval_takes_a_backup(window, study, tmp_path,  # noqa: F811
                                                  monkeypatch, qtbot):
    monkeypatch.setenv(backups.DIR_ENV, str(tmp_path / "backups"))
    monkeypatch.setenv(backups.MINUTES_ENV, "0.002")  # 120 ms
    assert window.open_project(study.path)
    assert window.periodic_backups.task is not None  # the opening's, on a worker thread
    qtbot.waitUntil(lambda: len(backups.backups_of(study.path)) == 1)
    qtbot.wait(300)
    assert len(backups.backups_of(study.path)) == 1  # no edit, no backup

    window.workspace.run(rename_document, document_id=study.doc_ids[0], name="Amal (2nd)")
    qtbot.waitUntil(lambda: len(backups.backups_of(study.path)) == 2, timeout=5_000)
    newest = backups.backups_of(study.path)[0].path
    qtbot.waitUntil(lambda: window.periodic_backups.task is None, timeout=5_000)
    assert "Amal (2nd)" in _names(newest)


def test_an_unwritable_backup_folder_is_said_in_the_status_bar(window, study,  # noqa: F811
                                                                tmp_path, monkeypatch, qtbot):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backup folder's parent should be")
    monkeypatch.setenv(backups.DIR_ENV, str(blocker / "backups"))
    assert window.open_project(study.path)
    qtbot.waitUntil(lambda: "cannot keep backups in" in window.statusBar().currentMessage())
    assert window.workspace.run(rename_document, document_id=study.doc_ids[0], name="Amal 2")

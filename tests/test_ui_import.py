"""The import dialog: reading off the GUI thread, failures listed, cancel, one undo step."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qcode.errors import InputError
from qcode.importers import read_document
from qcode.models import Document, DocumentAttribute
from qcode.project import Project
from qcode.ui.import_dialog import ImportDialog
from qcode.ui.workspace import Workspace
from tests.ui_support import ui_settings, write_transcript  # noqa: F401


@pytest.fixture
def workspace(tmp_path: Path, qtbot, ui_settings):  # noqa: F811
    ws = Workspace(Project.create(tmp_path / "study.qcode"), coder_id=0)
    yield ws
    ws.close()


@pytest.fixture
def dialog(workspace, qtbot) -> ImportDialog:
    dlg = ImportDialog(workspace)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two good transcripts and a .docx that is not a zip at all."""
    folder = tmp_path / "transcripts"
    folder.mkdir()
    write_transcript(folder / "E01.docx", "Interviewer: How is trust?", "E01: Low, sadly.")
    write_transcript(folder / "E02.docx", "Interviewer: Funding?", "E02: Donors pay.")
    (folder / "E03.docx").write_bytes(b"this is not a Word file\x00\x01")
    return folder


def _names(ws: Workspace) -> list[str]:
    return ws.read(lambda s: list(s.scalars(select(Document.name).order_by(Document.name))))


def _run(dialog: ImportDialog, qtbot) -> None:
    dialog.start()
    assert dialog.running
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)


def test_good_files_import_and_the_bad_one_is_listed(dialog, workspace, folder, qtbot):
    dialog.add_paths([folder])
    with qtbot.waitSignal(dialog.imported, timeout=10_000) as blocker:
        dialog.start()
    summary = blocker.args[0]
    assert _names(workspace) == ["E01", "E02"]
    assert summary.imported == ("E01", "E02")
    [(name, reason)] = dialog.failure_rows()
    assert name == "E03.docx"
    with pytest.raises(InputError) as expected:  # what the importer says about that file
        read_document(folder / "E03.docx")
    assert reason == expected.value.reason
    assert dialog.failures.isVisible()
    assert dialog.status.text().startswith("Done: imported 2 documents")
    assert "1 failed" in dialog.status.text()


def test_attributes_table_is_applied_with_the_documents(dialog, workspace, folder, qtbot,
                                                        tmp_path):
    csv = tmp_path / "attributes.csv"
    csv.write_text("document,role,years\nE01,Official,18\nE02,Vendor,9\n", encoding="utf-8")
    dialog.add_paths([folder / "E01.docx", folder / "E02.docx"])
    dialog.set_attributes_csv(csv)
    _run(dialog, qtbot)
    values = workspace.read(lambda s: s.scalar(select(func.count()).select_from(
        DocumentAttribute)))
    assert values == 4
    assert dialog.failure_rows() == []
    assert not dialog.failures.isVisible()


def test_a_broken_attributes_table_imports_nothing(dialog, workspace, folder, qtbot, tmp_path):
    csv = tmp_path / "attributes.csv"
    csv.write_bytes(b"")
    dialog.add_paths([folder / "E01.docx"])
    dialog.set_attributes_csv(csv)
    _run(dialog, qtbot)
    assert _names(workspace) == []
    assert dialog.status.text().startswith("Nothing was imported: attributes.csv")
    assert workspace.undo_stack.count() == 0


def test_cancel_stops_reading_and_adds_nothing(dialog, workspace, folder, qtbot, tmp_path):
    many = tmp_path / "many"
    many.mkdir()
    # Enough full-length transcripts that reading them all takes seconds: the cancel lands
    # long before the end, however fast the machine.
    transcript = Path(__file__).resolve().parents[1] / "resources/demo/transcripts/E01.docx"
    for i in range(1000):
        shutil.copy(transcript, many / f"copy{i:04}.docx")
    dialog.add_paths([many])
    dialog.start()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=10_000)
    assert dialog.cancel_button.text() == "Cancel"
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert dialog.status.text() == "Import cancelled; nothing was added."
    assert _names(workspace) == []
    assert dialog.import_button.isEnabled()  # the choice is kept: the user can start again


def test_an_import_is_one_undo_step(dialog, workspace, folder, qtbot):
    dialog.add_paths([folder])
    _run(dialog, qtbot)
    changed = []
    workspace.changed.connect(changed.append)
    assert workspace.undo_stack.count() == 1
    workspace.undo_stack.undo()
    assert _names(workspace) == []
    assert changed[-1].documents  # panels were told which documents went
    workspace.undo_stack.redo()
    assert _names(workspace) == ["E01", "E02"]


def test_files_of_other_types_and_an_empty_folder_are_listed(dialog, workspace, folder, qtbot,
                                                             tmp_path):
    (folder / "slides.pptx").write_bytes(b"PK\x03\x04 slides")
    (folder / "~$E01.docx").write_bytes(b"\x05lock")
    (tmp_path / "empty").mkdir()
    dialog.add_paths([folder, tmp_path / "empty"])
    _run(dialog, qtbot)
    assert _names(workspace) == ["E01", "E02"]
    rows = dict(dialog.failure_rows())
    assert rows.keys() == {"E03.docx", "empty", "slides.pptx"}
    assert rows["slides.pptx"] == "unsupported file type '.pptx'; skipped"
    assert rows["empty"].startswith("no files qcode can import (supported: .docx, .txt")
    assert "2 failed" in dialog.status.text() and "1 skipped" in dialog.status.text()

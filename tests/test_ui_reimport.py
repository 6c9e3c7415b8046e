"""Re-importing a corrected transcript from the Documents panel: codings follow the text, one
undo restores it, and the codings that could not be placed are listed and can be deleted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog
from sqlalchemy import func, select

from qcode.models import Coding
from qcode.ui.documents.panel import DocumentsPanel
from qcode.ui.reimport.dialogs import ReimportSummaryDialog, UnplacedDialog
from tests.ui_support import write_transcript
from tests.viewer_support import code, format_at, has_background, open_viewer

OLD = ("Interviewer: How do citizens see the portal?\n"
       "Expert 07: Trust in the portal is low because of outages.\n"
       "Interviewer: And funding?\n"
       "Expert 07: Donors pay for training, not for servers.")
#: a corrected transcript: a line added at the top, the funding answer rewritten
NEW = ("Interviewer: Thank you for taking part.\n"
       "Interviewer: How do citizens see the portal?\n"
       "Expert 07: Trust in the portal is low because of outages.\n"
       "Interviewer: And funding?\n"
       "Expert 07: The ministry pays for everything now.")
ARABIC = "الخبير: الثقة في البوابة منخفضة بسبب الانقطاعات."


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _setup(qtbot, project, text: str = OLD):
    setup = open_viewer(qtbot, project, text)
    panel = DocumentsPanel(setup.workspace)
    qtbot.addWidget(panel)
    shown: list[QDialog] = []
    panel.actions.reimport.dialog_shown.connect(shown.append)
    return setup, panel, shown


def _reimport(qtbot, panel, doc_id: int, path: Path, shown: list) -> ReimportSummaryDialog:
    panel.actions.reimport.reimport_file(doc_id, path)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    summary = shown[-1]
    assert isinstance(summary, ReimportSummaryDialog)
    return summary


def _menu_texts(panel) -> list[str]:
    panel._select([panel.model.entry(0).id])
    return [a.text() for a in panel.actions.menu().actions() if a.isVisible() and a.text()]


def test_reimport_moves_codings_in_the_viewer_and_one_undo_restores(qtbot, project, tmp_path):
    setup, panel, shown = _setup(qtbot, project)
    trust = code(setup, "Trust", *_span(OLD, "Trust in the portal"))
    code(setup, "Funding", *_span(OLD, "Donors pay for training"))
    assert "Re-import corrected transcript…" in _menu_texts(panel)
    path = write_transcript(tmp_path / "Interview 1 corrected.docx", *NEW.split("\n"))

    summary = _reimport(qtbot, panel, setup.doc_id, path, shown)

    editor = setup.viewer.editor
    assert editor.toPlainText() == NEW
    new_start, new_end = _span(NEW, "Trust in the portal")
    assert has_background(format_at(setup, new_start + 2))
    assert [cid for _rect, cid in setup.viewer.stripes.bars()] == [trust]  # not the unplaced
    text = summary.label.text()
    assert "1 moved" in text and "0 kept in place" in text and "1 unplaced" in text
    row = summary.tree.topLevelItem(0)
    assert [row.text(i) for i in range(3)] == ["Funding", "Amal", "Donors pay for training"]

    setup.workspace.undo_stack.undo()
    assert editor.toPlainText() == OLD
    assert has_background(format_at(setup, _span(OLD, "Donors pay")[0] + 2))
    assert has_background(format_at(setup, _span(OLD, "Trust in")[0] + 2))
    assert not has_background(format_at(setup, _span(OLD, "Interviewer: And")[0] + 2))
    assert "Unplaced codings…" not in _menu_texts(panel)


def test_unplaced_codings_are_listed_and_deleted_in_one_undo_step(qtbot, project, tmp_path):
    setup, panel, shown = _setup(qtbot, project)
    code(setup, "Trust", *_span(OLD, "Trust in the portal"))
    funding = code(setup, "Funding", *_span(OLD, "Donors pay for training"))
    path = tmp_path / "corrected.txt"
    path.write_text(NEW, encoding="utf-8")
    _menu_texts(panel)  # selects the document
    panel.actions.reimport.reimport.trigger()  # as from the menu: a file dialog opens
    chooser = panel.view.findChild(QFileDialog)
    chooser.selectFile(str(path))
    chooser.accept()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    summary = shown[-1]
    assert "Unplaced codings…" in _menu_texts(panel)

    summary.unplaced_button.click()
    dialog = shown[-1]
    assert isinstance(dialog, UnplacedDialog)
    assert dialog.tree.topLevelItemCount() == 1
    dialog.tree.topLevelItem(0).setSelected(True)
    dialog.delete_button.click()

    assert dialog.tree.topLevelItemCount() == 0
    with project.reading() as s:
        assert s.scalar(select(func.count()).where(Coding.id == funding)) == 0
    assert "Unplaced codings…" not in _menu_texts(panel)
    setup.workspace.undo_stack.undo()  # the deletion only: the new text stays
    assert dialog.tree.topLevelItemCount() == 1
    assert setup.viewer.editor.toPlainText() == NEW


def test_same_text_changes_nothing_and_an_unreadable_file_is_one_line(qtbot, project, tmp_path):
    setup, panel, shown = _setup(qtbot, project)
    same = tmp_path / "same.txt"
    same.write_text(OLD, encoding="utf-8")
    summary = _reimport(qtbot, panel, setup.doc_id, same, shown)
    assert "nothing changed" in summary.label.text()
    assert setup.workspace.undo_stack.count() == 0
    errors: list[str] = []
    setup.workspace.error.connect(errors.append)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    panel.actions.reimport.reimport_file(setup.doc_id, broken)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert "broken.docx" in errors[0] and "\n" not in errors[0]
    assert setup.viewer.editor.toPlainText() == OLD


def test_render_summary_and_unplaced_dialog_with_arabic(qtbot, project, tmp_path):
    old = OLD + "\n" + ARABIC
    setup, panel, shown = _setup(qtbot, project, old)
    code(setup, "Trust", *_span(old, "الثقة في البوابة"))
    code(setup, "Funding", *_span(old, "Donors pay for training"))
    path = tmp_path / "corrected.txt"
    path.write_text(NEW + "\nالخبير: لا تعليق.", encoding="utf-8")
    summary = _reimport(qtbot, panel, setup.doc_id, path, shown)
    codes = sorted(summary.tree.topLevelItem(i).text(0) for i in range(2))
    assert codes == ["Funding", "Trust"]
    assert summary.tree.topLevelItem(1).text(2) == "الثقة في البوابة"
    right, left = Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft
    assert summary.tree.topLevelItem(1).textAlignment(2) & right  # Arabic reads from the right
    assert summary.tree.topLevelItem(0).textAlignment(2) & right == 0
    assert summary.tree.topLevelItem(0).textAlignment(2) & left
    summary.show()
    summary.grab().save(str(tmp_path / "reimport_summary.png"))
    dialog = panel.actions.reimport.show_unplaced(setup.doc_id)
    dialog.grab().save(str(tmp_path / "unplaced_dialog.png"))
    assert dialog.tree.topLevelItemCount() == 2

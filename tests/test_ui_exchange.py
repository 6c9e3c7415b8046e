"""REFI-QDA in the app: the File menu's entries, import and export on a worker thread with
progress and Cancel, the summary of what arrived and what was skipped, panels refreshed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from sqlalchemy import func, select

from qcode.exchange.export_qdpx import export_qdpx
from qcode.exchange.qdc import export_qdc
from qcode.exchange.records import Skipped
from qcode.exchange.report import CODEBOOK, ExportReport, ImportReport
from qcode.models import Document
from qcode.project import Project
from qcode.ui.errors import open_error_dialogs
from qcode.ui.exchange.menu import ExchangeActions
from qcode.ui.exchange.summary import NOTHING_SKIPPED, SKIPPED, SummaryDialog
from qcode.ui.main_window import MainWindow
from tests.refi_files import hand_made_qdpx
from tests.ui_support import DOCS, build_study, ui_settings, window  # noqa: F401

WAIT = 20_000


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return build_study(tmp_path / "study.qcode").path


@pytest.fixture
def study_qdpx(study: Path, tmp_path: Path) -> Path:
    """The small study as a .qdpx, written by the exporter itself."""
    out = tmp_path / "study.qdpx"
    with Project.open(study, readonly=True) as project, project.reading() as s:
        export_qdpx(s, out)
    return out


def _exchange(win: MainWindow) -> ExchangeActions:
    assert win.menu_actions.exchange is not None
    return win.menu_actions.exchange


def _settle(win: MainWindow, qtbot) -> None:
    """Wait for the work in progress to end (summary shown, error or cancel said)."""
    qtbot.waitUntil(lambda: not _exchange(win).busy(), timeout=WAIT)


def _document_count(path: Path) -> int:
    with Project.open(path, readonly=True) as project, project.reading() as s:
        return s.scalar(select(func.count(Document.id)))


def _file_menu_texts(win: MainWindow) -> list[str]:
    menu = win.menuBar().actions()[0].menu()
    return [a.text().replace("&", "") for a in menu.actions()]


def test_file_menu_offers_refi_qda_as_the_project_allows(window, study, tmp_path):  # noqa: F811
    texts = _file_menu_texts(window)
    at = texts.index("Import documents…")
    assert texts[at + 1:at + 5] == ["Import survey…", "Import REFI-QDA project…",
                                    "Import REFI-QDA codebook…", "Export"]
    actions = _exchange(window)
    assert [a.text().replace("&", "") for a in actions.export_menu.actions()] == [
        "REFI-QDA project…", "REFI-QDA codebook…"]
    assert actions.import_project_action.isEnabled()  # with no project: into a new one
    assert not actions.import_codebook_action.isEnabled()
    assert not actions.export_project_action.isEnabled()
    window.open_project(study, readonly=True)
    assert actions.export_project_action.isEnabled() and actions.export_codebook_action.isEnabled()
    assert not actions.import_codebook_action.isEnabled()  # read-only: nothing comes in
    window.close_project()
    window.open_project(study)
    assert actions.import_codebook_action.isEnabled()


def test_export_then_import_into_an_empty_project(window, qtbot, study, tmp_path):  # noqa: F811
    window.open_project(study)
    out = tmp_path / "round trip.qdpx"
    assert _exchange(window).export_project(out) is not None
    _settle(window, qtbot)
    summary = _exchange(window).summary
    assert summary is not None and out.is_file()
    assert summary.sections()["Written"][:2] == [("3 documents", ""), ("1 code", "")]
    summary.close()

    assert window.new_project_at(tmp_path / "empty.qcode")
    _exchange(window).import_project(out)
    _settle(window, qtbot)
    shown = _exchange(window).summary
    assert shown is not None
    assert shown.sections()["Arrived"][:3] == [("3 documents", ""), ("1 code", ""),
                                               ("3 codings", "")]
    assert shown.sections()[SKIPPED] == [(NOTHING_SKIPPED, "")]
    assert window.workspace.project.path.name == "empty.qcode"  # the open project took it
    assert sorted(window.panels.documents.visible_document_names()) == sorted(
        d[0] for d in DOCS)  # the panels refreshed from the import's changes
    assert [n.path for n in window.panels.codebook.model.nodes()] == ["Trust"]
    assert "imported 3 documents" in window.statusBar().currentMessage()


def test_a_project_with_documents_sends_the_import_to_a_new_file(
        window, qtbot, study, tmp_path):  # noqa: F811
    source = hand_made_qdpx(tmp_path / "مشروع.qdpx")
    window.open_project(study)
    new = tmp_path / "from other tool.qcode"
    _exchange(window).import_project(source, new_project=new)
    _settle(window, qtbot)
    assert window.workspace.project.path == new
    assert window.panels.documents.visible_document_names() == ["مقابلة طرابلس"]
    sections = _exchange(window).summary.sections()
    assert sections["Skipped (2)"][0][1] and sections["Skipped (2)"][1][1]  # each with a why
    assert {"map.png", "Experts"} <= {w for what, _ in sections["Skipped (2)"]
                                      for w in ("map.png", "Experts") if w in what}
    assert [name for name, _ in sections["Positions, as read per source (1)"]] == [
        "مقابلة طرابلس"]
    window.close_project()
    assert _document_count(new) == 1 and _document_count(study) == len(DOCS)


def test_a_damaged_file_is_one_message_and_the_project_stays_empty(
        window, qtbot, tmp_path):  # noqa: F811
    bad = tmp_path / "broken.qdpx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    assert window.new_project_at(tmp_path / "empty.qcode")
    _exchange(window).import_project(bad)
    _settle(window, qtbot)
    errors = open_error_dialogs(window)
    assert len(errors) == 1 and "broken.qdpx" in errors[0].text()
    assert "\n" not in errors[0].text() and "Traceback" not in errors[0].text()
    assert _exchange(window).summary is None
    assert window.panels.documents.visible_document_names() == []


def test_cancel_leaves_the_project_as_it_was(window, qtbot, study_qdpx, tmp_path):  # noqa: F811
    assert window.new_project_at(tmp_path / "empty.qcode")
    run = _exchange(window).import_project(study_qdpx)
    assert run is not None and run.running
    run.cancel()
    _settle(window, qtbot)
    assert window.statusBar().currentMessage() == "Cancelled; nothing was changed."
    assert _exchange(window).summary is None
    assert window.panels.documents.visible_document_names() == []
    window.close_project()
    assert _document_count(tmp_path / "empty.qcode") == 0


def test_codebook_import_adds_codes_to_the_open_project(window, qtbot, study,  # noqa: F811
                                                        tmp_path):
    book = tmp_path / "codebook.qdc"
    with Project.open(study, readonly=True) as project, project.reading() as s:
        export_qdc(s, book)
    assert window.new_project_at(tmp_path / "other.qcode")
    _exchange(window).import_codebook(book)
    _settle(window, qtbot)
    assert [n.path for n in window.panels.codebook.model.nodes()] == ["Trust"]
    first = _exchange(window).summary
    assert first.sections()["Codes"] == [("0 codes matched (by GUID or path)", ""),
                                         ("1 code added", "")]
    first.close()
    _exchange(window).import_codebook(book)  # again: every code is found, none added
    _settle(window, qtbot)
    again = _exchange(window).summary
    assert again.headline.text() == "codebook.qdc: 1 code matched (by GUID or path), 0 added"
    assert again.sections()["Codes"] == [("1 code matched (by GUID or path)", ""),
                                         ("0 codes added", "")]
    assert "Arrived" not in again.sections()  # no documents, codings or coders to speak of


def test_closing_the_project_stops_the_import_first(window, qtbot, study_qdpx,  # noqa: F811
                                                    tmp_path):
    assert window.new_project_at(tmp_path / "empty.qcode")
    run = _exchange(window).import_project(study_qdpx)
    assert run is not None and run.running
    window.close_project()
    assert not _exchange(window).busy() and window.start_page.isVisible()
    assert open_error_dialogs(window) == [] and _exchange(window).summary is None
    assert _document_count(tmp_path / "empty.qcode") == 0  # nothing half-imported


def test_a_long_summary_folds_its_long_lists_but_never_what_was_skipped(qtbot):
    report = ImportReport(
        file="big.qdpx", documents=2000, codings=999_999,
        assumptions=tuple((f"E{i:04}", "Unicode code points") for i in range(2000)),
        skipped=tuple(Skipped(f"coding {i} in 'مقابلة'", "the same code on the same passage "
                              "by the same coder again") for i in range(60)))
    dialog = SummaryDialog(report, "REFI-QDA import")
    qtbot.addWidget(dialog)
    sections = {dialog.tree.topLevelItem(i).text(0): dialog.tree.topLevelItem(i)
                for i in range(dialog.tree.topLevelItemCount())}
    assert sections["Arrived"].isExpanded()
    assert not sections["Positions, as read per source (2000)"].isExpanded()
    assert sections["Skipped (60)"].isExpanded()
    assert sections["Skipped (60)"].childCount() == 60
    assert dialog.sections()["Arrived"][:3] == [("2,000 documents", ""), ("0 codes", ""),
                                                ("999,999 codings", "")]


def _drop(win: MainWindow, path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    win.dropEvent(event)


def test_a_qdpx_dropped_on_an_empty_project_is_imported(
        window, qtbot, study_qdpx, tmp_path):  # noqa: F811
    assert window.new_project_at(tmp_path / "empty.qcode")
    _drop(window, study_qdpx)
    qtbot.waitUntil(lambda: _exchange(window).summary is not None, timeout=WAIT)
    _settle(window, qtbot)
    assert sorted(window.panels.documents.visible_document_names()) == sorted(
        d[0] for d in DOCS)


def test_a_qdc_dropped_on_a_project_adds_its_codes(window, qtbot, tmp_path):  # noqa: F811
    other = build_study(tmp_path / "other.qcode").path
    codebook = tmp_path / "codebook.qdc"
    with Project.open(other, readonly=True) as project, project.reading() as s:
        export_qdc(s, codebook)
    assert window.new_project_at(tmp_path / "empty.qcode")
    _drop(window, codebook)
    qtbot.waitUntil(lambda: _exchange(window).summary is not None, timeout=WAIT)
    _settle(window, qtbot)
    assert [n.path for n in window.panels.codebook.model.nodes()] == ["Trust"]
    assert window.panels.documents.visible_document_names() == []


def _header(dialog: SummaryDialog) -> list[str]:
    tree = dialog.tree
    return [] if tree.isHeaderHidden() else [tree.headerItem().text(i)
                                             for i in range(tree.columnCount())]


def test_each_summary_names_only_the_columns_it_fills(qtbot):
    export = SummaryDialog(ExportReport(file="study.qdpx", documents=3, codes=1), "export")
    book = SummaryDialog(ImportReport(file="book.qdc", kind=CODEBOOK, codes_matched=2),
                         "codebook")
    whole = SummaryDialog(ImportReport(file="study.qdpx", documents=3), "project")
    for dialog in (export, book, whole):
        qtbot.addWidget(dialog)
    assert _header(export) == [] and export.tree.columnCount() == 1
    assert "read" not in " ".join(_header(book)).lower()  # a codebook has no positions
    assert _header(whole) == ["What", "Why, or how it was read"]


def test_a_long_difference_can_be_read_whole_in_its_row(qtbot):
    long_text = ("code 'International partnerships/Bilateral and regional cooperation': the "
                 "file's description 'Relations with foreign governments, donors and "
                 "international bodies' differs from the project's 'Relations'; kept")
    report = ImportReport(file="book.qdc", kind=CODEBOOK, differences=(long_text, "short"),
                          skipped=(Skipped("code 'x'", long_text),))
    dialog = SummaryDialog(report, "codebook")
    qtbot.addWidget(dialog)
    dialog.resize(520, 400)
    dialog.show()
    qtbot.waitExposed(dialog)
    tree = dialog.tree
    line = tree.fontMetrics().height()
    for title, column in (("Differences not applied (2)", 0), ("Skipped (1)", 1)):
        section = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                       if tree.topLevelItem(i).text(0) == title)
        row = section.child(0)
        shown = tree.visualRect(tree.indexFromItem(row, column))
        needed = tree.fontMetrics().boundingRect(
            QRect(0, 0, shown.width() - 8, 10_000), Qt.TextFlag.TextWordWrap, long_text)
        assert shown.height() >= needed.height() > 2 * line  # wrapped, every line shown
    short = tree.topLevelItem(1).child(1)
    assert tree.visualItemRect(short).height() < 2 * line

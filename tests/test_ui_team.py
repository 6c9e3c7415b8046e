"""Team work in the app: File → Merge project… (worker thread, summary, one undo step) and
Analysis → Coder agreement… (the table measure_agreement gives, shaded; Export…)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from qcode.models import Coding, Document
from qcode.project import Project
from qcode.team.agreement import measure_agreement
from qcode.team.options import AgreementOptions
from qcode.ui.errors import open_error_dialogs
from qcode.ui.main_window import MainWindow
from qcode.ui.team.agreement_form import set_checked
from qcode.ui.team.menu import TeamActions
from tests.factories import add_code, add_coder, add_doc
from tests.ui_support import DOCS, build_study, ui_settings, window  # noqa: F401

WAIT = 20_000
ARABIC_CODE = "الثقة في المؤسسات الحكومية والخدمات الرقمية"
#: (document index, start, end) coded "Trust" by Omar: one agrees with the study's coder
OMAR_CODINGS = ((0, 11, 16), (1, 20, 30))


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return build_study(tmp_path / "study.qcode").path


@pytest.fixture
def omar_copy(study: Path, tmp_path: Path) -> Path:
    """Omar's copy of the study: one new document, and codings of his own."""
    copy = tmp_path / "omar.qcode"
    shutil.copy(study, copy)
    with Project.open(copy) as project, project.transaction() as s:
        doc_ids = list(s.scalars(select(Document.id).order_by(Document.id)))
        doc_ids.append(add_doc(s, "Dalia interview", "Q: Data?\nA: Records are on paper."))
        code_id = s.scalar(select(Coding.code_id).limit(1))
        omar = add_coder(s, "omar")
        s.add_all(Coding(document_id=doc_ids[i], code_id=code_id, coder_id=omar, start=a, end=b)
                  for i, a, b in OMAR_CODINGS)
        s.add(Coding(document_id=doc_ids[3], code_id=code_id, coder_id=omar, start=13, end=20))
    return copy


@pytest.fixture
def two_coders(tmp_path: Path) -> Path:
    """The study coded by Demo coder and Omar, and a second (Arabic) code only Omar used."""
    path = build_study(tmp_path / "two.qcode").path
    with Project.open(path) as project, project.transaction() as s:
        doc_ids = list(s.scalars(select(Document.id).order_by(Document.id)))
        trust = s.scalar(select(Coding.code_id).limit(1))
        arabic = add_code(s, ARABIC_CODE)
        omar = add_coder(s, "Omar")
        s.add_all(Coding(document_id=doc_ids[i], code_id=trust, coder_id=omar, start=a, end=b)
                  for i, a, b in OMAR_CODINGS)
        s.add(Coding(document_id=doc_ids[2], code_id=arabic, coder_id=omar, start=12, end=30))
    return path


def _team(win: MainWindow) -> TeamActions:
    assert win.menu_actions.team is not None
    return win.menu_actions.team


def _counts(path: Path) -> tuple[int, int]:
    with Project.open(path, readonly=True) as project, project.reading() as s:
        return (s.scalar(select(func.count(Document.id))),
                s.scalar(select(func.count(Coding.id))))


def _menu_texts(win: MainWindow, title: str) -> list[str]:
    menu = next(a.menu() for a in win.menuBar().actions() if a.text() == title)
    return [a.text().replace("&", "") for a in menu.actions()]


def test_the_menus_offer_merge_and_agreement_as_the_project_allows(window, study):  # noqa: F811
    assert "Merge project…" in _menu_texts(window, "&File")
    assert "Coder agreement…" in _menu_texts(window, "&Analysis")
    team = _team(window)
    assert not team.merge_action.isEnabled() and not team.agreement_action.isEnabled()
    window.open_project(study, readonly=True)
    assert not team.merge_action.isEnabled()  # read-only: nothing comes in
    assert team.agreement_action.isEnabled()  # agreement only reads
    window.close_project()
    window.open_project(study)
    assert team.merge_action.isEnabled()


def test_a_merge_arrives_and_one_undo_takes_it_back(window, qtbot, study,  # noqa: F811
                                                    omar_copy):
    window.open_project(study)
    dialog = _team(window).choose_merge()
    dialog.add_sources([omar_copy])
    dialog.aliases.setPlainText("omar=Omar\n")
    dialog.accept()
    assert _team(window).run is not None
    qtbot.waitUntil(lambda: _team(window).summary is not None, timeout=WAIT)
    summary = _team(window).summary
    assert summary.shown_counts()["Documents"] == (1, 3, 0)
    assert summary.shown_counts()["Codings"] == (3, 3, 0)
    assert "new coders: Omar" in summary.details.toPlainText()
    assert "Dalia interview" in window.panels.documents.visible_document_names()
    summary.close()
    stack = window.workspace.undo_stack
    assert stack.count() == 1
    stack.undo()
    assert sorted(window.panels.documents.visible_document_names()) == sorted(
        d[0] for d in DOCS)
    window.close_project()
    assert _counts(study) == (len(DOCS), 3)


def test_a_merge_dialog_refuses_an_empty_or_unknown_choice(window, qtbot, study,  # noqa: F811
                                                           tmp_path):
    window.open_project(study)
    dialog = _team(window).choose_merge()
    dialog.accept()
    assert dialog.isVisible() and dialog.problem.text() == (
        "choose at least one project file to merge")
    dialog.add_sources([tmp_path / "ghost.qcode"])
    dialog.accept()
    assert dialog.problem.text() == "ghost.qcode: no such file"
    dialog.files.clear()
    dialog.add_sources([study])
    dialog.aliases.setPlainText("omar")
    dialog.accept()
    assert dialog.isVisible() and "OLD=NEW" in dialog.problem.text()
    dialog.reject()
    assert _team(window).run is None


def test_a_file_that_is_no_project_is_one_message_and_nothing_changes(
        window, qtbot, study, tmp_path):  # noqa: F811
    bad = tmp_path / "notes.qcode"
    bad.write_text("not a project", encoding="utf-8")
    window.open_project(study)
    _team(window).merge([bad])
    qtbot.waitUntil(lambda: not _team(window).busy(), timeout=WAIT)
    errors = open_error_dialogs(window)
    assert len(errors) == 1 and "notes.qcode" in errors[0].text()
    assert "\n" not in errors[0].text() and "Traceback" not in errors[0].text()
    assert _team(window).summary is None and window.workspace.undo_stack.count() == 0
    window.close_project()
    assert _counts(study) == (len(DOCS), 3)


def _shown(dialog) -> list[list[str]]:
    model = dialog.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _compute(dialog, qtbot) -> None:
    assert dialog.compute() is not None
    qtbot.waitUntil(lambda: dialog.run is None, timeout=WAIT)


def test_the_agreement_table_shows_what_measure_agreement_gives(
        window, qtbot, two_coders):  # noqa: F811
    window.open_project(two_coders, readonly=True)
    dialog = _team(window).show_agreement()
    set_checked(dialog.form.coders, ["Demo coder", "Omar"])
    _compute(dialog, qtbot)
    with Project.open(two_coders, readonly=True) as project, project.reading() as s:
        expected = measure_agreement(s, AgreementOptions(coders=("Demo coder", "Omar")))
    rows = _shown(dialog)
    assert [r[0] for r in rows] == [row.code or "All codes" for row in expected.pooled()]
    for shown, row in zip(rows, expected.pooled(), strict=True):
        assert shown[1:4] == [f"{row.percent:.2f}", f"{row.kappa:.4f}", f"{row.alpha:.4f}"]
        assert shown[4:] == [f"{n:,}" for n in (row.units, row.both, row.a_only, row.b_only,
                                                row.neither)]
    arabic = next(r for r, row in enumerate(expected.pooled()) if row.code == ARABIC_CODE)
    kappa = dialog.model.index(arabic, 2)
    assert expected.pooled()[arabic].kappa <= 0
    assert kappa.data(Qt.ItemDataRole.BackgroundRole) is None  # no agreement: unshaded
    percent = dialog.model.index(arabic, 1)
    assert percent.data(Qt.ItemDataRole.BackgroundRole) is not None  # high percent: shaded


def test_agreement_refuses_fewer_than_two_coders(window, qtbot, two_coders):  # noqa: F811
    window.open_project(two_coders, readonly=True)
    dialog = _team(window).show_agreement()
    set_checked(dialog.form.coders, ["Omar"])
    assert dialog.compute() is None
    assert dialog.status.text() == "choose two coders or more to compare"
    assert dialog.model.rowCount() == 0 and not dialog.export_button.isEnabled()


def test_segment_agreement_and_its_export(window, qtbot, two_coders, tmp_path):  # noqa: F811
    window.open_project(two_coders, readonly=True)
    dialog = _team(window).show_agreement()
    set_checked(dialog.form.coders, ["Demo coder", "Omar"])
    dialog.form.set_unit("segment")
    _compute(dialog, qtbot)
    header = [dialog.model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(dialog.model.columnCount())]
    assert header == ["Code", "Percent", "Kappa", "Alpha", "Agree", "Demo coder only",
                      "Omar only"]
    assert _shown(dialog)[-1][0] == "All codes"
    out = tmp_path / "agreement.csv"
    dialog.export(out)
    qtbot.waitUntil(lambda: not dialog.exporter.busy, timeout=WAIT)
    assert out.is_file() and Path(f"{out}.manifest.json").is_file()
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("code,document,agree")


def test_closing_the_project_closes_its_agreement_dialog(window, qtbot, two_coders):  # noqa: F811
    window.open_project(two_coders, readonly=True)
    dialog = _team(window).show_agreement()
    assert dialog.isVisible() and _team(window).show_agreement() is dialog  # one at a time
    window.close_project()
    assert _team(window).agreement is None and not dialog.isVisible()

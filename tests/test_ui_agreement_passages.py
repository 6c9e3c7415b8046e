"""Analysis → Coder agreement…: a click on a row lists the passages one side coded and the other
did not, under the table; a double-click shows one selected in the main window's viewer. The
form also compares two groups of coders and chosen documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from qcode.models import Coding, Document
from qcode.project import Project
from qcode.team.agreement import measure_agreement
from qcode.team.options import AgreementOptions
from qcode.ui.main_window import MainWindow
from qcode.ui.team.agreement_dialog import TWO_SIDES_ONLY, AgreementDialog
from qcode.ui.team.agreement_form import set_checked
from qcode.ui.team.agreement_passages import DOCUMENT, SIDE, TEXT
from tests.bidi_support import visible
from tests.factories import add_code, add_coder
from tests.ui_support import DOCS, build_study, ui_settings, window  # noqa: F401

WAIT = 20_000
#: (document index, start, end) coded "Trust" by Omar: [11, 16) agrees with Demo coder; the
#: Arabic [15, 26) of Chadi's answer overlaps Demo coder's [15, 18)
OMAR = ((0, 11, 16), (1, 20, 30), (2, 15, 26))
#: by Sara, who joins Omar's group
SARA = ((0, 20, 28),)


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    """The small study (Demo coder on Trust) coded by Omar and Sara too."""
    path = build_study(tmp_path / "team.qcode").path
    with Project.open(path) as project, project.transaction() as s:
        doc_ids = list(s.scalars(select(Document.id).order_by(Document.id)))
        trust = s.scalar(select(Coding.code_id).limit(1))
        for name, spans in (("Omar", OMAR), ("Sara", SARA)):
            coder = add_coder(s, name)
            s.add_all(Coding(document_id=doc_ids[i], code_id=trust, coder_id=coder, start=a,
                             end=b) for i, a, b in spans)
    return path


def _dialog(win: MainWindow, path: Path) -> AgreementDialog:
    win.open_project(path, readonly=True)
    assert win.menu_actions.team is not None
    dialog = win.menu_actions.team.show_agreement()
    assert dialog is not None
    return dialog


def _compute(dialog: AgreementDialog, qtbot) -> None:  # noqa: ANN001
    assert dialog.compute() is not None
    qtbot.waitUntil(lambda: dialog.run is None and dialog.table is not None, timeout=WAIT)


def _click_row(dialog: AgreementDialog, qtbot, code: str | None) -> None:  # noqa: ANN001
    """Click the row of ``code`` (None: all codes) and wait for its passages."""
    row = [r.code for r in dialog.model.rows].index(code)
    view = dialog.view
    point = view.visualRect(dialog.model.index(row, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: dialog.listing is None, timeout=WAIT)


def _shown(dialog: AgreementDialog, column: int) -> list[str]:
    model = dialog.passages.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _texts(path: Path) -> dict[str, str]:
    with Project.open(path, readonly=True) as project, project.reading() as s:
        return dict(s.execute(select(Document.name, Document.text)).all())


def test_clicking_a_row_lists_the_passages_behind_its_only_counts(window, qtbot,  # noqa: F811
                                                                  coded, qtmodeltester):
    dialog = _dialog(window, coded)
    set_checked(dialog.form.coders, ["Demo coder", "Omar"])
    _compute(dialog, qtbot)
    _click_row(dialog, qtbot, "Trust")
    passages = dialog.passages.model.passages
    texts = _texts(coded)
    assert [p.text for p in passages] == [texts[p.document][p.start:p.end] for p in passages]
    with Project.open(coded, readonly=True) as project, project.reading() as s:
        row = measure_agreement(s, AgreementOptions(coders=("Demo coder", "Omar"))).pooled()[0]
    assert sum(p.end - p.start for p in passages if p.side == 0) == row.a_only
    assert sum(p.end - p.start for p in passages if p.side == 1) == row.b_only
    assert _shown(dialog, SIDE) == ["Demo coder only", "Omar only", "Omar only"]
    assert _shown(dialog, DOCUMENT) == [DOCS[0][0], DOCS[1][0], DOCS[2][0]]
    assert visible(dialog.passages.heading.text()) == (
        "Trust: 3 passages coded by one side only (Demo coder only 1, 8 characters; "
        "Omar only 2, 18 characters).")
    arabic = dialog.passages.model.index(2, TEXT)
    assert arabic.data() == "المواطن" and arabic.data(Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight)
    qtmodeltester.check(dialog.passages.model)


def test_double_clicking_a_passage_selects_it_in_the_viewer(window, qtbot, coded):  # noqa: F811
    dialog = _dialog(window, coded)
    set_checked(dialog.form.coders, ["Demo coder", "Omar"])
    _compute(dialog, qtbot)
    _click_row(dialog, qtbot, None)
    view = dialog.passages.view
    second = view.visualRect(dialog.passages.model.index(1, TEXT)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=second)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=second)
    passage = dialog.passages.model.passages[1]
    editor = window.panels.viewer.editor
    qtbot.waitUntil(lambda: editor.textCursor().selectedText() == passage.text, timeout=WAIT)
    assert window.workspace.document_id == passage.document_id
    assert window.workspace.text_selection.text == passage.text == DOCS[1][1][20:30]


def test_two_groups_and_chosen_documents_are_what_is_compared(window, qtbot,  # noqa: F811
                                                              coded):
    dialog = _dialog(window, coded)
    dialog.form.set_groups(["Demo coder"], ["Omar", "Sara"])
    set_checked(dialog.form.documents, [DOCS[0][0]])
    _compute(dialog, qtbot)
    options = dialog.table.options
    assert (options.group_a, options.group_b, options.documents) == (
        ("Demo coder",), ("Omar", "Sara"), (DOCS[0][0],))
    assert dialog.model.rows[0].units == len(DOCS[0][1])
    _click_row(dialog, qtbot, "Trust")
    assert _shown(dialog, SIDE) == []  # Sara codes what Omar left: the groups agree
    assert visible(dialog.passages.heading.text()) == (
        "Trust: the two sides agree (nothing is coded by one side only).")
    dialog.form.set_groups([], ["Omar"])
    assert dialog.compute() is None
    assert dialog.status.text() == "choose at least one coder for group A and one for group B"


def test_segments_name_the_coder_of_each_unmatched_coding(window, qtbot, coded):  # noqa: F811
    dialog = _dialog(window, coded)
    dialog.form.set_groups(["Demo coder"], ["Omar", "Sara"])
    dialog.form.set_unit("segment")
    _compute(dialog, qtbot)
    _click_row(dialog, qtbot, "Trust")
    assert _shown(dialog, SIDE) == ["Omar+Sara only: Omar", "Demo coder only",
                                    "Omar+Sara only: Omar"]
    assert visible(dialog.passages.heading.text()) == (
        "Trust: 3 codings without a match on the other side (Demo coder only 1; Omar+Sara "
        "only 2).")
    row = dialog.model.rows[0]
    assert (row.a_only, row.b_only) == (1, 2)


def test_three_coders_list_no_passages_and_say_why(window, qtbot, coded):  # noqa: F811
    dialog = _dialog(window, coded)
    set_checked(dialog.form.coders, ["Demo coder", "Omar", "Sara"])
    _compute(dialog, qtbot)
    _click_row(dialog, qtbot, "Trust")
    assert visible(dialog.passages.heading.text()) == TWO_SIDES_ONLY
    assert dialog.passages.model.rowCount() == 0


def test_a_passage_of_white_space_alone_says_so(qtbot):
    from qcode.team.disagreements import Disagreements, Passage
    from qcode.ui.team.agreement_passages import BLANK, AgreementPassages

    pane = AgreementPassages()
    qtbot.addWidget(pane)
    found = Disagreements("character", ("Amal", "Omar"), (
        Passage("Trust", 1, "E01", 5, 7, "\n ", 1, "character"),))
    pane.show_found("Trust", found)
    assert pane.model.index(0, TEXT).data() == BLANK
    assert pane.model.index(0, SIDE).data() == "Omar only"


def test_closing_the_project_while_passages_are_read_leaves_no_reader(window, qtbot,  # noqa: F811
                                                                      coded):
    dialog = _dialog(window, coded)
    set_checked(dialog.form.coders, ["Demo coder", "Omar"])
    _compute(dialog, qtbot)
    task = dialog.list_row(0)
    assert task is not None and dialog.listing is task
    window.close_project()
    assert task.isFinished() and not dialog.isVisible()


def test_a_code_nobody_used_is_not_called_agreed(window, qtbot, coded):  # noqa: F811
    with Project.open(coded) as project, project.transaction() as s:
        add_code(s, "Unused")
    dialog = _dialog(window, coded)
    set_checked(dialog.form.coders, ["Demo coder", "Omar"])
    _compute(dialog, qtbot)
    _click_row(dialog, qtbot, "Unused")
    assert visible(dialog.passages.heading.text()) == "Unused: neither side coded it."

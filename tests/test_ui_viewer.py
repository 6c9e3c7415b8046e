"""The document viewer: highlights, stripes, directions, selection offsets, menu, recoding."""

from __future__ import annotations

import json

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from qcode.covered import covered_sql
from qcode.models import Coding
from qcode.ops.codebook_fields import recolour_code
from qcode.ops.codings import set_coding_memo
from qcode.ops.documents import remove_documents
from qcode.ui.viewer.context_menu import coding_menu
from qcode.ui.viewer.text_edit import NO_DOCUMENT, NO_TEXT, SELECTION_MIME
from tests.viewer_support import BLUE, RED, code, format_at, has_background, open_viewer, point_of

TEXT = ("Interviewer: How do citizens see the portal?\n"
        "Expert 07: Trust in the portal is low because of outages.\n"
        "Interviewer: And funding?\n"
        "Expert 07: Donors pay for training, not for servers.")


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _strength(background: QColor, colour: QColor, base: QColor) -> float:
    """How far ``background`` lies from ``base`` towards ``colour``; fails unless it lies on
    that line (the same fraction on every channel)."""
    fractions = [(b - p) / (c - p) for b, c, p in zip(background.getRgb()[:3], colour.getRgb()[:3],
                                                       base.getRgb()[:3], strict=True)
                 if abs(c - p) > 40]
    assert fractions and max(fractions) - min(fractions) < 0.03, (background.name(), fractions)
    return sum(fractions) / len(fractions)


def _mean(*colours: str) -> QColor:
    parsed = [QColor(c) for c in colours]
    return QColor(*(round(sum(c.getRgb()[i] for c in parsed) / len(parsed)) for i in range(3)))


def test_codings_are_tinted_in_their_code_colour(qtbot, project):
    setup = open_viewer(qtbot, project, TEXT)
    trust = _span(TEXT, "Trust in the portal")
    funding = _span(TEXT, "Donors pay")
    code(setup, "Trust", *trust)
    code(setup, "Funding", *funding)
    setup.viewer.reload(setup.doc_id)  # the build path, not only the restyle path
    base = setup.viewer.editor.palette().color(QPalette.ColorRole.Base)

    red = format_at(setup, trust[0] + 3).background().color()
    blue = format_at(setup, funding[0] + 3).background().color()
    assert 0.15 < _strength(red, QColor(RED), base) < 0.6, "a light tint keeps text readable"
    assert 0.15 < _strength(blue, QColor(BLUE), base) < 0.6
    assert not has_background(format_at(setup, trust[1] + 2))
    assert not has_background(format_at(setup, 0))


def test_overlapping_codings_look_different_from_each_code_alone(qtbot, project):
    setup = open_viewer(qtbot, project, TEXT)
    start = TEXT.index("Trust in")
    code(setup, "Trust", start, start + 20)
    code(setup, "Funding", start + 10, start + 30)
    base = setup.viewer.editor.palette().color(QPalette.ColorRole.Base)

    only_trust = format_at(setup, start + 2)
    both = format_at(setup, start + 15)
    only_funding = format_at(setup, start + 25)
    single = _strength(only_trust.background().color(), QColor(RED), base)
    _strength(only_funding.background().color(), QColor(BLUE), base)
    assert _strength(both.background().color(), _mean(RED, BLUE), base) > single, "deeper"
    assert both.underlineStyle() != only_trust.underlineStyle()
    assert only_funding.underlineStyle() == only_trust.underlineStyle()


def test_tints_follow_a_dark_palette(qtbot, project):
    setup = open_viewer(qtbot, project, TEXT)
    start, end = _span(TEXT, "Trust in the portal")
    code(setup, "Trust", start, end)
    dark = QPalette(setup.viewer.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    setup.viewer.setPalette(dark)

    background = format_at(setup, start + 2).background().color()
    assert 0.2 < _strength(background, QColor(RED), QColor("#1e1e1e")) < 0.8
    assert background.lightnessF() < 0.4, "light text stays readable on it"


def test_speaker_labels_are_bold_and_the_speech_is_not(qtbot, project):
    setup = open_viewer(qtbot, project, TEXT)
    label_end = TEXT.index(":") + 1
    assert format_at(setup, 0).fontWeight() == QFont.Weight.Bold
    assert format_at(setup, label_end - 1).fontWeight() == QFont.Weight.Bold
    assert format_at(setup, label_end + 2).fontWeight() != QFont.Weight.Bold


def test_click_on_a_stripe_selects_its_coding(qtbot, project):
    setup = open_viewer(qtbot, project, TEXT)
    start, end = _span(TEXT, "Donors pay for training")
    code(setup, "Trust", *_span(TEXT, "Trust in the portal"))
    coding_id = code(setup, "Funding", start, end, memo="funding is donor-driven")
    stripes = setup.viewer.stripes
    rect = stripes.bar_rect(coding_id)
    assert rect is not None

    tip = stripes.tooltip_at(rect.center())
    assert "Funding" in tip and "Amal" in tip and "donor-driven" in tip
    setup.workspace.run(set_coding_memo, coding_id=coding_id, memo="ask about the EU grant")
    assert "EU grant" in stripes.tooltip_at(rect.center())
    qtbot.mouseClick(stripes, Qt.MouseButton.LeftButton, pos=rect.center())

    cursor = setup.viewer.editor.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (start, end)
    selection = setup.workspace.text_selection
    assert (selection.start, selection.end, selection.text) == (start, end, TEXT[start:end])


def test_arabic_paragraph_right_to_left_english_left_to_right(qtbot, project):
    text = ("Interviewer: What does e-government look like?\n"
            "E07: الاتصال جزء من المشكلة، لكنه ليس كل شيء.\n"
            "ثم هناك الكهرباء.\n"
            "But there is also habit and trust.")
    setup = open_viewer(qtbot, project, text)
    doc = setup.viewer.editor.document()
    directions = [doc.findBlockByNumber(i).blockFormat().layoutDirection() for i in range(4)]
    ltr, rtl = Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft
    # The second paragraph is an Arabic answer behind a Latin speaker label.
    assert directions == [ltr, rtl, rtl, ltr]
    assert doc.findBlockByNumber(2).textDirection() == rtl


def test_selection_across_an_emoji_is_reported_and_coded_in_code_points(qtbot, project):
    text = "Expert 07: I 👍 trust the portal 🇱🇾 now."
    setup = open_viewer(qtbot, project, text)
    editor = setup.viewer.editor
    # UTF-16: the emoji takes two units, so "👍 trust" is units 13..21 but code points 13..20.
    cursor = QTextCursor(editor.document())
    cursor.setPosition(text.index("👍"))
    cursor.setPosition(text.index("👍") + len("👍 trust") + 1, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)

    selection = setup.workspace.text_selection
    start = text.index("👍")
    assert (selection.start, selection.end, selection.text) == (start, start + 7, "👍 trust")
    changes = setup.workspace.code_selection(setup.codes["Trust"])
    assert changes is not None
    with project.reading() as s:
        stored = s.execute(select(Coding.start, Coding.end, covered_sql().label("text"))).one()
    assert tuple(stored) == (start, start + 7, "👍 trust")
    # and the highlight sits on the same characters: the flag after it is not tinted
    assert has_background(format_at(setup, start + 6))
    assert not has_background(format_at(setup, text.index("🇱🇾")))


def test_remove_coding_from_the_context_menu(qtbot, project):
    setup = open_viewer(qtbot, project, TEXT)
    start, end = _span(TEXT, "Trust in the portal")
    code(setup, "Trust", start, end)
    menu = coding_menu(setup.viewer.editor, setup.workspace, point_of(setup, start + 4))
    actions = {a.text(): a for a in menu.actions()}
    assert "Edit memo..." in actions
    with qtbot.waitSignal(setup.workspace.memo_requested) as memo:
        actions["Edit memo..."].trigger()
    assert memo.args[0] == "coding"

    actions["Remove coding: Trust (Amal)"].trigger()

    with project.reading() as s:
        assert s.scalars(select(Coding)).all() == []
    assert not has_background(format_at(setup, start + 4))
    assert setup.viewer.stripes.bars() == []


def test_recoding_keeps_scroll_position_and_selection(qtbot, project):
    paragraphs = [f"Expert 07: paragraph {i} speaks of trust and funding at length." for i in
                  range(300)]
    text = "\n".join(paragraphs)
    setup = open_viewer(qtbot, project, text)
    editor = setup.viewer.editor
    bar = editor.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    middle = text.index("paragraph 150 ")
    editor.select_cp(middle, middle + 12)
    before = (bar.value(), editor.textCursor().selectionStart(),
              editor.textCursor().selectionEnd())

    setup.workspace.code_selection(setup.codes["Trust"])
    code(setup, "Funding", middle + 5, middle + 40)
    setup.workspace.undo_stack.undo()

    after = (bar.value(), editor.textCursor().selectionStart(), editor.textCursor().selectionEnd())
    assert after == before
    assert has_background(format_at(setup, middle + 3))
    assert not has_background(format_at(setup, middle + 30)), "the undone coding is gone"


def test_recolouring_a_code_repaints_its_codings(qtbot, project):
    setup = open_viewer(qtbot, project, TEXT)
    start, end = _span(TEXT, "Trust in the portal")
    code(setup, "Trust", start, end)
    setup.workspace.run(recolour_code, code_id=setup.codes["Trust"], colour="#2ca02c")
    base = setup.viewer.editor.palette().color(QPalette.ColorRole.Base)
    assert _strength(format_at(setup, start + 2).background().color(), QColor("#2ca02c"),
                     base) > 0.15


def test_show_span_opens_and_selects(qtbot, project):
    setup = open_viewer(qtbot, project, TEXT)
    setup.viewer.clear()
    start, end = _span(TEXT, "Donors pay")
    setup.workspace.show_span(setup.doc_id, start, end)
    assert setup.viewer.editor.textCursor().selectedText() == "Donors pay"
    assert setup.workspace.text_selection.text == "Donors pay"


def test_dragging_the_selection_carries_document_and_code_points(qtbot, project):
    text = "Expert 07: 👍 trust the portal."
    setup = open_viewer(qtbot, project, text)
    start = text.index("trust")
    setup.viewer.editor.select_cp(start, start + 5)
    mime = setup.viewer.editor.createMimeDataFromSelection()
    payload = json.loads(bytes(mime.data(SELECTION_MIME)).decode())
    assert payload == {"document_id": setup.doc_id, "start": start, "end": start + 5}
    assert mime.text() == "trust"


def _drag(editor, start_point, end_point) -> None:
    """A mouse drag in the viewport, as a user selects text."""
    viewport = editor.viewport()
    for kind, point, buttons in (
            (QEvent.Type.MouseButtonPress, start_point, Qt.MouseButton.LeftButton),
            (QEvent.Type.MouseMove, end_point, Qt.MouseButton.LeftButton),
            (QEvent.Type.MouseButtonRelease, end_point, Qt.MouseButton.NoButton)):
        event = QMouseEvent(kind, QPointF(point), viewport.mapToGlobal(QPointF(point)),
                            Qt.MouseButton.LeftButton, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)


def test_word_snapping_widens_a_mouse_selection_to_whole_words(qtbot, project):
    text = "Expert 07: capacity building takes years"
    setup = open_viewer(qtbot, project, text)
    editor = setup.viewer.editor
    start, end = text.index("pacity"), text.index("ilding")  # mid-word to mid-word

    _drag(editor, point_of(setup, start), point_of(setup, end))
    assert setup.workspace.text_selection.text == text[start:end]  # snapping is off

    setup.viewer.snap_action.trigger()
    editor.moveCursor(QTextCursor.MoveOperation.Start)  # a click elsewhere drops the selection
    assert setup.workspace.text_selection is None
    _drag(editor, point_of(setup, start), point_of(setup, end))
    assert setup.workspace.text_selection.text == "capacity building"


def test_removing_the_open_document_empties_the_viewer(qtbot, project):
    setup = open_viewer(qtbot, project, TEXT)
    code(setup, "Trust", *_span(TEXT, "Trust in the portal"))
    setup.workspace.run(remove_documents, document_ids=[setup.doc_id])
    assert setup.viewer.editor.toPlainText() == ""
    assert setup.viewer.model is None and setup.viewer.stripes.bars() == []
    assert setup.workspace.text_selection is None


def test_a_document_without_text_says_so_not_that_none_is_open(qtbot, project):
    """A document that arrived with no text (an import whose file held none) is open: the
    viewer must not ask the user to open one."""
    setup = open_viewer(qtbot, project, "")
    assert setup.viewer.title.text() != ""
    assert setup.viewer.editor.placeholderText() == NO_TEXT
    setup.workspace.run(remove_documents, document_ids=[setup.doc_id])
    assert setup.viewer.editor.placeholderText() == NO_DOCUMENT

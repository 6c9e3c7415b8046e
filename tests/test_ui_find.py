"""Find in the document: every hit shown, next / previous, typo-tolerant matching."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from qcode.search import fuzzy_hits
from tests.viewer_support import open_viewer

TEXT = ("Interviewer: What limits the ministry?\n"
        "Expert 07: Capacity. The capacity of staff, and capacity-building money.\n"
        "Interviewer: And capital spending?\n"
        "Expert 07: The capital budget is small; capacity again.")


def _all(text: str, word: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(word, text, re.IGNORECASE)]


def _selected(setup) -> tuple[int, int]:
    cursor = setup.viewer.editor.textCursor()
    return cursor.selectionStart(), cursor.selectionEnd()


def test_find_shows_every_hit_and_steps_through_them(qtbot, project):
    setup = open_viewer(qtbot, project, TEXT)
    bar = setup.viewer.find_bar
    setup.viewer.find_action.trigger()
    assert bar.isVisible() and setup.viewer.focusWidget() is bar.query
    qtbot.keyClicks(bar.query, "capacity")
    qtbot.keyClick(bar.query, Qt.Key.Key_Return)

    expected = _all(TEXT, "capacity")
    assert len(expected) == 4
    assert bar.hits == expected
    assert len(setup.viewer.editor.extraSelections()) == 4
    assert _selected(setup) == expected[0]
    assert bar.count.text() == "1 of 4"

    qtbot.keyClick(bar.query, Qt.Key.Key_Return)
    assert _selected(setup) == expected[1]
    assert setup.workspace.text_selection.text == "capacity"  # a hit can be coded at once
    qtbot.keyClick(bar.query, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert _selected(setup) == expected[0]
    qtbot.keyClick(bar.query, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert _selected(setup) == expected[3], "previous from the first wraps to the last"
    setup.viewer.find_next_action.trigger()  # F3
    assert _selected(setup) == expected[0]
    assert bar.count.text() == "1 of 4"

    qtbot.keyClick(bar.query, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert setup.viewer.editor.extraSelections() == []


def test_no_match_is_said(qtbot, project):
    setup = open_viewer(qtbot, project, TEXT)
    bar = setup.viewer.find_bar
    setup.viewer.find_action.trigger()
    qtbot.keyClicks(bar.query, "electricity")
    qtbot.keyClick(bar.query, Qt.Key.Key_Return)
    assert bar.hits == [] and bar.count.text() == "No matches"


def test_typo_tolerant_find_meets_misspelled_words(qtbot, project):
    setup = open_viewer(qtbot, project, TEXT)
    bar = setup.viewer.find_bar
    setup.viewer.find_action.trigger()
    qtbot.keyClicks(bar.query, "capcity")
    qtbot.keyClick(bar.query, Qt.Key.Key_Return)
    assert bar.hits == []

    bar.fuzzy.setChecked(True)

    # every "capacity" (the one in "capacity-building" too), never "capital"
    assert bar.hits == _all(TEXT, "capacity")
    assert bar.count.text() == "1 of 4"


def test_typo_tolerant_find_ignores_case_and_arabic_vowel_marks():
    text = "قالت: الحكومَة الإلكترونية بطيئة. Registration is slow; REGISTRATON too."
    hits = fuzzy_hits(text, "الحكومه")
    assert [text[s:e] for s, e in hits] == ["الحكومَة"]
    assert [text[s:e] for s, e in fuzzy_hits(text, "registraton")] == [
        "Registration", "REGISTRATON"]
    assert fuzzy_hits(text, "cap") == []  # short queries are searched exactly


def test_short_selection_becomes_the_query(qtbot, project):
    setup = open_viewer(qtbot, project, TEXT)
    start = TEXT.index("ministry")
    setup.viewer.editor.select_cp(start, start + len("ministry"))
    setup.viewer.find_action.trigger()
    assert setup.viewer.find_bar.query.text() == "ministry"
    assert setup.viewer.find_bar.hits == [(start, start + len("ministry"))]


def test_find_is_the_corpus_search_engine_spelling_variants_included(qtbot, project):
    """Typed without vowel marks or hamza, the word is found however it is written, and the
    hit takes the marks of its last letter (the corpus search's normalisation)."""
    text = "قالت: الحُكومةُ أعلنت، والحكومة تنتظر. Café and cafe."
    setup = open_viewer(qtbot, project, text)
    bar = setup.viewer.find_bar
    setup.viewer.find_action.trigger()
    bar.query.setText("الحكومة")  # typed as a user with an Arabic keyboard would
    qtbot.keyClick(bar.query, Qt.Key.Key_Return)
    assert [text[s:e] for s, e in bar.hits] == ["الحُكومةُ", "الحكومة"]
    assert bar.count.text() == "1 of 2"
    bar.query.setText("اعلن")
    bar.search()
    assert [text[s:e] for s, e in bar.hits] == ["أعلن"]
    bar.query.clear()
    qtbot.keyClicks(bar.query, "cafe")
    qtbot.keyClick(bar.query, Qt.Key.Key_Return)
    assert [text[s:e] for s, e in bar.hits] == ["Café", "cafe"]


def test_a_pasted_paragraph_is_refused_not_searched_for_minutes(qtbot, project):
    """The find bar keeps the corpus search's limits: a typo-tolerant query of a whole paragraph
    would compare every run of as many words with it on the GUI thread."""
    setup = open_viewer(qtbot, project, TEXT)
    bar = setup.viewer.find_bar
    setup.viewer.find_action.trigger()
    bar.fuzzy.setChecked(True)
    bar.query.setText(" ".join(["capacity building money"] * 12))
    qtbot.keyClick(bar.query, Qt.Key.Key_Return)
    assert bar.hits == [] and bar.count.text() == "Too long"
    assert "at most 10 words" in bar.count.toolTip()
    bar.query.setText("capacity")
    qtbot.keyClick(bar.query, Qt.Key.Key_Return)
    assert len(bar.hits) == 4 and bar.count.toolTip() == ""

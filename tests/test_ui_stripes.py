"""The viewer on long documents: stripes and tints where the user looks, right after opening,
after scrolling and after changes, and the bar under the pointer.

Bars are checked against a brute-force measure: every line of the paragraph's layout walked
for every coding.
"""

from __future__ import annotations

import random

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from qcode.ops.codings import NewCoding, add_codings, remove_codings
from qcode.project import Project
from qcode.ui.viewer import DocumentViewer
from qcode.ui.viewer.stripes import BAR_WIDTH, PADDING
from qcode.ui.workspace import Workspace
from tests.factories import add_code, add_coder
from tests.viewer_support import add_document, format_at, has_background

WORDS = ("trust", "portal", "ministry", "funding", "servers", "donors", "citizens", "training",
         "office", "law")
COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def _paragraphs(rng: random.Random, count: int, words: tuple[int, int]) -> str:
    return "\n".join(f"Expert {i % 9}: " + " ".join(rng.choices(WORDS, k=rng.randint(*words)))
                     for i in range(count))


def _open(qtbot, project: Project, text: str, spans: list[tuple[int, int, int]],
          size: tuple[int, int] = (700, 500)) -> tuple[DocumentViewer, Workspace, dict]:
    """The viewer on ``text`` with codings (start, end, code number) made before it opens."""
    doc_id = add_document(project, text)
    with project.transaction() as s:
        coder_id = add_coder(s, "Amal")
        codes = [add_code(s, f"Theme {i}", colour=c) for i, c in enumerate(COLOURS)]
        changes = add_codings(s, codings=[NewCoding(doc_id, codes[k], coder_id, a, b)
                                          for a, b, k in spans])
    workspace = Workspace(project, coder_id)
    viewer = DocumentViewer(workspace)
    qtbot.addWidget(viewer)
    viewer.resize(*size)
    viewer.show()
    workspace.open_document(doc_id)
    return viewer, workspace, {"doc": doc_id, "codes": codes, "codings": sorted(changes.codings)}


def _brute_bars(viewer: DocumentViewer) -> set[tuple[int, int, int, int]]:
    """(x, top, bottom, coding id) of every bar reaching into the margin, each coding's
    lines found by walking all lines of every paragraph on screen."""
    editor, model = viewer.editor, viewer.model
    layout = editor.document().documentLayout()
    scroll = editor.verticalScrollBar().value()
    step = min(float(BAR_WIDTH + 2), (viewer.stripes.width() - 2 * PADDING)
               / max(model.column_count, 1))
    out = set()
    block = editor.document().begin()
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        lines = block.layout()
        base, last = block.position(), block.position() + block.length() - 1
        for column, cid in model.block_entries(block.blockNumber()):
            coding = model.codings[cid]
            touched = [lines.lineAt(i) for i in range(lines.lineCount())
                       if lines.lineAt(i).textStart() < coding.end - base
                       and lines.lineAt(i).textStart() + max(lines.lineAt(i).textLength(), 1)
                       > coding.start - base]
            if not touched:
                continue
            top = rect.top() if coding.start < base else lines.position().y() + touched[0].y()
            bottom = (rect.bottom() if coding.end > last
                      else lines.position().y() + touched[-1].y() + touched[-1].height())
            if bottom - scroll >= 0 and top - scroll <= viewer.stripes.height():
                out.add((round(PADDING + column * step), round(top - scroll),
                         round(bottom - scroll), cid))
        block = block.next()
    return out


def _shown_bars(viewer: DocumentViewer) -> set[tuple[int, int, int, int]]:
    return {(round(r.left()), round(r.top()), round(r.bottom()), cid)
            for r, cid in viewer.stripes.bars()}


def test_stripes_and_tints_are_there_right_after_opening_a_long_document(qtbot, project):
    rng = random.Random(1)
    text = _paragraphs(rng, 300, (10, 20))  # long enough for Qt to lay it out in the background
    viewer, _, ids = _open(qtbot, project, text, [(0, 30, 0), (12, 60, 1)])

    assert viewer.stripes.bar_rect(ids["codings"][0]) is not None
    assert viewer.stripes.bar_rect(ids["codings"][1]) is not None
    assert has_background(format_at(_setup(viewer), 5))
    assert _shown_bars(viewer) == _brute_bars(viewer)


def _setup(viewer: DocumentViewer):
    """What viewer_support's helpers read (the viewer, through an attribute)."""
    return type("Shown", (), {"viewer": viewer})()


def test_bars_of_a_long_wrapped_paragraph_sit_at_the_lines_of_their_codings(qtbot, project):
    rng = random.Random(2)
    text = "Expert 07: " + " ".join(rng.choices(WORDS, k=1500))  # one paragraph, ~100 lines
    spans = []
    for _ in range(120):
        start = rng.randrange(len(text) - 10)
        spans.append((start, min(len(text), start + rng.choice((5, 40, 300, 2500))),
                      rng.randrange(len(COLOURS))))
    viewer, _, _ = _open(qtbot, project, text, spans)
    bar = viewer.editor.verticalScrollBar()
    assert bar.maximum() > 1000, "the paragraph runs over several screens"

    for value in (0, bar.maximum() // 3, bar.maximum() // 2 + 7, bar.maximum()):
        bar.setValue(value)
        shown = _shown_bars(viewer)
        assert shown and shown == _brute_bars(viewer)


def test_hovering_a_bar_names_the_codings_under_the_pointer_and_measures_nothing(qtbot,
                                                                                 project):
    rng = random.Random(4)
    text = "Expert 07: " + " ".join(rng.choices(WORDS, k=900))
    spans = [(s, s + rng.choice((20, 200, 900)), rng.randrange(len(COLOURS)))
             for s in rng.sample(range(len(text) - 900), 80)]
    viewer, _, _ = _open(qtbot, project, text, spans)
    stripes, model = viewer.stripes, viewer.model
    stripes.bars()
    measured = stripes.measured

    bars = stripes.bars()
    for rect, _ in bars[::3]:
        for point in (rect.center(), QPointF(rect.center().x(), rect.top() + 1)):
            under = {cid for r, cid in bars if r.adjusted(-1, 0, 1, 0).contains(point)}
            expected = sorted(under, key=lambda c: (model.codings[c].end - model.codings[c].start,
                                                    c))
            assert stripes.codings_at(point.toPoint()) == expected
            tip = stripes.tooltip_at(point.toPoint())
            assert all(model.codings[c].code_path in tip for c in expected)
            _move(stripes, point)
    assert stripes.measured == measured, "hovering measures no bar again"
    bar = viewer.editor.verticalScrollBar()
    bar.setValue(bar.maximum())
    stripes.bars()
    scrolled = stripes.measured
    bar.setValue(0)
    bar.setValue(bar.maximum())
    stripes.bars()
    assert stripes.measured == scrolled, "scrolling back measures no bar again"


def _move(widget, point: QPointF) -> None:
    event = QMouseEvent(QEvent.Type.MouseMove, point, widget.mapToGlobal(point),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_text_scrolled_into_view_is_tinted_and_changes_off_screen_show_there(qtbot, project):
    rng = random.Random(5)
    text = _paragraphs(rng, 300, (10, 20))
    tail = text.rindex("Expert")
    viewer, workspace, ids = _open(qtbot, project, text, [(0, 20, 0), (tail + 3, tail + 30, 1)])
    shown = _setup(viewer)
    middle = text.index("Expert", len(text) // 2)
    workspace.apply(lambda s: add_codings(s, codings=[
        NewCoding(ids["doc"], ids["codes"][2], workspace.coder_id, middle, middle + 25)]))
    workspace.apply(lambda s: remove_codings(s, coding_ids=[ids["codings"][0]]))
    assert not has_background(format_at(shown, 5)), "removed where the user looks"

    viewer.editor.centre_on_cp(middle)
    assert has_background(format_at(shown, middle + 3)), "coded while off screen"
    assert _shown_bars(viewer) == _brute_bars(viewer)
    bar = viewer.editor.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert has_background(format_at(shown, tail + 10))
    assert not has_background(format_at(shown, tail + 40))
    assert _shown_bars(viewer) == _brute_bars(viewer)


def test_a_new_page_colour_reaches_text_tinted_before_and_after(qtbot, project):
    rng = random.Random(6)
    text = _paragraphs(rng, 300, (10, 20))
    tail = text.rindex("Expert")
    viewer, _, _ = _open(qtbot, project, text, [(0, 20, 0), (tail, tail + 20, 0)])
    shown = _setup(viewer)
    light = format_at(shown, 5).background().color()
    palette = viewer.palette()
    palette.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.black)
    palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.white)
    viewer.setPalette(palette)

    dark = format_at(shown, 5).background().color()
    assert dark.lightness() < light.lightness()
    bar = viewer.editor.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert format_at(shown, tail + 5).background().color() == dark


def test_selecting_by_keyboard_to_the_end_shows_the_tints_there(qtbot, project):
    rng = random.Random(7)
    text = _paragraphs(rng, 300, (10, 20))
    tail = text.rindex("Expert")
    viewer, _, _ = _open(qtbot, project, text, [(tail, tail + 20, 3)])
    editor = viewer.editor
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    cursor = editor.textCursor()
    assert cursor.position() == editor.document().characterCount() - 1
    assert editor.cursorRect(QTextCursor(cursor)).intersects(editor.viewport().rect())
    assert has_background(format_at(_setup(viewer), tail + 5))

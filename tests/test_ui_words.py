"""The word-frequency view: opened from the Analysis menu, counted off the GUI thread, the
top word in the table and the bar chart, grouping, stop-words, recounts and export."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from sqlalchemy import select

from qcode.models import Code, Document
from qcode.ops.codings import add_coding
from qcode.project import Project
from qcode.search.words import WordOptions, word_frequencies
from qcode.ui.words.bars import MARGIN
from qcode.ui.words.dock import words_dock
from qcode.ui.words.options_bar import DEFAULT_TOP
from qcode.ui.words.view import WordsView
from tests.factories import add_doc
from tests.ui_support import build_study, ui_settings, window  # noqa: F401

TEXT = "Trust trust TRUST budget budget the ministry's ثقة ثقة ثقة ثقة"


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return build_study(tmp_path / "small.qcode").path


@pytest.fixture
def words_study(tmp_path: Path) -> Path:
    path = tmp_path / "words.qcode"
    with Project.create(path) as project, project.transaction() as s:
        add_doc(s, "E01", TEXT)
    return path


def settle(qtbot, view: WordsView, options: WordOptions | None = None) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not view.computer.busy and view.result is not None
                    and (options is None or view.result.options == options), timeout=5000)


def open_view(win, path: Path) -> WordsView:  # noqa: ANN001
    win.open_project(path)
    menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&Analysis")
    action = next(a for a in menu.actions() if a.text() == "&Word frequencies…")
    action.trigger()
    dock = words_dock(win)
    assert dock is not None and dock.isVisible()
    view = dock.widget()
    assert isinstance(view, WordsView)
    return view


def cells(view: WordsView) -> list[list[str]]:
    model = view.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_the_menu_opens_the_view_with_the_top_word_in_table_and_chart(
        window, qtbot, words_study: Path) -> None:  # noqa: ANN001, F811
    view = open_view(window, words_study)
    threads: list[threading.Thread] = []
    count = view.computer.build
    view.computer.build = lambda *a: (threads.append(threading.current_thread()), count(*a))[1]
    view.recompute(0)
    settle(qtbot, view)
    assert threads and threads[0] is not threading.main_thread()
    assert cells(view)[:3] == [["ثقة", "4"], ["trust", "3"], ["budget", "2"]]
    assert view.bars.words[:2] == (("ثقة", 4), ("trust", 3))
    assert "different words" in view.caption.text()


def test_the_bars_are_as_long_as_their_counts(qtbot, words_study: Path) -> None:  # noqa: ANN001
    from qcode.ui.workspace import Workspace

    with Project.open(words_study) as project:
        view = WordsView(Workspace(project, None))
        qtbot.addWidget(view)
        view.resize(900, 500)
        view.show()
        settle(qtbot, view)
        image = view.bars.grab().toImage()
        bar = view.bars.palette().color(QPalette.ColorRole.Highlight)
        row = view.bars.row_height()

        def bar_end(i: int) -> int:  # the last bar-coloured pixel of row i
            y = MARGIN + i * row + row // 2
            xs = [x for x in range(image.width()) if QColor(image.pixel(x, y)) == bar]
            return max(xs) if xs else -1

        starts = [x for x in range(image.width())
                  if QColor(image.pixel(x, MARGIN + row // 2)) == bar]
        left = min(starts)
        first, second, third = (bar_end(i) - left for i in range(3))
        assert first > 0 and abs(second / first - 3 / 4) < 0.03 and abs(third / first - 0.5) < 0.03
        view.dispose()


def test_grouped_by_code_shows_a_column_per_code(window, qtbot, study: Path) -> None:  # noqa: ANN001, F811
    view = open_view(window, study)
    settle(qtbot, view)
    view.options_bar.set_grouping("code")
    expected = WordOptions(by="code", top=DEFAULT_TOP)
    settle(qtbot, view, expected)
    with Project.open(study, readonly=True) as project, project.reading() as s:
        table = word_frequencies(s, expected)
    assert view.model.table is not None and view.model.table.header() == ("word", "count",
                                                                          "Trust")
    assert [[view.model.value(r, c) for c in range(3)] for r in range(len(table.rows))] == \
        [list(r) for r in table.records()]
    view.table.horizontalHeader().sectionClicked.emit(2)  # chart the code's own column
    assert view.bars.words == tuple((r.word, r.counts(1)[0]) for r in table.rows)


def test_stop_words_leave_the_common_words_out(window, qtbot, words_study: Path) -> None:  # noqa: ANN001, F811
    view = open_view(window, words_study)
    settle(qtbot, view)
    assert "the" in [row[0] for row in cells(view)]
    view.options_bar.stopwords.setChecked(True)
    settle(qtbot, view, WordOptions(stopwords=("ar", "en"), top=DEFAULT_TOP))
    assert "the" not in [row[0] for row in cells(view)]


def test_a_new_coding_recounts_the_view(window, qtbot, study: Path) -> None:  # noqa: ANN001, F811
    view = open_view(window, study)
    view.options_bar.set_grouping("code")
    settle(qtbot, view, WordOptions(by="code", top=DEFAULT_TOP))
    before = {row[0] for row in cells(view)}
    assert "why" not in before
    workspace = window.workspace
    code_id = workspace.read(lambda s: s.scalar(select(Code.id)))
    doc_id = workspace.read(lambda s: s.scalar(select(Document.id).order_by(Document.id)))
    workspace.run(add_coding, document_id=doc_id, code_id=code_id,
                  coder_id=workspace.coder_id, start=3, end=6)  # "Why"
    qtbot.waitUntil(lambda: "why" in {row[0] for row in cells(view)}, timeout=5000)


def test_export_writes_the_words_on_screen(window, qtbot, words_study: Path,  # noqa: ANN001, F811
                                           tmp_path: Path) -> None:
    view = open_view(window, words_study)
    settle(qtbot, view)
    out = tmp_path / "words.csv"
    with qtbot.waitSignal(view.exported, timeout=5000):
        assert view.export_to(out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["word", "count"] and rows[1] == ["ثقة", "4"]
    assert (tmp_path / "words.csv.manifest.json").is_file()


def test_closing_the_project_removes_the_dock(window, qtbot, words_study: Path) -> None:  # noqa: ANN001, F811
    view = open_view(window, words_study)
    settle(qtbot, view)
    window.close_project()
    qtbot.waitUntil(lambda: words_dock(window) is None, timeout=3000)
    assert not view.computer.busy

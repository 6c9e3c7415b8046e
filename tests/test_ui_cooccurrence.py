"""The code co-occurrence view: numbers, the pairs behind a cell, export, coders, threads."""

from __future__ import annotations

import csv
import threading

import pytest
from PySide6.QtCore import Qt

from qcode.analysis import CooccurrenceOptions, Filters, build_cooccurrence
from qcode.ui.analysis.cooccurrence_view import CooccurrenceView
from qcode.ui.analysis.heat_model import VALUE_ROLE
from qcode.ui.workspace import Workspace
from tests.ui_analysis_study import TEXTS, Study, build_analysis_study, turns_of


@pytest.fixture
def study(project) -> Study:
    return build_analysis_study(project)


@pytest.fixture
def workspace(project, study) -> Workspace:
    return Workspace(project, study.coder_ids["Amal"])


def settle(qtbot, view, options=None) -> None:
    qtbot.waitUntil(lambda: not view.computer.busy and view.result is not None
                    and (options is None or view.result.options == options), timeout=5000)


@pytest.fixture
def view(qtbot, workspace):
    v = CooccurrenceView(workspace)
    qtbot.addWidget(v)
    v.resize(900, 700)
    v.show()
    settle(qtbot, v)
    yield v
    v.dispose()


def shown(model) -> list[list]:
    return [[model.index(r, c).data(VALUE_ROLE) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def fresh(project, options: CooccurrenceOptions) -> list[list]:
    with project.reading() as s:
        return [list(row) for row in build_cooccurrence(s, options).values]


def turn_of(c) -> int | None:
    found = [i for i, t in enumerate(turns_of(TEXTS[c.document])) if t.start <= c.start < t.end]
    return found[-1] if found else None


def brute_pairs(study: Study, options: CooccurrenceOptions, a: str, b: str
                ) -> set[tuple[int, int]]:
    """Pairs (coding of a, coding of b) that meet, straight from the rules."""
    coders = options.filters.coders
    kept = [c for c in study.codings if not coders or c.coder in coders]
    out = set()
    for x in (c for c in kept if c.code == a):
        for y in (c for c in kept if c.code == b and c.document == x.document):
            if options.mode == "overlap":
                meet = bool(set(range(x.start, x.end)) & set(range(y.start, y.end)))
            elif options.mode == "near":
                gap = max(y.start - x.end, x.start - y.end, 0)
                meet = gap <= options.distance
            else:
                meet = turn_of(x) is not None and turn_of(x) == turn_of(y)
            if meet:
                out.add((x.id, y.id))
    return out


def test_model_passes_the_model_tester_and_shows_fresh_numbers(view, project, qtbot,
                                                              qtmodeltester):
    bar = view.options_bar
    for mode, distance, measure in (("overlap", None, "segments"), ("turn", None, "segments"),
                                    ("near", 20, "segments"), ("near", 20, "documents")):
        bar.set_measure(measure)
        bar.set_mode(mode, distance)
        options = bar.options()
        assert options.mode == mode and options.measure == measure
        settle(qtbot, view, options)
        qtmodeltester.check(view.model)
        assert shown(view.model) == fresh(project, options)
    model = view.model
    assert model.rowCount() == model.columnCount() == 4  # code by code, no totals
    assert model.index(1, 1).data() == "" and model.index(1, 1).data(VALUE_ROLE) is None
    assert model.headerData(2, Qt.Orientation.Horizontal) == "EU"
    assert model.headerData(2, Qt.Orientation.Horizontal,
                            Qt.ItemDataRole.ToolTipRole) == "Funding/Donors/EU"


@pytest.mark.parametrize("mode,distance", [("overlap", None), ("turn", None), ("near", 25)])
def test_clicking_a_cell_lists_the_pairs_behind_it(view, study, qtbot, mode, distance):
    view.options_bar.set_mode(mode, distance)
    options = view.options_bar.options()
    settle(qtbot, view, options)
    codes = [c.path for c in view.result.codes]
    found_any = False
    for r in range(len(codes)):
        for c in range(len(codes)):
            if r == c:
                continue
            index = view.model.index(r, c)
            qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                             pos=view.table.visualRect(index).center())
            expected = brute_pairs(study, options, codes[r], codes[c])
            listed = view.cells.model.segments
            assert {s.coding_id for s in listed} == {i for pair in expected for i in pair}
            assert index.data(VALUE_ROLE) == len(expected)
            assert f"{len(expected)} pair" in view.cells.heading.text()
            found_any = found_any or bool(expected)
    assert found_any


def test_export_csv_reads_back_as_the_numbers_shown(view, qtbot, tmp_path):
    view.options_bar.set_mode("near", 30)
    settle(qtbot, view, view.options_bar.options())
    with qtbot.waitSignal(view.exported, timeout=5000):
        assert view.export_to(tmp_path / "co.csv")
    with (tmp_path / "co.csv").open(encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    assert header == ["Code", "Funding", "Funding/Donors", "Funding/Donors/EU", "Trust"]
    assert [[int(v) if v else None for v in r[1:]] for r in rows] == shown(view.model)


def test_coders_filter_and_counting_off_the_gui_thread(view, study, project, qtbot):
    threads: list[threading.Thread] = []
    real = view.computer.build

    def recording(session, options, progress):
        def spy(done, total, label):
            threads.append(threading.current_thread())
            return progress(done, total, label)
        return real(session, options, spy)

    view.computer.build = recording
    view.options_bar.coders.set_coders(["Amal"])
    options = view.options_bar.options()
    assert options.filters == Filters(coders=("Amal",))
    settle(qtbot, view, options)
    assert shown(view.model) == fresh(project, options)
    every = fresh(project, CooccurrenceOptions())
    assert shown(view.model) != every  # Badr's codings no longer pair up
    assert threads and threading.main_thread() not in threads

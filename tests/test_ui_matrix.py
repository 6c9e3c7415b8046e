"""The theme matrix view: the numbers it shows, the codings behind a cell, export, threads."""

from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from sqlalchemy import func, select

from qcode.analysis import Filters, MatrixOptions, build_matrix
from qcode.analysis.results import CodeLabel, Matrix
from qcode.browse.matrix_cells import MatrixCell, matrix_cell_segments
from qcode.models import Coding
from qcode.ops.codings import NewCoding, add_coding, add_codings
from qcode.ui.analysis.docks import analysis_dock
from qcode.ui.analysis.grid import HeatGrid
from qcode.ui.analysis.heat import contrast_ratio
from qcode.ui.analysis.heat_model import VALUE_ROLE, HeatModel
from qcode.ui.analysis.heat_table import HeatTable
from qcode.ui.analysis.matrix_view import LIST_LIMIT, MatrixView
from qcode.ui.errors import open_error_dialogs
from qcode.ui.theme import dark_palette
from qcode.ui.workspace import Workspace
from tests.ui_analysis_study import TEXTS, VALUES, Study, build_analysis_study, turns_of
from tests.ui_support import ui_settings, window  # noqa: F401

EXTENT = ("characters", "words", "coverage")


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
    v = MatrixView(workspace)
    qtbot.addWidget(v)
    v.resize(1000, 700)
    v.show()
    settle(qtbot, v)
    yield v
    v.dispose()


def fresh(project, options: MatrixOptions) -> Matrix:
    with project.reading() as s:
        return build_matrix(s, options)


def table_of(matrix: Matrix) -> list[list]:
    assert matrix.row_totals is not None and matrix.column_totals is not None
    rows = [[*values, total] for values, total in zip(matrix.values, matrix.row_totals,
                                                        strict=True)]
    return [*rows, [*matrix.column_totals, matrix.grand_total]]


def shown(model) -> list[list]:
    return [[model.index(r, c).data(VALUE_ROLE) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def choose(view, kind="documents", attribute=None, measure="segments", rollup=False,
           percent=None) -> MatrixOptions:
    bar = view.options_bar
    bar.set_columns(kind, attribute)
    bar.set_measure(measure)
    bar.set_rollup(rollup)
    bar.set_percent(percent)
    return bar.options()


# -- brute force -------------------------------------------------------------------------------

def meets_speaker(study: Study, c, speaker) -> bool:
    """The coding's span shares a character with the speaker's turns (None: with the text
    outside every turn)."""
    text = TEXTS[c.document]
    turns = turns_of(text)
    spoken = {i for t in turns for i in range(t.start, min(t.end, len(text)))}
    region = ({i for t in turns if t.speaker == speaker for i in range(t.start, t.end)}
              if speaker is not None else set(range(len(text))) - spoken)
    return bool(region & set(range(c.start, c.end)))


def brute_cell(study: Study, options: MatrixOptions, code: str | None, column,
               all_columns: bool) -> set[int]:
    out = set()
    for c in study.codings:
        if options.filters.coders and c.coder not in options.filters.coders:
            continue
        if code is not None and c.code not in (study.subtree(code) if options.rollup
                                               else {code}):
            continue
        if not all_columns:
            if options.columns == "documents" and c.document_id != column:
                continue
            if options.columns == "attribute" and \
                    VALUES[options.attribute].get(c.document) != column:
                continue
            if options.columns == "speakers" and not (
                    meets_speaker(study, c, column) if options.measure in EXTENT
                    else study.speaker_of(c) == column):
                continue
        out.add(c.id)
    return out


# -- tests -------------------------------------------------------------------------------------

def test_model_passes_the_model_tester_and_shows_fresh_numbers(view, project, qtbot,
                                                              qtmodeltester):
    for kind, attribute, measure, rollup, percent in (
            ("documents", None, "segments", False, None),
            ("attribute", "role", "coverage", False, None),
            ("speakers", None, "words", True, None),
            ("attribute", "city", "characters", True, "row"),
            ("speakers", None, "documents", False, "column")):
        options = choose(view, kind, attribute, measure, rollup, percent)
        settle(qtbot, view, options)
        qtmodeltester.check(view.model)
        assert shown(view.model) == table_of(fresh(project, options))
    # percentages with one decimal, counts as they are, totals in bold
    model = view.model
    cell = model.index(0, 0)
    assert cell.data() == (f"{cell.data(VALUE_ROLE):.1f}%" if cell.data(VALUE_ROLE) is not None
                           else "")
    last = model.rowCount() - 1
    assert model.index(last, 0).data() == str(model.index(last, 0).data(VALUE_ROLE))
    assert model.index(last, 0).data(Qt.ItemDataRole.FontRole).bold()


def test_rows_are_codes_by_depth_and_columns_the_attribute_values(view, study, qtbot):
    options = choose(view, "attribute", "role")
    settle(qtbot, view, options)
    model, vertical = view.model, Qt.Orientation.Vertical
    names = [model.headerData(r, vertical) for r in range(model.rowCount())]
    assert names == ["Funding", "Donors", "EU", "Trust", "Total"]
    depths = [model.headerData(r, vertical, Qt.ItemDataRole.UserRole + 2) for r in range(4)]
    assert depths == [0, 1, 2, 0]
    columns = [model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(model.columnCount())]
    assert columns == ["Official", "Vendor", "(missing)", "Total"]


@pytest.mark.parametrize("kind,attribute,measure,rollup", [
    ("speakers", None, "segments", True),
    ("speakers", None, "characters", False),
    ("attribute", "role", "segments", False),
])
def test_clicking_a_cell_lists_exactly_the_codings_behind_it(view, study, qtbot, kind,
                                                             attribute, measure, rollup):
    options = choose(view, kind, attribute, measure, rollup)
    settle(qtbot, view, options)
    result, table = view.result, view.table
    for r in range(view.model.rowCount()):
        for c in range(view.model.columnCount()):
            index = view.model.index(r, c)
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                             pos=table.visualRect(index).center())
            row, column = view.model.cell_at(r, c)
            code = result.rows[row].path if row is not None else None
            key = result.columns[column].key if column is not None else None
            listed = [s.coding_id for s in view.cells.model.segments]
            assert set(listed) == brute_cell(study, options, code, key, column is None)
            assert len(listed) == len(set(listed))
            if measure == "segments":
                assert len(listed) == index.data(VALUE_ROLE)


def test_double_clicking_a_listed_coding_shows_it_in_the_viewer(view, study, workspace, qtbot,
                                                                qtmodeltester):
    options = choose(view, "documents")
    settle(qtbot, view, options)
    trust = [r.path for r in view.result.rows].index("Trust")
    view.table.setCurrentIndex(view.model.index(trust, 0))  # Trust in Interview A
    listed = view.cells.model.segments
    assert [s.text for s in listed] == ["Trust is low.\nQ: Why?", "Promises were broken."]
    qtmodeltester.check(view.cells.model)
    cells = view.cells.view
    second = cells.visualRect(cells.model().index(1, 4)).center()
    with qtbot.waitSignal(workspace.span_requested, timeout=1000) as jump:
        qtbot.mouseClick(cells.viewport(), Qt.MouseButton.LeftButton, pos=second)
        qtbot.mouseDClick(cells.viewport(), Qt.MouseButton.LeftButton, pos=second)
    coded = next(c for c in study.codings if c.id == listed[1].coding_id)
    assert jump.args == [coded.document_id, coded.start, coded.end]


def test_export_csv_reads_back_as_the_numbers_shown(view, project, qtbot, tmp_path):
    options = choose(view, "attribute", "role", "coverage")
    settle(qtbot, view, options)
    with qtbot.waitSignal(view.exported, timeout=5000) as written:
        assert view.export_to(tmp_path / "matrix.csv")
    manifest = written.args[0]
    with (tmp_path / "matrix.csv").open(encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    assert header == ["Code", "Official", "Vendor", "(missing)", "Total"]
    assert [r[0] for r in rows] == ["Funding", "Funding/Donors", "Funding/Donors/EU", "Trust",
                                    "Total"]
    read = [[float(v) if v else None for v in r[1:]] for r in rows]
    expected = [[round(v, 2) if v is not None else None for v in r] for r in shown(view.model)]
    assert read == expected
    facts = json.loads(Path(manifest).read_text(encoding="utf-8"))
    assert facts["measure"] == "coverage" and facts["columns"] == "attribute:role"


def test_coders_and_document_filters_narrow_numbers_and_lists(view, study, project, qtbot):
    choose(view, "documents")
    view.options_bar.coders.set_coders(["Badr"])
    view.options_bar.filters.set_where([("city", "Tripoli")])
    options = view.options_bar.options()
    assert options.filters == Filters(coders=("Badr",), where=(("city", "Tripoli"),))
    settle(qtbot, view, options)
    assert shown(view.model) == table_of(fresh(project, options))
    assert [c.label for c in view.result.columns] == ["Interview A", "Interview B"]
    badr = [c for c in study.codings if c.coder == "Badr" and c.document != "Interview C"]
    assert view.result.grand_total == len(badr)
    last_row, last_column = view.model.rowCount() - 1, view.model.columnCount() - 1
    view.table.setCurrentIndex(view.model.index(last_row, last_column))
    assert {s.coding_id for s in view.cells.model.segments} == {c.id for c in badr}


def test_counting_runs_off_the_gui_thread_and_recounts_after_a_change(view, study, workspace,
                                                                       qtbot):
    threads: list[threading.Thread] = []
    real = view.computer.build

    def recording(session, options, progress):
        def spy(done, total, label):
            threads.append(threading.current_thread())
            return progress(done, total, label)
        return real(session, options, spy)

    view.computer.build = recording
    options = choose(view, "documents", measure="segments")
    settle(qtbot, view, options)
    before = view.result.grand_total
    workspace.run(add_coding, document_id=study.doc_ids["Interview B"],
                  code_id=study.code_ids["Trust"], coder_id=study.coder_ids["Amal"], start=0,
                  end=5)
    qtbot.waitUntil(lambda: view.result.grand_total == before + 1, timeout=5000)
    assert threads and threading.main_thread() not in threads


def test_cancel_stops_counting_and_its_late_result_is_never_shown(view, qtbot):
    shown_before = view.result
    gate = threading.Event()
    real = view.computer.build

    def held(session, options, progress):
        gate.wait(5)
        return real(session, options, progress)

    view.computer.build = held
    view.options_bar.set_measure("words")
    qtbot.waitUntil(lambda: view.busy.isVisible())
    view.busy.cancel.click()
    assert not view.computer.busy and view.busy.isHidden()
    assert "cancelled" in view.notice.text()
    gate.set()
    qtbot.waitUntil(lambda: not view.computer._retired, timeout=5000)
    assert view.result is shown_before  # the cancelled count delivered nothing
    view.computer.build = real
    view.notice.linkActivated.emit("recount")
    settle(qtbot, view, view.options_bar.options())
    assert view.notice.isHidden() and view.result.options.measure == "words"


def readable_cells(model) -> int:
    """Check every shaded cell's text contrast (WCAG AA, 4.5:1); return how many are shaded."""
    shaded = 0
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            background = model.index(r, c).data(Qt.ItemDataRole.BackgroundRole)
            if background is None:
                continue
            shaded += 1
            text = model.index(r, c).data(Qt.ItemDataRole.ForegroundRole).color()
            assert contrast_ratio(background.color(), text) >= 4.5, (r, c)
    return shaded


def test_cells_stay_readable_in_light_and_dark_palettes(view, qtbot):
    choose(view, "attribute", "role", "characters")
    settle(qtbot, view)
    assert readable_cells(view.model) >= 8
    view.setPalette(dark_palette())
    assert view.model.palette.color(QPalette.ColorRole.Base) == QColor("#1f2023")
    assert readable_cells(view.model) >= 8


def test_the_analysis_menu_opens_the_matrix_in_a_dock_until_the_project_closes(
        window, project, study, qtbot):  # noqa: F811
    path = project.path
    project.close()
    assert window.open_project(path)
    action = next(a for a in window.menu_actions.project_only if "matrix" in a.text())
    action.trigger()
    dock = analysis_dock(window, "matrix")
    assert dock is not None and dock.isVisible()
    settle(qtbot, dock.widget())
    assert dock.widget().result.grand_total == len(study.codings)
    window.close_project()
    assert analysis_dock(window, "matrix") is None
    assert not action.isEnabled()


def assert_columns_fit(table: HeatTable) -> None:
    """Every cell's text, as drawn (totals in bold), and every label fits its column."""
    model = table.heat_model
    bold = QFont(table.font())
    bold.setBold(True)
    cells = QFontMetrics(bold)
    labels = QFontMetrics(table.horizontalHeader().font())
    for c in range(model.columnCount()):
        texts = [model.index(r, c).data() for r in range(model.rowCount())]
        widest = max(cells.horizontalAdvance(t) for t in texts)
        label = model.headerData(c, Qt.Orientation.Horizontal)
        assert table.columnWidth(c) >= widest + 6, (c, texts)
        assert table.columnWidth(c) >= min(labels.horizontalAdvance(label) + 6, 170), label


@pytest.mark.parametrize("percent", [False, True])
def test_wide_numbers_and_labels_fit_their_columns(qtbot, percent):
    """Widths come from the grid, not from Qt reading every cell (80 s on 300 x 2,000)."""
    rows = tuple(CodeLabel(i, f"c{i}", f"c{i}", 0) for i in (1, 2))
    values = ((7, None, 100.0 if percent else 1_234_567), (0, 3, 2))
    grid = HeatGrid(rows=rows, columns=("a", "Government official", "b"),
                    column_tips=("", "", ""), values=values, unit="codings", percent=percent,
                    row_totals=(12_345_678, 5), column_totals=(7, 3, 9),
                    grand_total=12_345_683)
    model = HeatModel()
    table = HeatTable(model)
    qtbot.addWidget(table)
    model.set_grid(grid)
    assert_columns_fit(table)
    assert table.columnWidth(0) < table.columnWidth(2)  # narrow where the numbers are short


@pytest.mark.parametrize("measure", ["characters", "coverage"])
def test_every_number_and_column_label_fits_its_column(view, qtbot, measure):
    choose(view, "attribute", "role", measure)
    settle(qtbot, view)
    assert view.model.columnCount() == len(view.result.columns) + 1  # the total column
    assert_columns_fit(view.table)


@pytest.mark.parametrize("kind,attribute,measure", [
    ("documents", None, "segments"), ("attribute", "role", "words"),
    ("speakers", None, "characters"), ("speakers", None, "segments")])
def test_a_limited_listing_is_the_start_of_the_full_one_and_counts_it_all(project, study, kind,
                                                                          attribute, measure):
    options = MatrixOptions(measure=measure, columns=kind, attribute=attribute, rollup=True)
    with project.reading() as s:
        matrix = build_matrix(s, options)
        cells = [MatrixCell(None, None, all_columns=True)] + [
            MatrixCell(r.code_id, c.key) for r in matrix.rows for c in matrix.columns]
        for cell in cells:
            full = matrix_cell_segments(s, options, cell).segments
            cut = matrix_cell_segments(s, options, cell, limit=2)
            assert cut.segments == full[:2]
            assert cut.codings == len(full)
            assert cut.documents == len({x.document_id for x in full})
            assert cut.complete == (len(full) <= 2)


def test_a_huge_cell_lists_its_first_codings_and_counts_them_all(view, study, project, qtbot):
    doc, code, coder = study.doc_ids["Interview A"], study.code_ids["Trust"], \
        study.coder_ids["Amal"]
    length = len(TEXTS["Interview A"])
    spans = [(a, b) for a in range(length) for b in range(a + 1, length + 1)]
    assert len(spans) > LIST_LIMIT + 5
    many = [NewCoding(doc, code, coder, a, b) for a, b in spans[:LIST_LIMIT + 5]]
    with project.transaction() as s:
        add_codings(s, codings=many)
    view.recompute()
    settle(qtbot, view)
    with project.reading() as s:
        total = s.scalar(select(func.count()).select_from(Coding))
    view.list_cell(None, None)
    assert len(view.cells.model.segments) == LIST_LIMIT
    assert f"{total:,} codings" in view.cells.heading.text()
    assert f"the first {LIST_LIMIT:,} are listed" in view.cells.heading.text()


def test_exporting_writes_off_the_gui_thread_and_says_so(view, qtbot, tmp_path):
    threads: list[threading.Thread] = []
    release = threading.Event()
    real = view.writers[".xlsx"]

    def held(*args, **kwargs):  # the real writer, held until the test has looked
        threads.append(threading.current_thread())
        release.wait(5)
        return real(*args, **kwargs)

    view.writers = {**view.writers, ".xlsx": held}
    with qtbot.waitSignal(view.exported, timeout=5000) as written:
        assert view.export_to(tmp_path / "matrix.xlsx")
        qtbot.waitUntil(lambda: bool(threads), timeout=2000)
        assert not view.busy.isHidden() and "matrix.xlsx" in view.busy.label.text()
        assert not any(b.isEnabled() for b in view.export_buttons.values())
        release.set()
    assert threads[0] is not threading.main_thread()
    assert Path(written.args[0]).exists() and (tmp_path / "matrix.xlsx").stat().st_size > 0
    assert view.busy.isHidden() and all(b.isEnabled() for b in view.export_buttons.values())


def test_a_failed_export_is_one_message_and_the_view_goes_on(view, qtbot, tmp_path):
    target = tmp_path / "no such folder" / "matrix.csv"
    assert view.export_to(target)
    qtbot.waitUntil(lambda: bool(open_error_dialogs()), timeout=5000)
    [box] = open_error_dialogs()
    assert "matrix.csv" in box.text() and "cannot write the file" in box.text()
    assert "went wrong" not in box.text()
    box.close()
    assert view.busy.isHidden() and all(b.isEnabled() for b in view.export_buttons.values())

"""A parent code shows its sub-tree's total beside its own count ("0 (137)"), so a code whose
passages are all coded with its sub-codes never looks unused: in the codebook panel and in
``qcode codes`` (text and JSON)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from PySide6.QtCore import Qt
from sqlalchemy import insert

from qcode.browse.codebook import codebook_nodes
from qcode.cli.main import main
from qcode.models import coverage_stale, rollup_stale_codes
from qcode.ui.codebook.model import DOCUMENTS, SEGMENTS
from qcode.ui.codebook.panel import CodebookPanel
from tests.analysis_brute import subtree
from tests.analysis_world import worlds, write_world
from tests.bidi_support import visible
from tests.ui_codebook_helpers import build_study


def brute_counts(world) -> dict[int, tuple[int, int, int, int]]:  # noqa: ANN001
    """Per code: its own codings and their documents, then the same for the code and every
    code below it."""
    out = {}
    for code_id, *_ in world.codes:
        below = subtree(world, code_id)
        own = [c for c in world.codings if c[2] == code_id]
        codings = [c for c in world.codings if c[2] in below]
        out[code_id] = (len(own), len({c[1] for c in own}),
                        len(codings), len({c[1] for c in codings}))
    return out


def counts_shown(session) -> dict[int, tuple[int, int, int, int]]:  # noqa: ANN001
    return {n.id: (n.segments, n.documents, n.segments_total, n.documents_total)
            for n in codebook_nodes(session)}


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(world=worlds(max_codes=8, max_codings=20))
def test_own_and_sub_tree_counts_match_a_count_of_the_codings(project, world):
    write_world(project, world)
    expected = brute_counts(world)
    with project.reading() as s:
        fresh = counts_shown(s)
        # The same counts when the kept-fresh tables are stale (counted over the codings).
        s.execute(insert(coverage_stale).values(code_id=0, document_id=0))
        s.execute(insert(rollup_stale_codes).values(code_id=0))
        stale = counts_shown(s)
    assert fresh == expected
    assert stale == expected


@pytest.fixture
def study(project, tmp_path, monkeypatch, qapp):  # noqa: ANN001
    monkeypatch.setenv("QCODE_CONFIG_DIR", str(tmp_path / "config"))
    return build_study(project)


def test_the_codebook_panel_shows_a_parents_sub_tree_total(study, qtbot):
    """Capacity building has no codings of its own; Training has 3 (in both interviews) and
    Retention 1: the parent reads "0 (4)" segments in "0 (2)" documents, in full."""
    panel = CodebookPanel(study.workspace)
    qtbot.addWidget(panel)
    panel.resize(360, 300)
    panel.show()
    qtbot.waitExposed(panel)
    model, view = panel.model, panel.view
    parent = model.index_of(study.capacity)
    assert [parent.siblingAtColumn(c).data() for c in (SEGMENTS, DOCUMENTS)] == ["0 (4)", "0 (2)"]
    assert model.index_of(study.training, SEGMENTS).data() == "3"  # no sub-codes: no brackets
    assert model.index_of(study.trust, SEGMENTS).data() == "0"
    assert "With its sub-codes: 4 segments in 2 documents" in parent.data(
        Qt.ItemDataRole.ToolTipRole)
    for column, text in ((SEGMENTS, "0 (4)"), (DOCUMENTS, "0 (2)")):
        rect = view.visualRect(parent.siblingAtColumn(column))
        assert rect.width() >= view.fontMetrics().horizontalAdvance(text) + 8  # not cut


def test_the_segments_panel_of_a_parent_points_to_its_sub_codes(study, qtbot):
    """Capacity building lists nothing of its own, and says its sub-codes hold 4 passages
    (beside the codebook's "0 (4)") rather than that nothing is coded yet."""
    from qcode.ui.segments.panel import SegmentsPanel

    panel = SegmentsPanel(study.workspace)
    qtbot.addWidget(panel)
    study.workspace.select_codes((study.capacity,))
    assert panel.model.rowCount() == 0
    assert visible(panel.summary.text()) == (
        "No passages coded with <b>Capacity building</b> itself; the codes below it have 4 "
        "passages: select one to list them.")
    study.workspace.select_codes((study.trust,))
    assert visible(panel.summary.text()) == "No passages coded with <b>Trust</b> yet."


def test_qcode_codes_gives_the_sub_tree_totals(study, capsys):
    path = study.workspace.project.path  # the CLI reads it while the app has it open
    assert main(["codes", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Capacity building  [#ff7f0e]  0 (4) segments, 0 (2) documents" in lines
    assert "  Training  [#ffa04d]  3 segments, 2 documents" in lines
    assert main(["codes", str(path), "--json"]) == 0
    tree = json.loads(capsys.readouterr().out)
    capacity = next(c for c in tree if c["name"] == "Capacity building")
    assert (capacity["segments"], capacity["segments_total"]) == (0, 4)
    assert (capacity["documents"], capacity["documents_total"]) == (0, 2)
    assert [(c["name"], c["segments_total"]) for c in capacity["children"]] == [
        ("Training", 3), ("Retention", 1)]

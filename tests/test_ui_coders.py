"""Coder filter, stripes by coder and blind mode (issue 13, item 5), on a real two-coder project:
what the viewer holds, tints and stripes, what the codebook counts and the segments list, and
that blind mode is said, remembered and never touches a coding the user cannot see."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from sqlalchemy import select

from qcode.codebook_counts import coder_counts
from qcode.models import Coding
from qcode.project import Project
from qcode.ui.codebook.panel import CodebookPanel
from qcode.ui.segments.panel import SegmentsPanel
from qcode.ui.viewer import DocumentViewer
from qcode.ui.viewer.coder_menu import BLIND_MODE
from qcode.ui.viewer.coder_view import CoderView
from qcode.ui.viewer.context_menu import coding_menu
from qcode.ui.workspace import Workspace
from tests.coders_study import CodersStudy, brute_counts, build_coders_study, random_study
from tests.ui_support import ui_settings, window  # noqa: F401
from tests.viewer_support import format_at, has_background


@pytest.fixture
def study(tmp_path: Path) -> CodersStudy:
    return build_coders_study(tmp_path / "coders.qcode")


def _viewer(qtbot, study: CodersStudy, coder: str = "Amal"
            ) -> tuple[Workspace, DocumentViewer, Project]:
    project = Project.open(study.path)
    workspace = Workspace(project, study.coders[coder])
    viewer = DocumentViewer(workspace)
    qtbot.addWidget(viewer)
    viewer.resize(700, 400)
    viewer.show()
    workspace.open_document(study.doc_id)
    return workspace, viewer, project


def _bar_ids(viewer: DocumentViewer) -> set[int]:
    return {coding_id for _rect, coding_id in viewer.stripes.bars()}


def test_filtering_to_one_coder_hides_the_other_coders_tints_and_stripes(qtbot, study):
    workspace, viewer, project = _viewer(qtbot, study)
    ids = study.codings
    try:
        assert _bar_ids(viewer) == set(ids.values())
        assert has_background(format_at_cp(viewer, 40))  # Badr's "funding is late"

        CoderView.of(workspace).set_chosen({study.coders["Amal"]})
        amal = {cid for (coder, _c, _s), cid in ids.items() if coder == "Amal"}
        assert set(viewer.model.codings) == amal
        assert _bar_ids(viewer) == amal
        assert not has_background(format_at_cp(viewer, 40))  # Badr's only: no tint
        assert not has_background(format_at_cp(viewer, 111))
        assert has_background(format_at_cp(viewer, 63))  # Amal's "Donors pay" still tinted
        assert viewer.coder_status.isVisible()
        assert "Amal" in viewer.coder_status.text()

        CoderView.of(workspace).set_chosen(None)
        assert _bar_ids(viewer) == set(ids.values())
        assert has_background(format_at_cp(viewer, 40))
        assert not viewer.coder_status.isVisible()
    finally:
        project.close()


def format_at_cp(viewer: DocumentViewer, cp: int):
    """The character format at ``cp`` (format_at wants a Setup; the viewer is enough)."""
    class _Setup:
        pass

    setup = _Setup()
    setup.viewer = viewer
    return format_at(setup, cp)


def test_a_coding_by_a_hidden_coder_never_appears_while_filtered(qtbot, study):
    workspace, viewer, project = _viewer(qtbot, study)
    try:
        CoderView.of(workspace).set_chosen({study.coders["Amal"]})
        from qcode.ops.codings import add_coding

        changes = workspace.run(add_coding, document_id=study.doc_id,
                                code_id=study.codes["Privacy"], coder_id=study.coders["Badr"],
                                start=0, end=4)
        assert next(iter(changes.codings)) not in viewer.model.codings
        assert not has_background(format_at_cp(viewer, 1))
    finally:
        project.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_filtered_counts_equal_a_brute_force_count(tmp_path, seed):
    path = tmp_path / "random.qcode"
    random_study(path, seed)
    with Project.open(path) as project, project.reading() as s:
        coders = dict(s.execute(select(Coding.coder_id, Coding.coder_id).distinct()).all())
        for chosen in ({min(coders)}, {max(coders)}, set(coders)):
            assert coder_counts(s, chosen) == brute_counts(s, chosen)
            some = sorted(brute_counts(s, chosen)[0])[::3]
            own, totals = coder_counts(s, chosen, some)
            want_own, want_totals = brute_counts(s, chosen)
            assert own == {c: want_own[c] for c in some}
            assert totals == {c: want_totals[c] for c in some if c in want_totals}


def test_the_codebook_counts_only_the_coders_shown(qtbot, tmp_path):
    path = tmp_path / "random.qcode"
    random_study(path, 7)
    project = Project.open(path)
    try:
        with project.reading() as s:
            badr = s.scalar(select(Coding.coder_id).order_by(Coding.coder_id.desc()).limit(1))
        workspace = Workspace(project, badr)
        panel = CodebookPanel(workspace)
        qtbot.addWidget(panel)
        model = panel.model
        CoderView.of(workspace).set_chosen({badr})
        assert model.awaiting_counts
        qtbot.waitUntil(lambda: not model.awaiting_counts and not model.counting.busy)
        with project.reading() as s:
            own, totals = brute_counts(s, {badr})
        for node in model.nodes():
            assert (node.segments, node.documents) == own[node.id]
            assert (node.segments_total, node.documents_total) == totals.get(node.id, (0, 0))
        CoderView.of(workspace).set_chosen(None)
        with project.reading() as s:
            everyone = brute_counts(s, {c for (c,) in s.execute(select(Coding.coder_id))})[0]
        assert {n.id: (n.segments, n.documents) for n in model.nodes()} == everyone
    finally:
        project.close()


def test_the_segments_list_follows_the_filter(qtbot, study):
    project = Project.open(study.path)
    try:
        workspace = Workspace(project, study.coders["Amal"])
        panel = SegmentsPanel(workspace)
        qtbot.addWidget(panel)
        workspace.select_codes((study.codes["Trust"], study.codes["Funding"]))
        assert len(panel.model.segments) == 4
        CoderView.of(workspace).set_chosen({study.coders["Badr"]})
        assert {seg.coder for seg in panel.model.segments} == {"Badr"}
        assert len(panel.model.segments) == 2
    finally:
        project.close()


def test_stripes_by_coder_put_each_coders_bar_in_a_column_of_its_own(qtbot, study):
    workspace, viewer, project = _viewer(qtbot, study)
    try:
        amal = study.codings[("Amal", "Trust", 6)]
        badr = study.codings[("Badr", "Trust", 6)]

        def left(coding_id: int) -> int:
            return next(rect.left() for rect, cid in viewer.stripes.bars() if cid == coding_id)

        assert left(amal) == left(badr)  # one column per code: the two bars overlap
        CoderView.of(workspace).set_stripes_by_coder(True)
        groups = viewer.model.stripes.groups()
        assert [viewer.model.coder_name(g.coder_id) for g in groups] == ["Amal", "Badr"]
        assert left(amal) < left(badr)  # Amal's group first, Badr's beside it
        columns = {viewer.model.stripes.column(viewer.model.codings[c].code_id,
                                               viewer.model.codings[c].coder_id)
                   for c in (amal, badr)}
        assert len(columns) == 2
        badr_group = groups[1]
        assert badr_group.first > groups[0].first + groups[0].width - 1
        x = int(left(badr)) + 1
        y = next(rect.center().y() for rect, cid in viewer.stripes.bars() if cid == badr)
        assert "Coder: Badr" in viewer.stripes.tooltip_at(QPoint(x, int(y)))
        CoderView.of(workspace).set_stripes_by_coder(False)
        assert left(amal) == left(badr)
    finally:
        project.close()


def _open_in_window(win, qtbot, path: Path):
    win.open_project(path)
    win.workspace.open_document(win.workspace.read(
        lambda s: s.scalar(select(Coding.document_id).limit(1))))
    viewer = win.panels.viewer
    qtbot.waitUntil(lambda: viewer.model is not None)
    return viewer


def _blind_action(win):
    menu = next(a.menu() for a in win.menu_actions.view_menu.actions()
                if a.menu() is not None and a.menu().title() == "C&oders")
    return next(a for a in menu.actions() if a.text() == BLIND_MODE)


def test_blind_mode_hides_says_so_and_is_remembered(window, qtbot, study):  # noqa: F811
    viewer = _open_in_window(window, qtbot, study.path)
    amal = {cid for (coder, _c, _s), cid in study.codings.items() if coder == "Amal"}
    _blind_action(window).trigger()
    assert set(viewer.model.codings) == amal
    assert _bar_ids(viewer) == amal
    line = "Blind mode: showing only Amal's codings"
    assert viewer.coder_status.text() == line and viewer.coder_status.isVisible()
    assert any(getattr(w, "text", lambda: "")() == line
               for w in window.statusBar().findChildren(type(viewer.coder_status)))
    model = window.panels.codebook.model
    qtbot.waitUntil(lambda: not model.awaiting_counts and not model.counting.busy)
    assert {n.name: n.segments for n in model.nodes()} == {"Trust": 1, "Funding": 1,
                                                           "Privacy": 0}
    window.workspace.select_codes((study.codes["Trust"],))
    assert [seg.coder for seg in window.panels.segments.model.segments] == ["Amal"]

    window.close_project()
    viewer = _open_in_window(window, qtbot, study.path)
    assert _blind_action(window).isChecked()
    assert set(viewer.model.codings) == amal
    assert viewer.coder_status.text() == line
    model = window.panels.codebook.model
    qtbot.waitUntil(lambda: not model.counting.busy)
    assert {n.name: n.segments for n in model.nodes()}["Privacy"] == 0

    _blind_action(window).trigger()  # off: everything again
    assert set(viewer.model.codings) == set(study.codings.values())
    assert not viewer.coder_status.isVisible()


def test_removing_a_code_in_blind_mode_leaves_the_other_coders_coding(window, qtbot,  # noqa: F811
                                                                       study):
    viewer = _open_in_window(window, qtbot, study.path)
    _blind_action(window).trigger()
    viewer.editor.select_cp(0, 40)  # covers Amal's and Badr's Trust, Badr's Funding start
    menu = coding_menu(viewer.editor, window.workspace, QPoint(1, 1))
    removes = [a for a in menu.actions() if a.text().startswith("Remove ")
               and "from the selected text" in a.text()]
    assert [a.text() for a in removes] == ["Remove Trust from the selected text"]
    removes[0].trigger()
    with window.workspace.project.reading() as s:
        left = set(s.scalars(select(Coding.id)))
    assert study.codings[("Amal", "Trust", 6)] not in left
    assert study.codings[("Badr", "Trust", 6)] in left
    assert study.codings[("Badr", "Funding", 39)] in left
    window.workspace.undo_stack.undo()
    with window.workspace.project.reading() as s:
        assert study.codings[("Amal", "Trust", 6)] in set(s.scalars(select(Coding.id)))


def test_new_codings_in_blind_mode_are_the_current_coders_and_shown(window, qtbot,  # noqa: F811
                                                                     study):
    viewer = _open_in_window(window, qtbot, study.path)
    _blind_action(window).trigger()
    viewer.editor.select_cp(110, 117)  # "Privacy", coded by Badr only
    changes = window.workspace.code_selection(study.codes["Privacy"])
    coding_id = next(iter(changes.codings))
    assert viewer.model.codings[coding_id].coder == "Amal"
    assert _bar_ids(viewer) >= {coding_id}
    assert study.codings[("Badr", "Privacy", 110)] not in viewer.model.codings


def test_blind_mode_refuses_to_delete_or_merge_a_code_with_hidden_codings(qtbot, study):
    from qcode.ops.codebook import create_code
    from qcode.ops.codings import add_coding

    project = Project.open(study.path)
    try:
        workspace = Workspace(project, study.coders["Amal"])
        panel = CodebookPanel(workspace)
        qtbot.addWidget(panel)
        CoderView.of(workspace).set_blind(True)
        errors: list[str] = []
        workspace.error.connect(errors.append)
        actions = panel.codebook_actions
        assert actions.delete(study.codes["Trust"]) is None  # Badr's Trust coding is hidden
        assert actions.merge(study.codes["Funding"], study.codes["Trust"]) is None
        assert len(errors) == 2 and all("hidden by blind mode" in e for e in errors)
        with project.reading() as s:
            assert len(s.scalars(select(Coding.id)).all()) == len(study.codings)
        workspace.run(create_code, name="Mine")
        mine = next(n.id for n in panel.model.nodes() if n.name == "Mine")
        workspace.run(add_coding, document_id=study.doc_id, code_id=mine,
                      coder_id=study.coders["Amal"], start=0, end=4)
        assert not actions.touches_hidden(mine, "delete")  # only what Amal sees
        assert len(errors) == 2
    finally:
        project.close()

"""Live updates on a team server: what one analyst saves shows in another's open window
within a second (PostgreSQL NOTIFY at commit, a watcher thread, the workspace's changed)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from qcode.ops.coders import coder_id_named
from qcode.ops.codings import NewCoding, add_coding, add_codings
from qcode.project import Project
from qcode.server.url import parse
from qcode.server.watch import Notice, Watcher
from qcode.ui.codebook.model import SEGMENTS
from qcode.ui.server.live import LiveUpdates
from tests.factories import add_code, add_doc
from tests.team_server import soon, team  # noqa: F401 - the fixture
from tests.ui_support import ui_settings  # noqa: F401 - the fixture

TEXT = "Trust in the ministry is low. Donors pay for the training of staff."


def seeded(team) -> tuple[str, int, int]:  # noqa: F811
    """A new project with one document and one code (added by the lead)."""
    name = team.project()
    with Project.open(team.url(name, "lead")) as lead, lead.transaction() as s:
        doc_id = add_doc(s, "E01", TEXT)
        code_id = add_code(s, "Trust")
    return name, doc_id, code_id


def code_as(team, name: str, role: str, doc_id: int, code_id: int,  # noqa: F811
            start: int, end: int) -> int:
    """``role`` adds a coding through its own project; the new coding's id."""
    with Project.open(team.url(name, role)) as project, project.transaction() as s:
        changes = add_coding(s, document_id=doc_id, code_id=code_id,
                             coder_id=coder_id_named(s, role), start=start, end=end)
    return next(iter(changes.codings))


class Collected:
    """A watcher on its own thread, its notices gathered."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher
        self.notices: list[Notice] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert watcher.listening.wait(10)

    def _run(self) -> None:
        for item in self.watcher.events():
            if isinstance(item, Notice):
                self.notices.append(item)

    def wait_for(self, count: int, seconds: float = 3.0) -> list[Notice]:
        soon(lambda: len(self.notices) >= count, seconds)
        return list(self.notices)


@pytest.fixture
def watching(team) -> Iterator:  # noqa: F811
    started: list[Collected] = []

    def start(name: str, role: str = "amira") -> Collected:
        collected = Collected(Watcher(parse(team.url(name, role))[0]))
        started.append(collected)
        return collected

    yield start
    for collected in started:
        collected.watcher.stop()
        collected.thread.join(2)
        assert not collected.thread.is_alive(), "the watcher did not stop promptly"


def test_a_saved_coding_is_announced_with_its_document_code_and_coder(team, watching):  # noqa: F811
    name, doc_id, code_id = seeded(team)
    seen = watching(name)
    coding_id = code_as(team, name, "omar", doc_id, code_id, 0, 5)
    (notice,) = seen.wait_for(1)
    assert notice == Notice(documents=frozenset({doc_id}), codes=frozenset({code_id}),
                            codings=frozenset({coding_id}), by=frozenset({"omar"}))


def test_only_committed_changes_are_announced_and_too_many_ids_are_not_listed(
        team, watching):  # noqa: F811
    name, doc_id, code_id = seeded(team)
    with Project.open(team.url(name, "lead")) as project, project.transaction() as s:
        for i in range(201):
            add_code(s, f"Theme {i}")
    seen = watching(name)
    with Project.open(team.url(name, "omar")) as project:
        with pytest.raises(RuntimeError), project.transaction() as s:
            add_coding(s, document_id=doc_id, code_id=code_id,
                       coder_id=coder_id_named(s, "omar"), start=0, end=5)
            raise RuntimeError("changed my mind")
        with project.transaction() as s:
            coder = coder_id_named(s, "omar")
            spans = [(i % 50, i % 50 + 1 + i // 50) for i in range(250)]  # all different
            add_codings(s, codings=[NewCoding(doc_id, code_id, coder, start, end, "")
                                    for start, end in spans])
    (notice,) = seen.wait_for(1)  # the rolled-back coding: never announced
    assert notice == Notice(documents=frozenset({doc_id}), codes=frozenset({code_id}),
                            by=frozenset({"omar"}))  # 250 codings: too many to list
    with Project.open(team.url(name, "lead")) as project, project.transaction() as s:
        s.execute(text("UPDATE codes SET description = 'to review'"))  # 202 codes at once
    assert seen.wait_for(2)[1] == Notice(whole=True, by=frozenset({"lead"}))


def test_codebook_and_project_edits_are_announced_as_such(team, watching):  # noqa: F811
    name, _doc_id, code_id = seeded(team)
    seen = watching(name)
    with Project.open(team.url(name, "lead")) as project, project.transaction() as s:
        s.execute(text("UPDATE codes SET name = 'Trust in the state' WHERE id = :i"),
                  {"i": code_id})
    (notice,) = seen.wait_for(1)
    assert notice.codebook and notice.codes == {code_id} and not notice.whole
    with Project.open(team.url(name, "lead")) as project, project.transaction() as s:
        s.execute(text("UPDATE project_info SET value = 'Renamed' WHERE key = 'name'"))
    assert seen.wait_for(2)[-1].project


def _opened_as(qtbot, ui_settings, team, name: str, role: str):  # noqa: F811
    from qcode.ui.main_window import MainWindow

    ui_settings.set_coder_name(role)
    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    window.resize(1000, 650)
    window.show()
    window.attach_project(Project.open(team.url(name, role)))
    live = window.findChild(LiveUpdates)
    assert live is not None, "a server project's window follows the server"
    qtbot.waitUntil(live.watcher.listening.is_set, timeout=5000)
    return window


def _segments_shown(window, code_id: int) -> str:
    model = window.panels.codebook.model
    return model.data(model.index_of(code_id, SEGMENTS))


def test_another_analysts_coding_shows_in_the_open_window_within_a_second(
        qtbot, ui_settings, team):  # noqa: F811
    name, doc_id, code_id = seeded(team)
    window = _opened_as(qtbot, ui_settings, team, name, "amira")
    window.workspace.open_document(doc_id)
    viewer = window.panels.viewer
    assert viewer.stripes.bars() == [] and _segments_shown(window, code_id) == "0"

    coding_id = code_as(team, name, "omar", doc_id, code_id, 0, 5)

    qtbot.waitUntil(lambda: coding_id in {cid for _rect, cid in viewer.stripes.bars()},
                    timeout=1000)
    qtbot.waitUntil(lambda: _segments_shown(window, code_id) == "1", timeout=1000)
    assert "omar" in viewer.stripes.tooltip_at(viewer.stripes.bar_rect(coding_id).center())
    window.close()


def test_the_windows_own_coding_is_not_announced_back_to_it(qtbot, ui_settings, team):  # noqa: F811
    name, doc_id, code_id = seeded(team)
    window = _opened_as(qtbot, ui_settings, team, name, "amira")
    received = []
    window.workspace.changed.connect(received.append)
    coder = window.workspace.coder_id
    assert window.workspace.run(add_coding, document_id=doc_id, code_id=code_id,
                                coder_id=coder, start=6, end=11) is not None
    code_as(team, name, "omar", doc_id, code_id, 0, 5)  # announced: the echo would come first
    qtbot.waitUntil(lambda: len(received) >= 2, timeout=2000)
    qtbot.wait(300)
    assert len(received) == 2 and received[1].description == "saved by omar"
    window.close()

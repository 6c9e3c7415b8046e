"""A team server that goes away mid-session: the app keeps running and says so, a coding made
meanwhile is refused in one plain line (never queued), the window reconnects by itself when
the server is back, and nothing reported as saved is lost."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import text

from qcode.ops.codings import add_coding
from qcode.project import Project
from qcode.server.url import parse
from qcode.server.watch import BACK, LOST, Notice, Watcher
from qcode.ui.errors import open_error_dialogs
from qcode.ui.server.live import LiveUpdates
from qcode.ui.server.status import RECONNECTED, UNREACHABLE, ServerStatus
from tests.team_server import soon, team  # noqa: F401 - the fixture
from tests.test_server_live import code_as, seeded
from tests.ui_support import ui_settings  # noqa: F401 - the fixture

SHOTS = Path(os.environ.get("QCODE_SHOTS", "/tmp/shots16"))


def saved_spans(team, name: str) -> list[tuple[str, int, int]]:  # noqa: F811
    with Project.open(team.url(name, "lead")) as project, project.reading() as s:
        rows = s.execute(text("SELECT c.name, g.start, g.\"end\" FROM codings g "
                              "JOIN coders c ON c.id = g.coder_id ORDER BY g.start"))
        return [tuple(row) for row in rows]


def test_the_watcher_says_lost_and_back_and_asks_for_a_whole_re_read(team):  # noqa: F811
    name, _doc_id, _code_id = seeded(team)
    watcher = Watcher(parse(team.url(name, "amira"))[0])
    seen: list = []
    thread = threading.Thread(target=lambda: seen.extend(watcher.events()), daemon=True)
    thread.start()
    assert watcher.listening.wait(10)
    team.server.pause()
    try:
        assert soon(lambda: seen == [LOST]), seen
    finally:
        team.server.resume()
    assert soon(lambda: len(seen) >= 3), seen
    watcher.stop()
    thread.join(2)
    assert seen == [LOST, BACK, Notice(whole=True)] and not thread.is_alive()


def test_a_server_stopped_mid_session_is_said_plainly_and_nothing_saved_is_lost(
        qtbot, ui_settings, team):  # noqa: F811
    from qcode.ui.main_window import MainWindow

    name, doc_id, code_id = seeded(team)
    ui_settings.set_coder_name("amira")
    window = MainWindow(ui_settings)
    qtbot.addWidget(window)
    window.resize(1100, 650)
    window.show()
    window.attach_project(Project.open(team.url(name, "amira")))
    workspace = window.workspace
    qtbot.waitUntil(window.findChild(LiveUpdates).watcher.listening.is_set, timeout=5000)
    workspace.open_document(doc_id)
    status = window.findChild(ServerStatus)
    assert status is not None and status.isHidden()

    def code(start: int, end: int):
        return workspace.run(add_coding, document_id=doc_id, code_id=code_id,
                             coder_id=workspace.coder_id, start=start, end=end)

    assert code(0, 5) is not None and code(6, 11) is not None  # reported saved
    omars = code_as(team, name, "omar", doc_id, code_id, 12, 20)
    bars = window.panels.viewer.stripes.bars
    qtbot.waitUntil(lambda: omars in {cid for _rect, cid in bars()}, timeout=1000)
    before = saved_spans(team, name)
    re_read = []
    workspace.changed.connect(lambda changes: re_read.append(changes.codebook_tree))

    team.server.pause()
    try:
        qtbot.waitUntil(lambda: status.isVisible() and status.text() == UNREACHABLE,
                        timeout=3000)
        assert code(21, 29) is None  # refused, not queued
        (box,) = open_error_dialogs(window)
        message = box.text()
        assert "cannot be reached" in message and "nothing was saved" in message
        assert len(message.splitlines()) == 1, message
        SHOTS.mkdir(parents=True, exist_ok=True)
        box.close()
        assert window.isVisible() and window.workspace is workspace  # the app runs on
        assert window.grab().save(str(SHOTS / "live_unreachable.png"))
    finally:
        team.server.resume()

    qtbot.waitUntil(lambda: status.isVisible() and status.text() == RECONNECTED, timeout=6000)
    assert re_read == [True]  # back: everything shown is read again (saves may be missed)
    assert window.grab().save(str(SHOTS / "live_reconnected.png"))
    assert code(30, 35) is not None  # coding works again
    after = saved_spans(team, name)
    assert after == [*before, ("amira", 30, 35)]  # all that was saved, and not the refused one
    assert before == [("amira", 0, 5), ("amira", 6, 11), ("omar", 12, 20)]
    window.close()

"""The app opens team projects on a PostgreSQL server: File → Open server project…, the password
the server asks for, the recent list, and a window that names who is connected and as what."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog
from sqlalchemy import text

from qcode import backups
from qcode.project import Project
from qcode.server.url import parse
from qcode.ui.errors import open_error_dialogs
from qcode.ui.main_window import MainWindow
from qcode.ui.server.password import PASSWORD_DIALOG
from qcode.ui.workspace import TextSelection
from tests.factories import add_code, add_doc
from tests.team_server import team  # noqa: F401 - the fixture
from tests.ui_support import ui_settings, window  # noqa: F401

TEXT = "Trust in the ministry is low."
PASSWORD = "s3cret-pw"


@pytest.fixture
def study(team):  # noqa: F811
    """A new team project with one document and one code, made by its lead."""
    name = team.project()
    with Project.open(team.url(name, "lead")) as lead, lead.transaction() as s:
        add_doc(s, "E01", TEXT)
        add_code(s, "Trust")
    return name


def _opened(window, qtbot) -> None:  # noqa: F811
    qtbot.waitUntil(lambda: window.workspace is not None and not window.loading, timeout=15_000)


def _coder_names(team, name: str) -> list[str]:  # noqa: F811
    with Project.open(team.url(name, "lead")) as lead, lead.reading() as s:
        return sorted(s.execute(text("SELECT name FROM coders")).scalars())


def _code_some_text(workspace) -> object:
    """Select the first word of the document and code it with the one code (as the app does
    on a double-click in the codebook); the Changes, or None when refused."""
    doc_id = workspace.read(lambda s: s.execute(text("SELECT id FROM documents")).scalar())
    code_id = workspace.read(lambda s: s.execute(text("SELECT id FROM codes")).scalar())
    workspace.set_text_selection(TextSelection(doc_id, 0, 5, TEXT[:5]))
    return workspace.code_selection(code_id)


def _shown(url: str) -> str:
    """``url`` as the app shows and remembers it (no password; options quoted)."""
    return parse(url)[0].display()


def _label(team, name: str) -> str:  # noqa: F811
    return f"{name} on {team.server.folder}"


def test_a_coder_opens_by_url_through_the_dialog_and_codes_as_their_login(
        window, team, study, qtbot):  # noqa: F811
    coders_before = _coder_names(team, study)
    dialog = window.choose_server_project()
    dialog.set_url("db.example.org/study")  # no scheme: said under the field, dialog stays
    dialog.open_button.click()
    assert dialog.isVisible() and "postgresql://" in dialog.problem.text()
    dialog.set_url(team.url(study, "amira"))
    dialog.open_button.click()
    _opened(window, qtbot)
    assert window.windowTitle() == f"{_label(team, study)} — amira (coder) — qcode"
    assert window.coder_button.text() == "Coder: amira"  # not the settings' "Amal"
    assert "login role" in window.coder_button.toolTip()
    window.coder_button.click()  # offers no change: says why in the status bar instead
    assert "login role" in window.statusBar().currentMessage()
    assert not window.menu_actions.change_coder.isEnabled()

    assert _code_some_text(window.workspace) is not None
    with Project.open(team.url(study, "lead")) as lead, lead.reading() as s:
        coders = s.execute(text("SELECT c.name FROM codings JOIN coders c "
                                "ON c.id = codings.coder_id")).scalars().all()
    assert coders == ["amira"]
    assert _coder_names(team, study) == coders_before  # no "Amal", no second amira


def test_a_reader_opens_read_only_and_is_told_they_are_a_reader(
        window, team, study, qtbot):  # noqa: F811
    assert window.open_project(team.url(study, "reader"))
    _opened(window, qtbot)
    assert window.windowTitle() == f"{_label(team, study)} — reader (reader, read-only) — qcode"
    assert window.readonly_label.isVisible()
    assert "reader" in window.readonly_label.toolTip()
    assert _code_some_text(window.workspace) is None
    [dialog] = open_error_dialogs(window)
    assert "you are a reader of this project (reader)" in dialog.text()
    assert "\n" not in dialog.text() and "other qcode window" not in dialog.text()


def test_a_stranger_gets_one_line_saying_they_are_no_member(
        window, team, study, qtbot):  # noqa: F811
    window.open_project(team.url(study, "stranger"))
    qtbot.waitUntil(lambda: bool(open_error_dialogs(window)), timeout=15_000)
    [dialog] = open_error_dialogs(window)
    assert "stranger is not a member of this project" in dialog.text()
    assert "\n" not in dialog.text() and "Traceback" not in dialog.text()
    assert window.workspace is None and window.start_page.isVisible()


def test_the_recent_list_keeps_the_url_without_its_password(
        window, team, study, qtbot, ui_settings):  # noqa: F811
    plain = team.url(study, "amira")
    with_password = plain.replace("amira@", "amira:typed-pw@")  # trust: any password opens
    assert window.open_project(with_password)
    _opened(window, qtbot)
    window.close_project()
    ui_settings.sync()
    assert window.start_page.recent_paths() == [_shown(plain)]
    assert window.start_page.recent_list.item(0).text() == f"{_label(team, study)}\n{_shown(plain)}"
    menu_entry = f"&1 {_label(team, study)} — amira"
    assert window.menu_actions.recent_menu.actions()[0].text() == menu_entry
    assert "typed-pw" not in Path(ui_settings.file_name).read_text()
    assert window.open_project(window.start_page.recent_paths()[0])  # reopens from the list
    _opened(window, qtbot)
    assert "amira (coder)" in window.windowTitle()


def test_a_remembered_server_that_is_gone_says_one_line_and_stays_listed(
        qtbot, ui_settings, tmp_path):  # noqa: F811
    gone = _shown(f"postgresql://amira@/study?host={tmp_path / 'no-server'}")
    ui_settings.add_recent_project(gone)
    win = MainWindow(ui_settings)  # its start page reads the list
    qtbot.addWidget(win)
    win.show()
    [entry] = win.start_page.recent_paths()
    win.open_project(entry)
    qtbot.waitUntil(lambda: bool(open_error_dialogs(win)), timeout=15_000)
    [dialog] = open_error_dialogs(win)
    assert "the server cannot be reached" in dialog.text() and "\n" not in dialog.text()
    assert win.start_page.recent_paths() == [gone]


def test_a_server_project_gets_no_backups(window, team, study, qtbot,  # noqa: F811
                                          tmp_path, monkeypatch):
    monkeypatch.setenv(backups.DIR_ENV, str(tmp_path / "backups"))
    monkeypatch.setenv(backups.MINUTES_ENV, "0.002")
    assert window.open_project(team.url(study, "lead"))
    _opened(window, qtbot)
    assert window.periodic_backups.task is None
    assert _code_some_text(window.workspace) is not None
    qtbot.wait(400)
    assert window.periodic_backups.task is None
    assert "backup" not in window.statusBar().currentMessage().lower()
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


# -- the password ------------------------------------------------------------------------------

@pytest.fixture
def password_role(team, study):  # noqa: F811
    """Role ``pwuser``, a coder of ``study``, whom the server asks for a password (scram)."""
    team.superuser_sql("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE "
                       "rolname = 'pwuser') THEN CREATE ROLE pwuser LOGIN; END IF; END $$")
    team.superuser_sql("postgres", f"ALTER ROLE pwuser PASSWORD '{PASSWORD}'")
    hba = team.server.folder / "data" / "pg_hba.conf"
    rules = hba.read_text()
    if "pwuser" not in rules:
        hba.write_text("local all pwuser scram-sha-256\n" + rules)  # first match wins
        team.superuser_sql("postgres", "SELECT pg_reload_conf()")
    from qcode.server import admin
    from qcode.server.url import parse

    admin.grant(parse(team.url(study))[0], "pwuser", "coder")
    return team.url(study, "pwuser")


def _password_dialog(window, qtbot, saying: str = "") -> QInputDialog:  # noqa: F811
    def shown() -> list[QInputDialog]:
        return [d for d in window.findChildren(QInputDialog)
                if d.objectName() == PASSWORD_DIALOG and d.isVisible()
                and saying in d.labelText()]

    qtbot.waitUntil(lambda: len(shown()) == 1, timeout=15_000)
    return shown()[0]


def test_the_password_is_asked_for_asked_again_when_refused_and_never_kept(
        window, team, study, password_role, qtbot, ui_settings):  # noqa: F811
    assert window.open_project(password_role)
    asked = _password_dialog(window, qtbot)
    assert "password of pwuser" in asked.labelText() and study in asked.labelText()
    asked.setTextValue("wrong")
    asked.accept()
    again = _password_dialog(window, qtbot, saying="refused")
    assert window.workspace is None
    assert not open_error_dialogs(window)
    again.setTextValue(PASSWORD)
    again.accept()
    _opened(window, qtbot)
    assert window.windowTitle() == f"{_label(team, study)} — pwuser (coder) — qcode"
    window.close_project()
    ui_settings.sync()
    assert window.start_page.recent_paths() == [_shown(password_role)]
    assert PASSWORD not in Path(ui_settings.file_name).read_text()


def test_cancelling_the_password_opens_nothing_and_says_nothing(
        window, password_role, qtbot):  # noqa: F811
    assert window.open_project(password_role)
    _password_dialog(window, qtbot).reject()
    qtbot.wait(200)
    assert window.workspace is None and window.start_page.isVisible()
    assert not open_error_dialogs(window)
    assert window.start_page.open_button.isEnabled()  # not left busy


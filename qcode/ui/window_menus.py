"""The main window's menus: File, Edit, View, Coding, Analysis. Actions that need an open
project are enabled by :func:`set_project_actions_enabled`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from qcode.ui.exchange.menu import ExchangeActions
    from qcode.ui.main_window import MainWindow
    from qcode.ui.survey.menu import SurveyActions
    from qcode.ui.team.menu import TeamActions


@dataclass
class WindowActions:
    new_project: QAction
    open_project: QAction
    open_demo: QAction
    import_documents: QAction
    close_project: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    project_memo: QAction
    change_coder: QAction
    dark_theme: QAction
    reset_layout: QAction
    recent_menu: QMenu
    coding_menu: QMenu
    view_menu: QMenu
    #: actions that only make sense with a project open
    project_only: list[QAction] = field(default_factory=list)
    #: REFI-QDA import and export (they enable themselves as the open project allows)
    exchange: ExchangeActions | None = None
    #: merge projects, coder agreement (they enable themselves likewise)
    team: TeamActions | None = None
    #: File → Import survey… (enabled as the open project allows)
    survey: SurveyActions | None = None
    #: File → Open server project…
    open_server: QAction | None = None


def _action(window: MainWindow, text: str, slot: Callable[[], object],
            shortcut: QKeySequence | str | None = None, tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def build_menus(window: MainWindow) -> WindowActions:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    new = _action(window, "&New project…", window.choose_new_project, QKeySequence.StandardKey.New)
    open_ = _action(window, "&Open project…", window.choose_project,
                    QKeySequence.StandardKey.Open)
    server = _action(window, "Open &server project…", window.choose_server_project,
                     tip="A team project on a PostgreSQL server (postgresql://…)")
    demo = _action(window, "Open the &demo project", window.open_demo,
                   tip="23 fictional interviews on e-government in Libya")
    import_ = _action(window, "&Import documents…", window.show_import_dialog, "Ctrl+I",
                      "Import transcripts and an attributes table")
    close = _action(window, "&Close project", window.close_project, QKeySequence.StandardKey.Close)
    quit_ = _action(window, "&Quit", window.close, QKeySequence.StandardKey.Quit)
    recent = QMenu("&Recent projects", window)
    for item in (new, open_, server, demo):
        file_menu.addAction(item)
    file_menu.addMenu(recent)
    file_menu.addSeparator()
    file_menu.addAction(import_)
    from qcode.ui.exchange.menu import ExchangeActions

    exchange = ExchangeActions(window, file_menu, after=import_)
    from qcode.ui.survey.menu import SurveyActions

    survey = SurveyActions(window, file_menu, after=import_)
    before_close = file_menu.addSeparator()
    file_menu.addAction(close)
    file_menu.addAction(quit_)

    edit_menu = bar.addMenu("&Edit")
    undo = window.undo_group.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = window.undo_group.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    search = window.layout_.go_to_actions["search"]  # Ctrl+Shift+F: the search panel
    search.setText("&Search all documents…")
    edit_menu.addAction(search)

    view_menu = bar.addMenu("&View")
    dark = _action(window, "&Dark theme", lambda: window.set_dark_theme(dark.isChecked()))
    dark.setCheckable(True)
    reset = _action(window, "&Reset panel layout", window.reset_layout)
    coding_menu = bar.addMenu("&Coding")
    memo = _action(window, "Project &memo", window.show_project_memo,
                   tip="Write about the project as a whole")
    coder = _action(window, "Change &coder…", window.ask_coder_name,
                    tip="The name new codings carry")
    analysis_menu, analysis = _analysis_menu(window)
    survey.add_analysis_entry(analysis_menu)
    from qcode.ui.team.menu import TeamActions

    team = TeamActions(window, file_menu, before_close, analysis_menu)
    actions = WindowActions(new, open_, demo, import_, close, quit_, undo, redo, memo, coder,
                            dark, reset, recent, coding_menu, view_menu,
                            project_only=[import_, close, memo, reset, *analysis],
                            exchange=exchange, team=team, survey=survey, open_server=server)
    return actions


def _analysis_menu(window: MainWindow) -> tuple[QMenu, list[QAction]]:
    """Analysis: theme matrix and co-occurrence, each opening in a dock."""

    def show(kind: str) -> None:
        from qcode.ui.analysis.docks import show_analysis

        show_analysis(window, kind)

    menu = window.menuBar().addMenu("&Analysis")
    matrix = _action(window, "Theme &matrix…", lambda: show("matrix"), "Ctrl+Shift+M",
                     "Codes by documents, attribute values or speakers")
    cooccurrence = _action(window, "Code &co-occurrence…", lambda: show("cooccurrence"),
                           "Ctrl+Shift+O", "Which codes are applied together")
    words = _action(window, "&Word frequencies…", lambda: _show_words(window), None,
                    "How often each word occurs, overall or by code, document or attribute")
    menu.addAction(matrix)
    menu.addAction(cooccurrence)
    menu.addAction(words)
    return menu, [matrix, cooccurrence, words]


def _show_words(window: MainWindow) -> None:
    from qcode.ui.words.dock import show_words

    show_words(window)


def fill_view_menu(actions: WindowActions, dock_toggles: list[QAction],
                   go_to: list[QAction]) -> None:
    menu = actions.view_menu
    menu.clear()
    for action in go_to:
        menu.addAction(action)
    menu.addSeparator()
    for action in dock_toggles:
        menu.addAction(action)
    menu.addSeparator()
    menu.addAction(actions.reset_layout)
    menu.addAction(actions.dark_theme)


def fill_coding_menu(actions: WindowActions, coding_actions: list[QAction]) -> None:
    menu = actions.coding_menu
    menu.clear()
    for action in coding_actions:
        menu.addAction(action)
    if coding_actions:
        menu.addSeparator()
    menu.addAction(actions.project_memo)
    menu.addAction(actions.change_coder)


def fill_recent_menu(actions: WindowActions, entries: list[Path | str],
                     open_path: Callable[[Path | str], object]) -> None:
    """Recent projects: a file by its name, a server project as ``database on host — login``
    (one database may be listed for two logins)."""
    from qcode.ui.start_page import server_label

    menu = actions.recent_menu
    menu.clear()
    for i, entry in enumerate(entries, start=1):
        name = server_label(entry, login=True) if isinstance(entry, str) else entry.stem
        action = menu.addAction(f"&{i % 10} {name}" if i <= 10 else name)
        action.setStatusTip(str(entry))
        action.triggered.connect(lambda _checked=False, e=entry: open_path(e))
    menu.setEnabled(bool(entries))


def set_project_actions_enabled(actions: WindowActions, open_: bool, writable: bool, *,
                                on_server: bool = False) -> None:
    """``on_server``: the coder is the login role, so Change coder… is off."""
    for action in actions.project_only:
        action.setEnabled(open_)
    actions.import_documents.setEnabled(open_ and writable)
    actions.change_coder.setEnabled(not on_server)
    actions.change_coder.setStatusTip("On a team server your codings carry your login role"
                                      if on_server else "The name new codings carry")

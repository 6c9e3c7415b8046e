"""The main window: the document viewer in the middle, dockable panels around it.

Documents and Memo on the left, Codebook on the right, Coded segments under the viewer; every
dock can be moved, floated or closed, and the layout is remembered. With no project open the
start page fills the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from qcode.browse.documents import project_name
from qcode.changes import Changes
from qcode.errors import QcodeError
from qcode.ops.coders import default_coder_name
from qcode.project import Project
from qcode.resolve import resolve_code, resolve_document
from qcode.server.identity import pulled_as
from qcode.ui import opening, window_menus
from qcode.ui.coder_dialog import CoderButton, CoderDialog, ask_coder_name
from qcode.ui.dock_layout import DockLayout
from qcode.ui.errors import show_error
from qcode.ui.import_dialog import ImportDialog
from qcode.ui.loading_status import LoadingStatus
from qcode.ui.panels import BACKGROUND_FROM_CODINGS, Panels, build_panels, loads_in_background
from qcode.ui.periodic_backups import PeriodicBackups
from qcode.ui.server import login as server_login
from qcode.ui.server.open_dialog import ServerOpenDialog, ask_server_url
from qcode.ui.settings import Settings
from qcode.ui.start_page import StartPage
from qcode.ui.theme import apply_theme, is_dark
from qcode.ui.worker import BackgroundTask
from qcode.ui.workspace import Workspace


class MainWindow(QMainWindow):
    project_opened = Signal()
    #: every panel of the open project has its data (at once for a small project; for a big
    #: one once the worker threads have read it)
    ready = Signal()
    project_closing = Signal()  # before the project's database is closed: stop reading it
    project_closed = Signal()

    def __init__(self, settings: Settings | None = None, *, record_coder: bool = True) -> None:
        """``record_coder=False`` never adds the coder to a project (screenshots)."""
        super().__init__()
        self.settings = settings or Settings()
        self.record_coder = record_coder
        self.workspace: Workspace | None = None
        self.panels: Panels | None = None
        self.demo_task: BackgroundTask | None = None
        #: projects with this many codings or more load their panels off the GUI thread
        self.background_load_from = BACKGROUND_FROM_CODINGS
        self.open_task: BackgroundTask | None = None  # opening a big project
        self.undo_group = QUndoGroup(self)
        self.setObjectName("qcodeMainWindow")
        self.setAcceptDrops(True)
        self.start_page = StartPage()
        self.start_page.new_requested.connect(self.choose_new_project)
        self.start_page.open_requested.connect(self.choose_project)
        self.start_page.server_requested.connect(self.choose_server_project)
        self.start_page.demo_requested.connect(self.open_demo)
        self.start_page.recent_chosen.connect(self.open_project)
        self.project_area = QWidget()
        self.project_area.setLayout(QVBoxLayout())
        self.project_area.layout().setContentsMargins(0, 0, 0, 0)
        central = QWidget()  # shows one of the two; a hidden one does not set minimum sizes
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.start_page)
        layout.addWidget(self.project_area)
        self.setCentralWidget(central)
        self.layout_ = DockLayout(self)
        self.docks = self.layout_.docks
        self.menu_actions = window_menus.build_menus(self)
        window_menus.fill_view_menu(self.menu_actions, self.layout_.toggle_actions(),
                                    list(self.layout_.go_to_actions.values()))
        window_menus.fill_coding_menu(self.menu_actions, [])
        self.menu_actions.dark_theme.setChecked(is_dark())
        self._make_status_bar()
        self.periodic_backups = PeriodicBackups(self)
        self._restore_geometry()
        self._show_start_page()

    # -- building ------------------------------------------------------------------------------

    def _make_status_bar(self) -> None:
        bar = self.statusBar()
        self.readonly_label = QLabel("Read-only")
        self.readonly_label.setToolTip("This project is open read-only: you can read and "
                                       "export, but not change it.")
        self.readonly_label.setVisible(False)
        self.coder_button = CoderButton()
        self.coder_button.clicked.connect(self.ask_coder_name)
        self.coder_button.set_name(self.coder_name())
        self.loading_status = LoadingStatus(bar)
        bar.addPermanentWidget(self.readonly_label)
        bar.addPermanentWidget(self.coder_button)

    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None and self.restoreGeometry(geometry):
            return
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        if available is not None and available.width() > 0:
            self.resize(min(1500, available.width() * 9 // 10),
                        min(950, available.height() * 9 // 10))
        else:
            self.resize(1400, 900)

    # -- state ---------------------------------------------------------------------------------

    def _show_start_page(self) -> None:
        self.layout_.hide_all()
        self.start_page.set_recent(self.settings.recent_projects())
        window_menus.fill_recent_menu(self.menu_actions, self.settings.recent_projects(),
                                      self.open_project)
        window_menus.set_project_actions_enabled(self.menu_actions, False, False)
        self.readonly_label.setVisible(False)
        self.coder_button.set_name(self.coder_name())
        self.project_area.hide()
        self.start_page.show()
        self._update_title()

    def _update_title(self) -> None:
        if self.workspace is None:
            self.setWindowTitle("qcode")
            return
        project = self.workspace.project
        if project.on_server:  # "study on host — amira (coder)"
            self.setWindowTitle(f"{server_login.window_title(project)} — qcode")
            return
        name = self.workspace.read(project_name) or project.path.stem
        suffix = " (read-only)" if project.readonly else ""
        self.setWindowTitle(f"{name}{suffix} — qcode")

    # -- opening and closing projects ----------------------------------------------------------

    def choose_new_project(self) -> None:
        path = opening.choose_new_project_path(self)
        if path is not None:
            self.new_project_at(path)

    def choose_project(self) -> None:
        path = opening.choose_project_to_open(self)
        if path is not None:
            self.open_project(path)

    def choose_server_project(self) -> ServerOpenDialog:
        """File → Open server project…: ask for the URL (offering those opened before)."""
        remembered = [e for e in self.settings.recent_projects() if isinstance(e, str)]
        return ask_server_url(self, remembered, self.open_project)

    def new_project_at(self, path: Path) -> bool:
        self.close_project()
        try:
            project = Project.create(path)
        except QcodeError as exc:
            show_error(self, str(exc))
            return False
        self.attach_project(project)
        return True

    def open_project(self, path: Path | str, readonly: bool = False) -> bool:
        """Open the project at ``path``, a file or a server URL (closing the current one). A
        locked project asks whether to open it read-only; a server may ask for a password;
        any other failure is shown in a dialog."""
        path = opening.as_target(path)
        if self.workspace is not None and opening.same_place(self.workspace.project, path):
            return True
        self.close_project()
        on_error = lambda m: self._open_failed(path, m)  # noqa: E731
        on_readonly = lambda: self.open_project(path, readonly=True)  # noqa: E731
        if opening.opens_in_background(path):
            opening.open_in_window(self, path, readonly, on_error, on_readonly)
            return True
        project = opening.open_project_file(self, path, readonly=readonly, on_error=on_error,
                                            on_readonly=on_readonly)
        if project is None:
            return False
        self.attach_project(project)
        return True

    def _open_failed(self, path: Path | str, message: str) -> None:
        """Say why; a file that is gone leaves the recent list (a server URL stays)."""
        if isinstance(path, Path) and not path.is_file():
            self.settings.remove_recent_project(path)
            self._show_start_page()
        show_error(self, message)

    def open_demo(self) -> None:
        """Open the demo project, building it first (on a worker thread) if needed."""
        opening.open_demo(self)

    def attach_project(self, project: Project) -> Workspace:
        """Show an opened project: workspace, panels, docks, title, recent list."""
        workspace = Workspace(project, 0, self)
        self.workspace = workspace
        workspace.error.connect(lambda message: show_error(self, message))
        workspace.message.connect(lambda message: self.statusBar().showMessage(message, 10_000))
        self._bind_coder()
        workspace.memo_requested.connect(lambda *_: self.show_dock("memo", focus=False))
        workspace.changed.connect(self._on_changed)
        self.undo_group.addStack(workspace.undo_stack)
        self.undo_group.setActiveStack(workspace.undo_stack)
        background = loads_in_background(workspace, self.background_load_from)
        self.panels = panels = build_panels(self, workspace, background=background)
        self.project_area.layout().addWidget(panels.viewer)
        self.start_page.hide()
        self.project_area.show()
        panels.documents.import_requested.connect(self.show_import_dialog)
        self.layout_.fill({key: getattr(panels, key) for key in self.docks},
                          self.settings.dock_state())
        window_menus.fill_coding_menu(self.menu_actions, panels.coding_actions())
        from qcode.ui.viewer.coder_menu import attach_coder_menu  # View → Coders, blind mode
        attach_coder_menu(self, panels)
        from qcode.ui.server.live import follow_server  # what other analysts save, live
        follow_server(self, workspace)
        window_menus.set_project_actions_enabled(self.menu_actions, True, not project.readonly,
                                                 on_server=project.on_server)
        self.readonly_label.setVisible(project.readonly)
        self.readonly_label.setToolTip(server_login.read_only_tip(project))
        self.settings.add_recent_project(opening.recent_entry(project))
        window_menus.fill_recent_menu(self.menu_actions, self.settings.recent_projects(),
                                      self.open_project)
        self._update_title()
        if project.backup_path is not None:
            workspace.message.emit(f"Project upgraded; the previous version was saved as "
                                   f"{project.backup_path.name}")
        self.project_opened.emit()
        self._start_loading(panels, project.label)
        return workspace

    @property
    def loading(self) -> bool:
        """True while a panel still waits for its data."""
        loader = self.panels.loader if self.panels is not None else None
        return self.open_task is not None or (loader is not None and loader.loading)

    def _start_loading(self, panels: Panels, name: str) -> None:
        """Start the panels' background reads, with progress; ``ready`` when all are in."""
        loader = panels.loader
        if loader is None:
            self.ready.emit()
            return
        self.loading_status.follow(loader, name)
        loader.ready.connect(self.ready)
        loader.start()

    def close_project(self) -> None:
        """Save what is pending, remember the layout, and go back to the start page."""
        workspace, panels = self.workspace, self.panels
        if workspace is None:
            return
        if panels is not None:
            panels.memo.save()
        self.statusBar().clearMessage()
        self.project_closing.emit()
        self.settings.set_dock_state(self.saveState())
        self.workspace = self.panels = None
        self.loading_status.finish()
        if panels is not None:
            panels.dispose(self)
        window_menus.fill_coding_menu(self.menu_actions, [])
        self.undo_group.removeStack(workspace.undo_stack)
        workspace.close()
        workspace.deleteLater()
        self._show_start_page()
        self.project_closed.emit()

    def _on_changed(self, changes: Changes) -> None:
        if changes.project:
            self._update_title()

    # -- navigation ----------------------------------------------------------------------------

    def open_document_named(self, ref: str) -> None:
        """Open a document by name, id or unique start of its name; raises NotFound."""
        assert self.workspace is not None
        doc_id = self.workspace.read(lambda s: resolve_document(s, ref).id)
        self.workspace.open_document(doc_id)

    def select_code_path(self, path: str) -> None:
        """Select a code by its path (``Parent/Child``), unique leaf name or start; raises
        NotFound."""
        assert self.workspace is not None
        code_id = self.workspace.read(lambda s: resolve_code(s, path).id)
        self.workspace.select_codes((code_id,))

    def show_dock(self, key: str, *, focus: bool = True) -> None:
        self.layout_.show(key, focus=focus)

    def show_project_memo(self) -> None:
        if self.workspace is not None:
            self.workspace.edit_memo("project", 0)

    def reset_layout(self) -> None:
        if self.workspace is not None:
            self.layout_.place_default()

    def show_import_dialog(self, paths: list[Path] | None = None) -> ImportDialog | None:
        if self.workspace is None or self.workspace.project.readonly:
            return None
        dialog = ImportDialog(self.workspace, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(
            lambda summary: self.statusBar().showMessage(f"Import: {summary.line()}", 15_000))
        if paths:
            dialog.add_paths(paths)
        dialog.open()
        return dialog

    # -- coder and theme -----------------------------------------------------------------------

    def coder_name(self) -> str:
        return self.settings.coder_name() or default_coder_name()

    def ask_coder_name(self, first_start: bool = False) -> CoderDialog | None:
        """Ask who codes; on a server (the coder is the login) say so instead."""
        if self.coder_button.fixed:
            self.statusBar().showMessage(self.coder_button.toolTip(), 10_000)
            return None
        return ask_coder_name(self, self.coder_name(), self.set_coder_name,
                              first_start=first_start)

    def set_coder_name(self, name: str) -> None:
        self.settings.set_coder_name(name)
        self.coder_button.set_name(name)
        if self.workspace is not None:
            self._bind_coder()
            self.statusBar().showMessage(f"New codings will carry the name {name}.", 8_000)

    def _bind_coder(self) -> None:
        """Bind the workspace to the coder of the current name (read-only: only look it up)."""
        workspace = self.workspace
        assert workspace is not None
        project = workspace.project
        offline = None if project.on_server else workspace.read(pulled_as)  # a copy
        name = project.login or offline or self.coder_name()  # the login role, always
        tip = (server_login.coder_tip(project) if project.on_server else
               server_login.offline_coder_tip(offline) if offline else None)
        self.coder_button.set_name(name, fixed_tip=tip)
        workspace.bind_coder(name, create=self.record_coder)

    def set_dark_theme(self, dark: bool) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, dark=dark)
        self.menu_actions.dark_theme.setChecked(dark)
        self.settings.set_theme("dark" if dark else "light")

    # -- window events -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A dropped project opens; dropped transcripts go to the import dialog."""
        opening.take_drop(self, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.open_task is not None:
            self.open_task.abandon()
            self.open_task = None
        if self.demo_task is not None:
            self.demo_task.abandon()
            opening.demo_done(self)
        self.close_project()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.sync()
        event.accept()

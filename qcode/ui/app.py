"""Starting the desktop app: the QApplication, its look, the error hook, the main window.

:func:`run` is what ``qcode gui`` (and a bare ``qcode``) calls. With ``screenshot`` it renders
the window offscreen once every panel has its data and the event loop has settled, saves a PNG
and quits - for documentation and for checking the UI without a display. A screenshot never
shows a loading state: a big project's panels read their data on worker threads, and the
picture waits for :attr:`MainWindow.ready`.

The window is painted before a project opens, so it shows at once however big the project.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from qcode import __version__
from qcode.errors import ProjectError, QcodeError
from qcode.project import Project
from qcode.server.url import is_server_url
from qcode.ui.errors import install_excepthook, show_error
from qcode.ui.main_window import MainWindow
from qcode.ui.opening import as_target, is_locked_error, same_place
from qcode.ui.settings import APPLICATION, ORGANISATION, Settings
from qcode.ui.theme import apply_theme, wants_dark

SCREENSHOT_SIZE = (1500, 950)
SETTLE_MS = 600


@dataclass(frozen=True)
class LaunchOptions:
    project: Path | str | None = None  # a project file, or a server URL (text)
    open_document: str | None = None
    select_code: str | None = None
    screenshot: Path | None = None
    dark: bool | None = None


def create_application(*, dark: bool | None = None, settings: Settings | None = None
                       ) -> QApplication:
    """The QApplication (reused if one exists), with its names, look and error hook."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("qcode")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon.fromTheme("accessories-text-editor"))
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        app.setFont(QFont("DejaVu Sans", 10))  # the offscreen platform has no desktop font
    theme = (settings or Settings(persist=False)).theme()
    apply_theme(app, dark=wants_dark(theme, dark))
    install_excepthook()
    return app


def _open_for_screenshot(window: MainWindow, path: Path | str) -> None:
    """Open without questions: a project locked by another window is opened read-only."""
    try:
        project = Project.open(path)
    except ProjectError as exc:
        if not is_locked_error(exc):
            raise
        project = Project.open(path, readonly=True)
    window.attach_project(project)


def _navigate(window: MainWindow, options: LaunchOptions) -> None:
    if options.open_document:
        window.open_document_named(options.open_document)
    if options.select_code:
        window.select_code_path(options.select_code)


def when_ready(window: MainWindow, then: Callable[[], None]) -> None:
    """Call ``then`` once every panel has its data (at once if none is loading)."""
    if not window.loading:
        then()
        return

    def ready() -> None:
        window.ready.disconnect(ready)
        then()

    window.ready.connect(ready)


def save_screenshot_when_ready(app: QApplication, window: MainWindow, target: Path,
                               settle_ms: int = SETTLE_MS,
                               done: Callable[[int], None] | None = None) -> None:
    """Save the window as a PNG once the panels have their data and the layout has settled,
    then call ``done`` with the exit status (0, or 1 if the file cannot be written): by default
    ``app.exit``, which ends the event loop. (Tests pass their own: after ``app.exit`` no event
    loop of the process runs again until ``app.exec``.)"""
    finish = done or app.exit
    when_ready(window, lambda: QTimer.singleShot(
        settle_ms, lambda: finish(_save_screenshot(app, window, target))))


def _save_screenshot(app: QApplication, window: MainWindow, target: Path) -> int:
    app.processEvents()
    ok = window.grab().save(str(target))
    if not ok:
        print(f"qcode: cannot write the screenshot {target}", file=sys.stderr)
    window.close()
    return 0 if ok else 1


def _quiet_offscreen_messages(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
    """Drop the offscreen platform's harmless complaints; pass other warnings on."""
    if "propagateSizeHints" in text or kind == QtMsgType.QtDebugMsg:
        return
    print(text, file=sys.stderr)


def run_screenshot(options: LaunchOptions) -> int:
    assert options.screenshot is not None
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    qInstallMessageHandler(_quiet_offscreen_messages)
    settings = Settings(persist=False)
    app = create_application(dark=options.dark, settings=settings)
    window = MainWindow(settings, record_coder=False)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    app.processEvents()
    try:
        if options.project is not None:
            _open_for_screenshot(window, options.project)
            _navigate(window, options)
    except QcodeError as exc:
        print(f"qcode: {exc}", file=sys.stderr)
        window.close()
        return 1
    save_screenshot_when_ready(app, window, options.screenshot)
    return app.exec()


def run(options: LaunchOptions | None = None) -> int:
    """Run the desktop app until its window closes; the exit status."""
    options = options or LaunchOptions()
    if options.screenshot is not None:
        return run_screenshot(options)
    settings = Settings()
    app = create_application(dark=options.dark, settings=settings)
    window = MainWindow(settings)
    window.show()
    app.processEvents()  # painted before the project opens

    def navigate() -> None:
        workspace = window.workspace
        if workspace is None or not same_place(workspace.project, as_target(options.project)):
            return  # the opening failed (and said why), or another project was opened since
        try:
            _navigate(window, options)
        except QcodeError as exc:
            show_error(window, str(exc))

    def open_project() -> None:
        if options.project is not None and window.open_project(options.project):
            when_ready(window, navigate)  # a big project opens in the background

    if settings.coder_name() is None and not is_server_url(options.project):
        # first start: ask who codes before opening anything (on a server: the login role)
        dialog = window.ask_coder_name(first_start=True)
        dialog.finished.connect(lambda _result: open_project())
    else:
        QTimer.singleShot(0, open_project)
    return app.exec()

"""Starting the desktop app: the QApplication, its look, the error hook, the main window.

:func:`run` is what ``qcode gui`` (and a bare ``qcode``) calls. With ``screenshot`` it renders
the window offscreen once the event loop has settled, saves a PNG and quits - for documentation
and for checking the UI without a display.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from qcode import __version__
from qcode.errors import ProjectError, QcodeError
from qcode.project import Project
from qcode.ui.errors import install_excepthook, show_error
from qcode.ui.main_window import MainWindow
from qcode.ui.opening import is_locked_error
from qcode.ui.settings import APPLICATION, ORGANISATION, Settings
from qcode.ui.theme import apply_theme, wants_dark

SCREENSHOT_SIZE = (1500, 950)
SETTLE_MS = 600


@dataclass(frozen=True)
class LaunchOptions:
    project: Path | None = None
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


def _open_for_screenshot(window: MainWindow, path: Path) -> None:
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


def _save_screenshot(app: QApplication, window: MainWindow, target: Path) -> None:
    app.processEvents()
    ok = window.grab().save(str(target))
    if not ok:
        print(f"qcode: cannot write the screenshot {target}", file=sys.stderr)
    window.close()
    app.exit(0 if ok else 1)


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
    try:
        if options.project is not None:
            _open_for_screenshot(window, options.project)
            _navigate(window, options)
    except QcodeError as exc:
        print(f"qcode: {exc}", file=sys.stderr)
        window.close()
        return 1
    target = options.screenshot
    QTimer.singleShot(SETTLE_MS, lambda: _save_screenshot(app, window, target))
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

    def open_project() -> None:
        if options.project is None or not window.open_project(options.project):
            return
        try:
            _navigate(window, options)
        except QcodeError as exc:
            show_error(window, str(exc))

    if settings.coder_name() is None:  # first start: ask who codes before opening anything
        dialog = window.ask_coder_name(first_start=True)
        dialog.finished.connect(lambda _result: open_project())
    else:
        open_project()
    return app.exec()

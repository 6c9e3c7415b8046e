"""Opening projects from the UI: file choosers, the locked-project question, the demo project,
and server projects (a ``postgresql://`` URL, opened on a worker thread; a password the server
asks for is asked of the user, held for that one connection only)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from qcode.backups import open_backup_left_to_caller
from qcode.errors import (
    Cancelled,
    PasswordNeeded,
    ProjectError,
    ProjectLocked,
    ProjectReadOnly,
    QcodeError,
)
from qcode.progress import Progress
from qcode.project import SUFFIX, Project
from qcode.server.url import is_server_url, parse
from qcode.ui.errors import show_error
from qcode.ui.worker import BackgroundTask

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

PROJECT_FILTER = f"qcode projects (*{SUFFIX});;All files (*)"
#: Project files this big are opened on a worker thread.
BACKGROUND_FROM_BYTES = 32 * 1024 * 1024
LOCKED_DIALOG = "qcodeLockedDialog"
#: where a project is: a file's path, or a server URL (text)
Target = Path | str


def as_target(target: Path | str) -> Target:
    """A server URL stays text (a Path would fold its ``//``); anything else is a path."""
    return target if is_server_url(target) else Path(target)


def same_place(project: Project, target: Target) -> bool:
    """Whether ``project`` is the one at ``target`` (the same file, or the same server
    database as the same login; a password in ``target`` makes no difference)."""
    if isinstance(target, str):
        try:
            return project.on_server and parse(target)[0] == project.address
        except QcodeError:  # not a readable address: opening it says why
            return False
    return not project.on_server and project.path.resolve() == target.resolve()


def shown_name(target: Target) -> str:
    """A file's name, or ``database on host`` (never a password), for "Opening …"."""
    if isinstance(target, Path):
        return target.name
    try:
        return parse(target)[0].label
    except QcodeError:
        return "the server project"


def recent_entry(project: Project) -> Target:
    """What the recent projects list keeps of ``project`` (a URL without any password)."""
    return project.location if project.on_server else project.path


def is_locked_error(exc: ProjectError) -> bool:
    """True when the project is open for writing elsewhere (so read-only is possible)."""
    return isinstance(exc, ProjectLocked)


def can_open_readonly(exc: ProjectError) -> bool:
    """True when the project cannot be written now but may be read: locked or read-only."""
    return isinstance(exc, ProjectLocked | ProjectReadOnly)


def choose_new_project_path(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "New project", "study" + SUFFIX, PROJECT_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix == SUFFIX else path.with_name(path.name + SUFFIX)


def choose_project_to_open(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Open project", "", PROJECT_FILTER)
    return Path(name) if name else None


def _open(target: Target, readonly: bool, password: str | None = None
          ) -> Project | ProjectError:
    """The opened project, or why it cannot be opened (as a value: it may cross threads)."""
    try:
        with open_backup_left_to_caller():  # taken off the GUI thread (periodic_backups)
            return Project.open(target, readonly=readonly, password=password)
    except ProjectError as exc:
        return exc


def _explain(parent: QWidget, exc: ProjectError, *, readonly: bool,
             on_readonly: Callable[[], None], on_error: Callable[[str], None]) -> None:
    if not readonly and can_open_readonly(exc):
        title = "Project in use" if is_locked_error(exc) else "Read-only project"
        ask_open_readonly(parent, str(exc), on_readonly, title=title)
    else:
        on_error(str(exc))


def open_project_file(parent: QWidget, path: Path, *, readonly: bool,
                      on_readonly: Callable[[], None],
                      on_error: Callable[[str], None]) -> Project | None:
    """Open ``path``; on failure explain it. A locked or read-only project gets a question
    offering to open it read-only (non-blocking: ``on_readonly`` runs if the user agrees)."""
    opened = _open(path, readonly)
    if isinstance(opened, ProjectError):
        _explain(parent, opened, readonly=readonly, on_readonly=on_readonly, on_error=on_error)
        return None
    return opened


def opens_in_background(path: Target) -> bool:
    """Whether opening ``path`` may take long enough (checking a big file's pages after an
    unclean close, an upgrade; reaching a server) to be done off the GUI thread."""
    if isinstance(path, str):
        return True
    try:
        return path.stat().st_size >= BACKGROUND_FROM_BYTES
    except OSError:
        return False


def open_project_in_background(parent: QWidget, path: Target, *, readonly: bool,
                               on_settled: Callable[[], None],
                               on_opened: Callable[[Project], None],
                               on_readonly: Callable[[], None],
                               on_error: Callable[[str], None],
                               password: str | None = None,
                               on_password: Callable[[str], None] | None = None
                               ) -> BackgroundTask:
    """Open ``path`` on a worker thread (the window stays live); then, on the GUI thread,
    ``on_settled`` and ``on_opened``, or the failure explained as :func:`open_project_file`
    does. A server that asks for a password (``password`` was none, or refused) gets it from
    the user, and ``on_password(password)`` opens again with it; Cancel ends it quietly."""

    def opened(result: Project | ProjectError) -> None:
        on_settled()
        if isinstance(result, PasswordNeeded) and isinstance(path, str) and on_password:
            _ask_password(parent, path, password, on_password)
        elif isinstance(result, ProjectError):
            _explain(parent, result, readonly=readonly, on_readonly=on_readonly,
                     on_error=on_error)
        else:
            on_opened(result)

    def work(progress: Progress) -> Project | ProjectError:  # runs on the worker thread
        result = _open(path, readonly, password)
        if isinstance(result, Project) and not progress(1, 1, ""):  # abandoned meanwhile
            result.close()
            raise Cancelled
        return result

    task = BackgroundTask(work, parent)
    task.succeeded.connect(opened)
    task.failed.connect(lambda message: (on_settled(), on_error(message)))
    task.start()
    return task


def open_in_window(window: MainWindow, path: Target, readonly: bool,
                   on_error: Callable[[str], None], on_readonly: Callable[[], None],
                   password: str | None = None) -> None:
    """Open a big project (or a server's) on a worker thread for ``window``, the window live and
    showing progress; a password the server asks for opens it again (``password`` is held only
    by this opening)."""
    if window.open_task is not None:
        window.open_task.abandon()
    busy = f"Opening {shown_name(path)}…"
    window.start_page.set_busy(busy)
    window.loading_status.busy(busy)

    def settled() -> None:
        window.open_task = None
        window.start_page.set_busy(None)
        window.loading_status.finish()

    def retry(given: str) -> None:
        open_in_window(window, path, readonly, on_error, on_readonly, given)

    window.open_task = open_project_in_background(
        window, path, readonly=readonly, on_settled=settled, on_opened=window.attach_project,
        on_readonly=on_readonly, on_error=on_error, password=password, on_password=retry)


def _ask_password(parent: QWidget, url: str, tried: str | None,
                  on_given: Callable[[str], None]) -> None:
    """Ask for the password of ``url``; saying it was refused when one was tried (given
    before, or in the URL itself)."""
    from qcode.ui.server.password import ask_password

    refused = tried is not None or parse(url)[1] is not None
    ask_password(parent, url, refused=refused, on_given=on_given)


def ask_open_readonly(parent: QWidget, message: str, on_readonly: Callable[[], None], *,
                      title: str = "Project in use") -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, title,
                      f"{message}.\n\nRead-only lets you read, search and export, but not code.",
                      QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName(LOCKED_DIALOG)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    readonly_button = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(readonly_button)

    def answered() -> None:
        if box.clickedButton() is readonly_button:
            on_readonly()

    box.finished.connect(answered)
    box.open()
    return box


# -- the demo ----------------------------------------------------------------------------------

def open_demo(window: MainWindow) -> None:
    """Open the demo project, building it first (on a worker thread) if needed."""
    if window.demo_task is not None:
        return
    window.start_page.set_busy("Building the demo project (23 interviews)…")
    window.statusBar().showMessage("Opening the demo project…", 5_000)

    def ready(path: Path) -> None:
        demo_done(window)
        window.open_project(path)

    def failed(message: str) -> None:
        demo_done(window)
        show_error(window, message)

    window.demo_task = build_demo_in_background(window, ready, failed)


def demo_done(window: MainWindow) -> None:
    """The demo is built (or failed, or the window closes): wait for its worker, show the
    start page's buttons again."""
    window.start_page.set_busy(None)
    if window.demo_task is not None:
        window.demo_task.wait()
        window.demo_task.deleteLater()
    window.demo_task = None


def build_demo_in_background(parent: QObject, on_ready: Callable[[Path], None],
                             on_failed: Callable[[str], None]) -> BackgroundTask | None:
    """Open the demo at once if it exists; else build it on a worker thread first.
    Returns the task while building (None when nothing had to be built)."""
    from qcode.ops.demo import default_demo_path, ensure_demo  # the importers load only here

    target = default_demo_path()
    if target.is_file():
        on_ready(target)
        return None
    task = BackgroundTask(lambda progress: ensure_demo(target, progress=progress), parent)
    task.succeeded.connect(on_ready)
    task.failed.connect(on_failed)
    task.cancelled.connect(lambda: on_failed("Building the demo project was cancelled."))
    task.start()
    return task


def take_drop(window: MainWindow, event: QDropEvent) -> None:
    """A project dropped on the window opens; a REFI-QDA project (.qdpx) or codebook (.qdc)
    is imported as File -> Import REFI-QDA… does; dropped transcripts go to the import dialog."""
    paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
    projects = [p for p in paths if p.suffix == SUFFIX]
    exchange = window.menu_actions.exchange
    refi = [p for p in paths if p.suffix.lower() in (".qdpx", ".qdc")]
    if projects:
        QTimer.singleShot(0, lambda: window.open_project(projects[0]))
    elif refi and exchange is not None:
        take = (exchange.import_project if refi[0].suffix.lower() == ".qdpx"
                else exchange.import_codebook)
        QTimer.singleShot(0, lambda: take(refi[0]))
    elif paths and window.workspace is None:
        window.statusBar().showMessage("Open or create a project first, then drop "
                                       "transcripts on it to import them.", 10_000)
    elif paths:
        QTimer.singleShot(0, lambda: window.show_import_dialog(paths))

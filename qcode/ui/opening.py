"""Opening projects from the UI: file choosers, the locked-project question, the demo project."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from qcode.backups import open_backup_left_to_caller
from qcode.errors import ProjectError, ProjectLocked, ProjectReadOnly
from qcode.ops.demo import default_demo_path, ensure_demo
from qcode.project import SUFFIX, Project
from qcode.ui.worker import BackgroundTask

PROJECT_FILTER = f"qcode projects (*{SUFFIX});;All files (*)"
LOCKED_DIALOG = "qcodeLockedDialog"


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


def open_project_file(parent: QWidget, path: Path, *, readonly: bool,
                      on_readonly: Callable[[], None],
                      on_error: Callable[[str], None]) -> Project | None:
    """Open ``path``; on failure explain it. A locked or read-only project gets a question
    offering to open it read-only (non-blocking: ``on_readonly`` runs if the user agrees)."""
    try:
        with open_backup_left_to_caller():  # taken off the GUI thread (periodic_backups)
            return Project.open(path, readonly=readonly)
    except ProjectError as exc:
        if not readonly and can_open_readonly(exc):
            title = "Project in use" if is_locked_error(exc) else "Read-only project"
            ask_open_readonly(parent, str(exc), on_readonly, title=title)
        else:
            on_error(str(exc))
        return None


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

def build_demo_in_background(parent: QObject, on_ready: Callable[[Path], None],
                             on_failed: Callable[[str], None]) -> BackgroundTask | None:
    """Open the demo at once if it exists; else build it on a worker thread first.
    Returns the task while building (None when nothing had to be built)."""
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

"""Opening projects from the UI: file choosers, the locked-project question, the demo project."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from platformdirs import user_data_dir
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from qcode.errors import ProjectError, ProjectLocked
from qcode.progress import Progress
from qcode.project import SUFFIX, Project
from qcode.ui.worker import BackgroundTask

PROJECT_FILTER = f"qcode projects (*{SUFFIX});;All files (*)"
LOCKED_DIALOG = "qcodeLockedDialog"
DEMO_FILE = "e-government-in-libya-demo.qcode"
DATA_DIR_ENV = "QCODE_DATA_DIR"


def is_locked_error(exc: ProjectError) -> bool:
    """True when the project is open for writing elsewhere (so read-only is possible)."""
    return isinstance(exc, ProjectLocked)


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
    """Open ``path``; on failure explain it. A locked project gets a question offering to open
    it read-only (non-blocking: ``on_readonly`` runs if the user agrees)."""
    try:
        return Project.open(path, readonly=readonly)
    except ProjectError as exc:
        if not readonly and is_locked_error(exc):
            ask_open_readonly(parent, str(exc), on_readonly)
        else:
            on_error(str(exc))
        return None


def ask_open_readonly(parent: QWidget, message: str, on_readonly: Callable[[], None]
                      ) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, "Project in use",
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

def demo_project_path() -> Path:
    """Where the demo project is built: the user's data folder (``QCODE_DATA_DIR`` overrides)."""
    folder = os.environ.get(DATA_DIR_ENV) or user_data_dir("qcode", appauthor=False)
    return Path(folder) / "demo" / DEMO_FILE


def _build_demo_file(target: Path, progress: Progress) -> Path:
    """Build in a temporary file and rename it, so a failed build leaves no half project."""
    from qcode.demo import build_demo

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    for leftover in (partial, partial.with_name(partial.name + "-wal"),
                     partial.with_name(partial.name + "-shm")):
        leftover.unlink(missing_ok=True)
    try:
        build_demo(partial, progress=progress)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + ".lock").unlink(missing_ok=True)
    return target


def build_demo_in_background(parent: QObject, on_ready: Callable[[Path], None],
                             on_failed: Callable[[str], None]) -> BackgroundTask | None:
    """Open the demo at once if it exists; else build it on a worker thread first.
    Returns the task while building (None when nothing had to be built)."""
    target = demo_project_path()
    if target.is_file():
        on_ready(target)
        return None
    task = BackgroundTask(lambda progress: _build_demo_file(target, progress), parent)
    task.succeeded.connect(on_ready)
    task.failed.connect(on_failed)
    task.cancelled.connect(lambda: on_failed("Building the demo project was cancelled."))
    task.start()
    return task

"""The widgets of an open project: viewer, docks' panels and coding shortcuts.

The viewer, codebook, segments and quick-key modules are separate parts of the app; each is
imported here on its own, so a missing part shows a placeholder instead of stopping the app.

A big project's panels start empty ("Loading…") and :class:`PanelLoader` reads their first
data on worker threads, each panel filling as its data arrives; a small one's panels read
theirs at once (faster than a loading state could be seen).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from qcode.browse.codebook import codebook_nodes
from qcode.browse.documents import codings_estimate, document_table
from qcode.changes import Changes
from qcode.ui.documents.panel import DocumentsPanel
from qcode.ui.memos.panel import MemoPanel
from qcode.ui.worker import BackgroundTask
from qcode.ui.workspace import Workspace

#: Projects with about this many codings or more load their panels off the GUI thread.
BACKGROUND_FROM_CODINGS = 20_000


def _placeholder(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label


def _part(module: str, name: str, what: str, workspace: Workspace, **options: Any) -> QWidget:
    try:
        factory = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return _placeholder(f"The {what} is not available in this build of qcode.")
    return factory(workspace, **options)


@dataclass
class Panels:
    viewer: QWidget
    documents: DocumentsPanel
    codebook: QWidget
    segments: QWidget
    memo: MemoPanel
    shortcuts: Any = None  # qcode.ui.quick_keys.CodingShortcuts when available
    loader: PanelLoader | None = None
    search: QWidget | None = None  # qcode.ui.search.panel.SearchPanel when available

    def widgets(self) -> list[QWidget]:
        return [w for w in (self.viewer, self.documents, self.codebook, self.segments,
                            self.memo, self.search) if w is not None]

    def coding_actions(self) -> list[Any]:
        return list(self.shortcuts.actions()) if self.shortcuts is not None else []

    def dispose(self, window: QMainWindow) -> None:
        """Stop loading, remove the shortcuts from ``window`` and delete every widget."""
        if self.loader is not None:
            self.loader.stop()
        if hasattr(self.search, "dispose"):
            self.search.dispose()  # its worker reads the project: stopped before it closes
        for action in self.coding_actions():
            window.removeAction(action)
            action.deleteLater()
        if isinstance(self.shortcuts, QObject):
            self.shortcuts.deleteLater()
        for widget in self.widgets():
            widget.setParent(None)
            widget.deleteLater()


def loads_in_background(workspace: Workspace, threshold: int = BACKGROUND_FROM_CODINGS) -> bool:
    """Whether the project is big enough for its panels to load off the GUI thread."""
    return workspace.read(codings_estimate) >= threshold


def build_panels(window: QMainWindow, workspace: Workspace, *,
                 background: bool = False) -> Panels:
    """The panels of ``workspace``; with ``background`` they start empty and fill from a
    :class:`PanelLoader` (``panels.loader``)."""
    codebook = _part("qcode.ui.codebook.panel", "CodebookPanel", "codebook", workspace,
                     load=not background)
    viewer = _part("qcode.ui.viewer", "DocumentViewer", "document viewer", workspace)
    panels = Panels(
        viewer=viewer,
        documents=DocumentsPanel(workspace, load=not background),
        codebook=codebook,
        segments=_part("qcode.ui.segments.panel", "SegmentsPanel", "segments list", workspace),
        memo=MemoPanel(workspace),
        search=_part("qcode.ui.search.panel", "SearchPanel", "search panel", workspace,
                     viewer=viewer),
    )
    if background:
        panels.loader = PanelLoader(workspace, panels, window)
    try:
        from qcode.ui.quick_keys import install_coding_shortcuts
    except ImportError:
        return panels
    panels.shortcuts = install_coding_shortcuts(window, workspace)
    return panels


class PanelLoader(QObject):
    """Reads the codebook and the documents list on worker threads (one task each, so each
    panel fills as soon as its own data is read). A change committed meanwhile makes the
    data being read outdated: that read starts again. ``ready`` once every panel has data."""

    ready = Signal()
    #: (panels with data, panels in all): for the progress shown while loading
    progressed = Signal(int, int)

    def __init__(self, workspace: Workspace, panels: Panels, parent: QObject | None = None
                 ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._jobs: dict[str, tuple[Callable[[Any], Any], Callable[[Any], None]]] = {
            "documents": (document_table, panels.documents.set_table)}
        if hasattr(panels.codebook, "show_nodes"):
            self._jobs["codebook"] = (codebook_nodes, panels.codebook.show_nodes)
        self._tasks: dict[str, BackgroundTask] = {}
        self._retired: list[BackgroundTask] = []
        self.failed: str | None = None
        workspace.changed.connect(self._on_changed)

    @property
    def loading(self) -> bool:
        return bool(self._tasks)

    def start(self) -> None:
        for key in self._jobs:
            self._start(key)

    def _start(self, key: str) -> None:
        query, deliver = self._jobs[key]
        task = self.workspace.read_in_background(query)
        task.succeeded.connect(lambda result, key=key, task=task: self._arrived(key, task,
                                                                                 result))
        task.failed.connect(lambda message, key=key, task=task: self._failed(key, task,
                                                                              message))
        self._tasks[key] = task
        task.start()

    def _arrived(self, key: str, task: BackgroundTask, result: Any) -> None:
        if self._tasks.get(key) is not task:
            return  # an outdated read: a newer one is running
        del self._tasks[key]
        self._retire(task)
        self._jobs[key][1](result)
        self._progress()

    def _failed(self, key: str, task: BackgroundTask, message: str) -> None:
        if self._tasks.get(key) is not task:
            return
        del self._tasks[key]
        self._retire(task)
        self.failed = message
        self.workspace.error.emit(message)
        self._progress()

    def _progress(self) -> None:
        self.progressed.emit(len(self._jobs) - len(self._tasks), len(self._jobs))
        if not self._tasks:
            self.ready.emit()

    def _on_changed(self, _changes: Changes) -> None:
        for key, task in list(self._tasks.items()):
            task.cancel()
            self._retire(task)
            self._start(key)

    def _retire(self, task: BackgroundTask) -> None:
        """Keep a finished or outdated task until its thread has ended, then let it go."""
        for old in [t for t in self._retired if t.isFinished()]:
            self._retired.remove(old)
            old.deleteLater()
        self._retired.append(task)

    def stop(self) -> None:
        """Stop reading and wait for the threads (the project is closing)."""
        for task in [*self._tasks.values(), *self._retired]:
            task.abandon()
        self._tasks.clear()
        self._retired.clear()

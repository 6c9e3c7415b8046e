"""The widgets of an open project: viewer, docks' panels and coding shortcuts.

The viewer, codebook, segments and quick-key modules are separate parts of the app; each is
imported here on its own, so a missing part shows a placeholder instead of stopping the app.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from qcode.ui.documents.panel import DocumentsPanel
from qcode.ui.memos.panel import MemoPanel
from qcode.ui.workspace import Workspace


def _placeholder(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label


def _part(module: str, name: str, what: str, workspace: Workspace) -> QWidget:
    try:
        factory = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return _placeholder(f"The {what} is not available in this build of qcode.")
    return factory(workspace)


@dataclass
class Panels:
    viewer: QWidget
    documents: DocumentsPanel
    codebook: QWidget
    segments: QWidget
    memo: MemoPanel
    shortcuts: Any = None  # qcode.ui.quick_keys.CodingShortcuts when available

    def widgets(self) -> list[QWidget]:
        return [self.viewer, self.documents, self.codebook, self.segments, self.memo]

    def coding_actions(self) -> list[Any]:
        return list(self.shortcuts.actions()) if self.shortcuts is not None else []

    def dispose(self, window: QMainWindow) -> None:
        """Remove the shortcuts from ``window`` and delete every widget."""
        for action in self.coding_actions():
            window.removeAction(action)
            action.deleteLater()
        if isinstance(self.shortcuts, QObject):
            self.shortcuts.deleteLater()
        for widget in self.widgets():
            widget.setParent(None)
            widget.deleteLater()


def build_panels(window: QMainWindow, workspace: Workspace) -> Panels:
    panels = Panels(
        viewer=_part("qcode.ui.viewer", "DocumentViewer", "document viewer", workspace),
        documents=DocumentsPanel(workspace),
        codebook=_part("qcode.ui.codebook.panel", "CodebookPanel", "codebook", workspace),
        segments=_part("qcode.ui.segments.panel", "SegmentsPanel", "segments list", workspace),
        memo=MemoPanel(workspace),
    )
    try:
        from qcode.ui.quick_keys import install_coding_shortcuts
    except ImportError:
        return panels
    panels.shortcuts = install_coding_shortcuts(window, workspace)
    return panels

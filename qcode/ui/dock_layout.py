"""The panels around the viewer: Documents and Memo on the left, Codebook on the right, Coded
segments and Search (a tab beside it) under the viewer. Docks exist for the window's life (so
their layout can be saved and restored); their contents change with the open project."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

_LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
_RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
_BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea
#: (key, title, shortcut that shows the dock and moves the focus there)
DOCKS = (("documents", "Documents", "Ctrl+1"), ("codebook", "Codebook", "Ctrl+2"),
         ("segments", "Coded segments", "Ctrl+3"), ("memo", "Memo", "Ctrl+4"),
         ("search", "Search", "Ctrl+Shift+F"))
#: docks whose shortcut works with no project open (it says what to do)
ALWAYS_ON = frozenset({"search"})


class DockLayout:
    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        window.setDockNestingEnabled(True)
        window.setCorner(Qt.Corner.BottomLeftCorner, _LEFT)
        window.setCorner(Qt.Corner.BottomRightCorner, _RIGHT)
        self.docks: dict[str, QDockWidget] = {}
        self.go_to_actions: dict[str, QAction] = {}
        for key, title, shortcut in DOCKS:
            self.docks[key] = self._make_dock(key, title, shortcut)

    def _make_dock(self, key: str, title: str, shortcut: str) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(f"dock-{key}")
        dock.toggleViewAction().setStatusTip(f"Show or hide the {title} panel")
        go_to = QAction(f"Go to {title}", self.window)
        go_to.setShortcut(QKeySequence(shortcut))
        go_to.setStatusTip(f"Show the {title} panel and move the keyboard focus there")
        go_to.triggered.connect(lambda _checked=False: self.show(key))
        self.window.addAction(go_to)
        self.go_to_actions[key] = go_to
        return dock

    def toggle_actions(self) -> list[QAction]:
        return [dock.toggleViewAction() for dock in self.docks.values()]

    def place_default(self) -> None:
        """The default layout (also View > Reset panel layout)."""
        window, docks = self.window, self.docks
        for dock in docks.values():
            window.removeDockWidget(dock)
        window.addDockWidget(_LEFT, docks["documents"])
        window.addDockWidget(_RIGHT, docks["codebook"])
        window.addDockWidget(_BOTTOM, docks["segments"])
        window.splitDockWidget(docks["documents"], docks["memo"], Qt.Orientation.Vertical)
        window.tabifyDockWidget(docks["segments"], docks["search"])
        for dock in docks.values():
            dock.show()
        docks["segments"].raise_()
        width, height = max(window.width(), 800), max(window.height(), 600)
        window.resizeDocks([docks["documents"], docks["codebook"]],
                           [width // 4, width // 4], Qt.Orientation.Horizontal)
        window.resizeDocks([docks["documents"], docks["memo"]],
                           [height * 3 // 5, height * 2 // 5], Qt.Orientation.Vertical)
        window.resizeDocks([docks["segments"]], [height * 3 // 10], Qt.Orientation.Vertical)

    def fill(self, widgets: dict[str, QWidget], state: QByteArray | None) -> None:
        """Put a project's panels in the docks and show them as last saved (or by default)."""
        for key, widget in widgets.items():
            self.docks[key].setWidget(widget)
        self._enable(True)
        if state is None or not self.window.restoreState(state):
            self.place_default()
        elif self.window.dockWidgetArea(self.docks["search"]) == Qt.DockWidgetArea.NoDockWidgetArea:
            self._place_search()  # a layout saved before the search panel existed

    def _place_search(self) -> None:
        segments, search = self.docks["segments"], self.docks["search"]
        if self.window.dockWidgetArea(segments) != Qt.DockWidgetArea.NoDockWidgetArea:
            self.window.tabifyDockWidget(segments, search)
        else:
            self.window.addDockWidget(_BOTTOM, search)
        search.hide()

    def hide_all(self) -> None:
        for dock in self.docks.values():
            dock.hide()
        self._enable(False)

    def _enable(self, enabled: bool) -> None:
        for key, dock in self.docks.items():
            dock.toggleViewAction().setEnabled(enabled)
            self.go_to_actions[key].setEnabled(enabled or key in ALWAYS_ON)

    def show(self, key: str, *, focus: bool = True) -> None:
        dock = self.docks[key]
        if getattr(self.window, "workspace", None) is None:
            self.window.statusBar().showMessage(
                f"Open a project first: the {dock.windowTitle()} panel works on its documents.",
                8_000)
            return
        dock.show()
        dock.raise_()
        if focus and dock.widget() is not None:
            dock.widget().setFocus(Qt.FocusReason.ShortcutFocusReason)

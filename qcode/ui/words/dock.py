"""Opening the word-frequency view in a dock of the main window, as the other analysis views
open (a tab beside "Coded segments"; part of the saved layout; gone with the project)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget

from qcode.ui.analysis.docks import HEIGHT_SHARE
from qcode.ui.words.view import WordsView

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

DOCK_NAME = "dock-analysis-words"


def words_dock(window: MainWindow) -> QDockWidget | None:
    return window.findChild(QDockWidget, DOCK_NAME)


def show_words(window: MainWindow) -> WordsView | None:
    """Show (creating if needed) the word-frequency view of the open project."""
    if window.workspace is None:
        return None
    dock = words_dock(window)
    if dock is None:
        dock = WordsDock(window)
        if not window.restoreDockWidget(dock):
            _place(window, dock)
    dock.show()
    dock.raise_()
    QTimer.singleShot(0, dock.raise_)  # a dock tabified just now is raised once laid out
    view = dock.widget()
    assert isinstance(view, WordsView)
    view.table.setFocus(Qt.FocusReason.OtherFocusReason)
    return view


class WordsDock(QDockWidget):
    def __init__(self, window: MainWindow) -> None:
        assert window.workspace is not None
        super().__init__("Word frequencies", window)
        self.window_ = window
        self.setObjectName(DOCK_NAME)
        self.setWidget(WordsView(window.workspace))
        window.project_closing.connect(self.close_with_project)

    def close_with_project(self) -> None:
        """Stop the counting and remove the dock (the project has closed)."""
        view = self.widget()
        if isinstance(view, WordsView):
            view.dispose()
        self.window_.removeDockWidget(self)
        self.setParent(None)
        self.deleteLater()


def _place(window: MainWindow, dock: QDockWidget) -> None:
    segments = window.docks.get("segments")
    if segments is not None and segments.isVisible() and not segments.isFloating():
        window.tabifyDockWidget(segments, dock)
    else:
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resizeDocks([dock], [int(window.height() * HEIGHT_SHARE)], Qt.Orientation.Vertical)

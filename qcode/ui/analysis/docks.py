"""Opening the analysis views: each one lives in a dock of the main window.

A dock (not a separate window) keeps the viewer one double-click away and takes part in the
saved layout; it opens as a tab beside "Coded segments" under the viewer, and like every dock
it can be dragged elsewhere or floated as its own window (handy on a second screen for a wide
matrix). The docks belong to the open project: closing the project stops their counting and
removes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget

from qcode.ui.analysis.cooccurrence_view import CooccurrenceView
from qcode.ui.analysis.counted_view import CountedView
from qcode.ui.analysis.matrix_view import MatrixView
from qcode.ui.words.view import WordsView

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow

KINDS: dict[str, tuple[str, type[CountedView]]] = {
    "matrix": ("Theme matrix", MatrixView),
    "cooccurrence": ("Code co-occurrence", CooccurrenceView),
    "words": ("Word frequencies", WordsView),
}
HEIGHT_SHARE = 0.45  # of the window, for the docks under the viewer


def dock_name(kind: str) -> str:
    return f"dock-analysis-{kind}"


def analysis_dock(window: MainWindow, kind: str) -> QDockWidget | None:
    return window.findChild(QDockWidget, dock_name(kind))


def show_analysis(window: MainWindow, kind: str) -> CountedView | None:
    """Show (creating if needed) the analysis view ``kind`` ("matrix", "cooccurrence" or
    "words")."""
    if window.workspace is None:
        return None
    dock = analysis_dock(window, kind)
    if dock is None:
        dock = _make_dock(window, kind)
    dock.show()
    dock.raise_()
    QTimer.singleShot(0, dock.raise_)  # a dock tabified just now is raised once laid out
    view = dock.widget()
    assert isinstance(view, CountedView)
    view.table.setFocus(Qt.FocusReason.OtherFocusReason)
    return view


class AnalysisDock(QDockWidget):
    def __init__(self, window: MainWindow, kind: str) -> None:
        assert window.workspace is not None
        title, factory = KINDS[kind]
        super().__init__(title, window)
        self.window_ = window
        self.setObjectName(dock_name(kind))
        self.setWidget(factory(window.workspace))
        window.project_closing.connect(self.close_with_project)

    def close_with_project(self) -> None:
        """Stop the view's counting and remove the dock (the project has closed)."""
        view = self.widget()
        if isinstance(view, CountedView):
            view.dispose()
        self.window_.removeDockWidget(self)
        self.setParent(None)
        self.deleteLater()


def _make_dock(window: MainWindow, kind: str) -> QDockWidget:
    dock = AnalysisDock(window, kind)
    if not window.restoreDockWidget(dock):
        _place(window, dock)
    return dock


def _place(window: MainWindow, dock: QDockWidget) -> None:
    segments = window.docks.get("segments")
    if segments is not None and segments.isVisible() and not segments.isFloating():
        window.tabifyDockWidget(segments, dock)
    else:
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resizeDocks([dock], [int(window.height() * HEIGHT_SHARE)], Qt.Orientation.Vertical)


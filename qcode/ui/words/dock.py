"""Opening the word-frequency view in a dock of the main window, as the other analysis views
open (:mod:`qcode.ui.analysis.docks`: a tab beside "Coded segments"; part of the saved
layout; gone with the project)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDockWidget

from qcode.ui.analysis.docks import analysis_dock, show_analysis
from qcode.ui.words.view import WordsView

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow


def words_dock(window: MainWindow) -> QDockWidget | None:
    return analysis_dock(window, "words")


def show_words(window: MainWindow) -> WordsView | None:
    """Show (creating if needed) the word-frequency view of the open project."""
    view = show_analysis(window, "words")
    assert view is None or isinstance(view, WordsView)
    return view

"""The Coders menu (the viewer's "Coders" button and View → Coders): whose codings are shown,
stripes by coder, blind mode; and the line that says what is hidden.

The menu only sets :class:`qcode.ui.viewer.coder_view.CoderView`; the viewer, codebook and
segments list follow its signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QWidget

from qcode.ui.viewer.coder_view import CoderView

if TYPE_CHECKING:
    from qcode.ui.main_window import MainWindow
    from qcode.ui.panels import Panels

ALL_CODERS = "All coders"
STRIPES_BY_CODER = "Stripes side by side, a group per coder"
BLIND_MODE = "Blind mode: only my codings"
BLIND_TIP = ("Show only the current coder's codings in the viewer, stripes, segments and "
             "codebook counts, for independent parallel coding (remembered for this project)")


class CoderMenu(QMenu):
    """All coders / each coder (checkable) / stripes by coder / blind mode."""

    def __init__(self, coder_view: CoderView, parent: QWidget | None = None) -> None:
        super().__init__("C&oders", parent)
        self.coder_view = coder_view
        self.setToolTipsVisible(True)
        self.all_action = self._checkable(ALL_CODERS, lambda _on: coder_view.set_chosen(None))
        self._coders_end = self.addSeparator()
        self.stripes_action = self._checkable(STRIPES_BY_CODER, coder_view.set_stripes_by_coder)
        self.stripes_action.setToolTip("Draw each coder's coding stripes in a group of its own, "
                                       "so two coders' codings of a code stand side by side")
        self.blind_action = self._checkable(BLIND_MODE, coder_view.set_blind)
        self.blind_action.setToolTip(BLIND_TIP)
        self.coder_actions: dict[int, QAction] = {}
        self.aboutToShow.connect(self.rebuild)
        coder_view.changed.connect(self.sync)
        coder_view.stripes_changed.connect(self.sync)
        self.rebuild()

    def _checkable(self, text: str, slot) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.triggered.connect(slot)  # triggered: the user's choice, not a sync
        self.addAction(action)
        return action

    def rebuild(self) -> None:
        """One entry per coder of the project (coders come with merges and new names)."""
        for action in self.coder_actions.values():
            self.removeAction(action)
            action.deleteLater()
        self.coder_actions = {}
        for coder_id, name in self.coder_view.names.items():
            action = QAction(name, self)
            action.setCheckable(True)
            action.triggered.connect(lambda _on, c=coder_id: self._toggle(c))
            self.insertAction(self._coders_end, action)
            self.coder_actions[coder_id] = action
        self.sync()

    def _toggle(self, coder_id: int) -> None:
        view = self.coder_view
        shown = set(view.names) if view.chosen is None else set(view.chosen)
        shown ^= {coder_id}
        view.set_chosen(shown)

    def sync(self, *_: object) -> None:
        view = self.coder_view
        chosen = view.chosen
        self.all_action.setChecked(chosen is None)
        for coder_id, action in self.coder_actions.items():
            action.setChecked(chosen is None or coder_id in chosen)
            action.setEnabled(not view.blind)
        self.all_action.setEnabled(not view.blind)
        self.stripes_action.setChecked(view.stripes_by_coder)
        self.blind_action.setChecked(view.blind)


class CoderStatus(QLabel):
    """The line saying whose codings are shown, visible only while some are hidden."""

    def __init__(self, coder_view: CoderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.coder_view = coder_view
        self.setObjectName("coderStatus")
        self.setStyleSheet("QLabel#coderStatus { background: palette(highlight); "
                           "color: palette(highlighted-text); padding: 3px 6px; }")
        coder_view.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        text = self.coder_view.status_text()
        self.setText(text)
        self.setVisible(bool(text))


def attach_coder_menu(window: MainWindow, panels: Panels) -> None:
    """Put the viewer's Coders menu in View, say blind mode in the status bar, and stop the
    codebook's counting when the project closes."""
    menu = getattr(panels.viewer, "coder_menu", None)
    if not isinstance(menu, CoderMenu):
        return
    action = window.menu_actions.view_menu.addMenu(menu)
    status = CoderStatus(menu.coder_view)
    window.statusBar().addPermanentWidget(status)
    counting = getattr(getattr(panels.codebook, "model", None), "stop_counting", None)

    def detach() -> None:
        window.menu_actions.view_menu.removeAction(action)
        window.statusBar().removeWidget(status)
        status.deleteLater()
        if counting is not None:
            counting()
        window.project_closing.disconnect(detach)

    window.project_closing.connect(detach)


"""Drop-down choosers shared by the analysis option bars: which coders count, and which
documents (attribute = value filters; OR among values of one attribute, AND across)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from qcode.browse.matrix_cells import AnalysisChoices

MAX_SHOWN = 2  # names spelled out on the button before "+N"
MAX_TEXT = 40
FILTER_TIP = ("Count only documents with these attribute values (OR within one attribute, "
              "AND across attributes)")


def _summary(names: list[str], empty: str) -> str:
    if not names:
        return empty
    shown = ", ".join(names[:MAX_SHOWN])
    return shown + (f" +{len(names) - MAX_SHOWN}" if len(names) > MAX_SHOWN else "")


class _MenuButton(QPushButton):
    """A button that opens a menu (a push button leaves room for the menu arrow)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self._actions: dict = {}

    def _checked(self) -> tuple:
        return tuple(key for key, a in self._actions.items() if a.isChecked())

    def _check_only(self, keys: Iterable) -> None:
        """Check exactly ``keys``, then say so once (not once per action)."""
        wanted = set(keys)
        if wanted == set(self._checked()):
            return
        for key, action in self._actions.items():
            action.blockSignals(True)
            action.setChecked(key in wanted)
            action.blockSignals(False)
        self._toggled()

    def _toggled(self) -> None:
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        raise NotImplementedError


class CoderChooser(_MenuButton):
    """Checkable coder names; none checked counts every coder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip("Count only the codings of the chosen coders (none chosen: everyone)")
        self._actions: dict[str, QAction] = {}
        self._update_text()

    def set_choices(self, names: Iterable[str]) -> None:
        chosen = set(self.coders())
        self.menu_.clear()
        everyone = self.menu_.addAction("Every coder")
        everyone.triggered.connect(lambda: self.set_coders(()))
        self.menu_.addSeparator()
        self._actions = {}
        for name in names:
            action = self.menu_.addAction(name)
            action.setCheckable(True)
            action.setChecked(name in chosen)
            action.toggled.connect(self._toggled)
            self._actions[name] = action
        self._update_text()

    def coders(self) -> tuple[str, ...]:
        return self._checked()

    def set_coders(self, names: Iterable[str]) -> None:
        self._check_only(names)

    def _update_text(self) -> None:
        self.setText("Coders: " + _summary(list(self.coders()), "all"))


class FilterChooser(_MenuButton):
    """One submenu per attribute with its values, checkable; "Every document" clears."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip(FILTER_TIP)
        self._actions: dict[tuple[str, str], QAction] = {}
        self._update_text()

    def set_choices(self, choices: AnalysisChoices) -> None:
        chosen = set(self.where())
        self.menu_.clear()
        every = self.menu_.addAction("Every document")
        every.triggered.connect(lambda: self.set_where(()))
        self.menu_.addSeparator()
        self._actions = {}
        for attribute in choices.attributes:
            sub = self.menu_.addMenu(attribute.name)
            sub.setEnabled(bool(attribute.values))
            for value in attribute.values:
                action = sub.addAction(value)
                action.setCheckable(True)
                action.setChecked((attribute.name, value) in chosen)
                action.toggled.connect(self._toggled)
                self._actions[attribute.name, value] = action
        if not choices.attributes:
            self.menu_.addAction("The project has no attributes").setEnabled(False)
        self._update_text()

    def where(self) -> tuple[tuple[str, str], ...]:
        return self._checked()

    def set_where(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._check_only(pairs)

    def _update_text(self) -> None:
        groups: dict[str, list[str]] = {}
        for name, value in self.where():
            groups.setdefault(name, []).append(value)
        parts = [f"{name} = {' or '.join(values)}" for name, values in groups.items()]
        text = "; ".join(parts) if parts else "all"
        if len(text) > MAX_TEXT:
            text = f"{len(parts)} filters" if len(parts) > 1 else text[:MAX_TEXT - 1] + "…"
        self.setText("Documents: " + text)
        self.setToolTip(FILTER_TIP + ("\n\n" + "\n".join(parts) if parts else ""))

"""Who is coding: asked at first start, shown in the status bar, changeable with one click.

The name is kept in the settings (it belongs to the person, not the project); when a project is
open the coder row is ensured in it, and every new coding carries that coder. On a team server
the coder is the login role instead (its row made by ``server grant``), and is not asked.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

MAX_NAME = 200


class CoderDialog(QDialog):
    """Ask for the coder's name (non-empty). ``chosen(name)`` is emitted on OK."""

    chosen = Signal(str)

    def __init__(self, current: str, *, first_start: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is coding?")
        self.setObjectName("coderDialog")
        intro = ("Welcome to qcode. Every coding you make records who made it, so team members "
                 "can compare their work. What name should your codings carry?"
                 if first_start else
                 "New codings will carry this name. Codings made earlier keep their coder.")
        label = QLabel(intro)
        label.setWordWrap(True)
        self.name_edit = QLineEdit(current)
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setPlaceholderText("Your name or initials")
        self.name_edit.selectAll()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.name_edit)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name_edit.text().strip()))

    def accept(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            return
        self.chosen.emit(name)  # before finished: listeners of finished see the new name
        super().accept()


def ask_coder_name(parent: QWidget, current: str, on_chosen: Callable[[str], None], *,
                   first_start: bool = False) -> CoderDialog:
    """Open the dialog without blocking; ``on_chosen(name)`` runs when the user says OK."""
    dialog = CoderDialog(current, first_start=first_start, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.chosen.connect(on_chosen)
    dialog.open()
    return dialog


class CoderButton(QToolButton):
    """Status bar item ``Coder: name``; clicking it asks for a new name (on a team server the
    name is the login role and cannot be changed: the tooltip says so)."""

    CHANGE_TIP = "The name new codings carry. Click to change it."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coderButton")
        self.setAutoRaise(True)
        self.set_name("")

    def set_name(self, name: str, *, fixed_tip: str | None = None) -> None:
        """Show ``name``; ``fixed_tip`` (a server's login) says why it cannot be changed."""
        self.setText(f"Coder: {name}" if name else "Coder: (not set)")
        self.setToolTip(fixed_tip or self.CHANGE_TIP)
        self.fixed = fixed_tip is not None

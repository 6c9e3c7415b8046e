"""File → Open Server Project…: the address of a team project on a PostgreSQL server.

The address is checked as it is typed into the dialog; a mistake (no database named, a port that
is not a number, a password put into the query string) is said under the field and the dialog
stays open. Connecting happens after the dialog closes, on a worker thread (see ``opening.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.server.url import is_server_url, parse

OPEN_DIALOG = "qcodeServerOpenDialog"
PLACEHOLDER = "postgresql://user@host/database"


class ServerOpenDialog(QDialog):
    """Ask for a server project's URL, offering the ones opened before. ``chosen(url)`` is
    emitted on Open with the URL as typed (a password in it is used once, never kept)."""

    chosen = Signal(str)

    def __init__(self, remembered: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(OPEN_DIALOG)
        self.setWindowTitle("Open server project")
        intro = QLabel("The address of your team's project on a PostgreSQL server\n"
                       "(its lead gives it to you):")
        note = QLabel("If the server asks for a password, qcode asks you for it and keeps it "
                      "only while the project is open.")
        note.setWordWrap(True)
        note.setEnabled(False)  # a quieter grey: a remark, not an instruction
        self.url_box = QComboBox()
        self.url_box.setObjectName("serverUrl")
        self.url_box.setEditable(True)
        self.url_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.url_box.addItems(remembered)
        self.url_box.setCurrentIndex(-1)  # an empty field, the remembered ones in its list
        self.url_box.lineEdit().setPlaceholderText(PLACEHOLDER)
        self.url_box.setToolTip("Opened before: " + ", ".join(remembered) if remembered
                                else "For example postgresql://amira@db.example.org/study")
        self.problem = QLabel()
        self.problem.setObjectName("serverUrlProblem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = self.buttons.addButton("Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.url_box.currentTextChanged.connect(self._typed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.url_box)
        layout.addWidget(self.problem)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # wrapped lines fit
        self.setMinimumWidth(560)
        self._typed(self.url_box.currentText())

    @property
    def url(self) -> str:
        return self.url_box.currentText().strip()

    def set_url(self, url: str) -> None:
        self.url_box.setEditText(url)

    def _typed(self, _text: str) -> None:
        self.open_button.setEnabled(bool(self.url))
        self.problem.setVisible(False)

    def _problem_with(self, url: str) -> str | None:
        """Why ``url`` cannot be a server project's address, or None."""
        if not is_server_url(url):
            return (f"A server project's address starts with postgresql:// (for example "
                    f"{PLACEHOLDER})")
        try:
            parse(url)
        except QcodeError as exc:
            return str(exc)
        return None

    def accept(self) -> None:
        url = self.url
        problem = self._problem_with(url)
        if problem is not None:
            self.problem.setText(problem)
            self.problem.setVisible(True)
            self.adjustSize()  # room for the problem's lines
            return
        self.chosen.emit(url)
        super().accept()


def ask_server_url(parent: QWidget, remembered: list[str],
                   on_chosen: Callable[[str], None]) -> ServerOpenDialog:
    """Open the dialog without blocking; ``on_chosen(url)`` runs when the user says Open."""
    dialog = ServerOpenDialog(remembered, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.chosen.connect(on_chosen)
    dialog.open()
    return dialog

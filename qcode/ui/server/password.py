"""The password a team server asks for, when libpq found none of its own (``~/.pgpass``,
``PGPASSWORD``).

The typed password goes to one opening (``Project.open(url, password=...)``) and lives on only
in that project's connection: it is never written to the settings, the recent projects, a log
or the window's title.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from qcode.ops.coders import default_coder_name
from qcode.server.url import parse

PASSWORD_DIALOG = "qcodePasswordDialog"


def login_of(url: str) -> str:
    """The role libpq logs in as for ``url``: the URL's user, else ``PGUSER``, else the
    operating system's user name."""
    return parse(url)[0].user or os.environ.get("PGUSER") or default_coder_name()


def prompt(url: str, *, refused: bool) -> str:
    """What the password dialog says: whose password, for which project, and whether the
    last one typed was refused."""
    who, where = login_of(url), parse(url)[0].label
    if refused:
        return (f"The server refused that password for {who}.\n"
                f"Type the password of {who} again to open {where}:")
    return f"The server asks for the password of {who} to open {where}:"


def ask_password(parent: QWidget, url: str, *, refused: bool,
                 on_given: Callable[[str], None]) -> QInputDialog:
    """Ask for the password without blocking; ``on_given(password)`` runs on Open. Cancel
    does nothing (nothing opens and nothing is said)."""
    dialog = QInputDialog(parent)
    dialog.setObjectName(PASSWORD_DIALOG)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle("Password refused" if refused else "Password")
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setLabelText(prompt(url, refused=refused))
    dialog.setOkButtonText("Open")
    dialog.textValueSelected.connect(on_given)
    dialog.open()
    return dialog

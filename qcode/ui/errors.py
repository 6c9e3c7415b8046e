"""Error dialogs: one clear message, never a traceback.

Dialogs are shown without blocking (``QDialog.open``), so an error raised deep inside a slot
cannot stall the event loop, and tests can find and close them. Unexpected exceptions (bugs) are
logged with their traceback to a file the message names, for a bug report.
"""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from platformdirs import user_log_dir
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from qcode.errors import QcodeError, describe_unexpected
from qcode.importers.normalise import paragraph_direction

ERROR_DIALOG = "qcodeErrorDialog"
LEFT_TO_RIGHT_MARK = "\u200e"


def error_log_path() -> Path:
    return Path(user_log_dir("qcode", appauthor=False)) / "errors.log"


def open_error_dialogs(parent: QWidget | None = None) -> list[QMessageBox]:
    """Error dialogs currently shown (over ``parent`` if given); tests read and close them."""
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == ERROR_DIALOG and w.isVisible()
            and (parent is None or w.parent() is parent)]


def show_error(parent: QWidget | None, message: str, *, title: str = "qcode") -> QMessageBox | None:
    """Show ``message`` in a warning dialog (not twice while the same one is open)."""
    message = reads_left_to_right(message)
    for box in open_error_dialogs():
        if box.text() == message:
            return None
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName(ERROR_DIALOG)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box


def reads_left_to_right(message: str) -> str:
    """``message`` as an English sentence: one that starts with a right-to-left name
    ("مقابلات.qcode is busy…") gets a left-to-right mark first, or Qt would lay the whole
    line out right to left and put the name at its end."""
    if paragraph_direction(message) == "rtl":
        return LEFT_TO_RIGHT_MARK + message
    return message


def _log_traceback(exc_type: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> Path | None:
    path = error_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
            fh.writelines(traceback.format_exception(exc_type, exc, tb))
    except OSError:
        return None
    return path


def describe_exception(exc_type: type[BaseException], exc: BaseException,
                       tb: TracebackType | None) -> str:
    """The message a user sees for an exception that reached the top."""
    if isinstance(exc, QcodeError):
        return str(exc)
    log = _log_traceback(exc_type, exc, tb)
    where = f" Details were written to {log}." if log else ""
    return (f"Something went wrong inside qcode ({describe_unexpected(exc)}). Changes made "
            f"before this were saved; please report this problem.{where}")


def install_excepthook(parent: QWidget | None = None) -> None:
    """Show uncaught exceptions (in slots, timers, events) as an error dialog."""

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt) or QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        show_error(parent or QApplication.activeWindow(), describe_exception(exc_type, exc, tb))

    sys.excepthook = hook

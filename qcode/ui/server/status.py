"""The status bar's word on the team server's connection: nothing while all is well, a plain
"Server unreachable — retrying…" while it is gone (never a dialog: the app keeps running and
the watcher keeps trying), and "Reconnected" for a few seconds once it is back."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

UNREACHABLE = "Server unreachable — retrying…"
RECONNECTED = "Reconnected"
#: how long "Reconnected" stays before the label hides again
RECONNECTED_MS = 6_000

_WARNING_STYLE = "QLabel { color: #b00020; font-weight: bold; padding: 0 6px; }"
_GOOD_STYLE = "QLabel { color: #1b7f3b; padding: 0 6px; }"


class ServerStatus(QLabel):
    """A permanent status-bar label following the connection (see the module docstring)."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qcodeServerStatus")
        self._label = label
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.timeout.connect(self.hide)
        self.hide()

    def set_connected(self, connected: bool) -> None:
        self._hide_timer.stop()
        if connected:
            if not self.isHidden():  # it was unreachable: say it is back, briefly
                self._show(RECONNECTED, _GOOD_STYLE,
                           f"The connection to {self._label} is back; what others saved "
                           "meanwhile has been read again.")
                self._hide_timer.start(RECONNECTED_MS)
            return
        self._show(UNREACHABLE, _WARNING_STYLE,
                   f"{self._label} cannot be reached. qcode keeps trying; changes you make "
                   "now are refused, not queued. Everything saved before is kept on the server.")

    def _show(self, text: str, style: str, tooltip: str) -> None:
        self.setText(text)
        self.setStyleSheet(style)
        self.setToolTip(tooltip)
        self.show()

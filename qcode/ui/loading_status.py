"""The status bar's progress while a big project's panels read their data off the GUI thread."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QStatusBar

from qcode.ui.panels import PanelLoader


class LoadingStatus(QProgressBar):
    """Busy until the first panel fills, then "1 of 2 panels"; hidden when all are in."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.setObjectName("loadingBar")
        self.setMaximumWidth(200)
        self.setVisible(False)
        self._bar = bar
        bar.addPermanentWidget(self)

    def busy(self, message: str) -> None:
        """Busy with no steps to count (opening the file)."""
        self.setRange(0, 0)
        self.setVisible(True)
        self._bar.showMessage(message)

    def follow(self, loader: PanelLoader, name: str) -> None:
        self.setRange(0, 0)
        self.setFormat("%v of %m panels")
        self.setVisible(True)
        self._bar.showMessage(f"Opening {name}: reading the codebook and the documents…")
        loader.progressed.connect(self._progressed)
        loader.ready.connect(self.finish)

    def _progressed(self, done: int, total: int) -> None:
        self.setRange(0, total)
        self.setValue(done)

    def finish(self) -> None:
        if self.isVisible():
            self.setVisible(False)
            self._bar.clearMessage()

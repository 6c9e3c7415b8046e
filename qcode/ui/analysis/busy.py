"""A slim row shown while an analysis counts (or writes a file): what it is doing, a progress
bar, and Cancel where the work can stop."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class BusyBar(QWidget):
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("Counting…")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(12)
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop counting (Esc)")
        self.cancel.clicked.connect(self.cancel_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel)
        self.hide()

    def start(self, label: str = "Counting…", cancellable: bool = True) -> None:
        self.label.setText(label)
        self.bar.setRange(0, 0)
        self.cancel.setVisible(cancellable)
        self.show()

    def progress(self, done: int, total: int, label: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
        if label:
            self.label.setText(label + "…" if label != "Done" else label)

    def stop(self) -> None:
        self.hide()

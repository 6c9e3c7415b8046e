"""The co-occurrence view's options: when two codings meet, what a cell counts, coders,
document filters."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from qcode.analysis.options import CooccurrenceOptions, Filters
from qcode.browse.matrix_cells import AnalysisChoices
from qcode.ui.analysis.choosers import CoderChooser, FilterChooser

MODES = (("overlap", "Overlapping"), ("turn", "In the same speaker turn"),
         ("near", "Within N characters"))
MEASURES = (("segments", "Coding pairs"), ("documents", "Documents"))
DEFAULT_DISTANCE = 200


class CooccurrenceOptionsBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox()
        for key, text in MODES:
            self.mode.addItem(text, key)
        self.mode.setToolTip("When two codings of different codes count as co-occurring")
        self.distance = QSpinBox()
        self.distance.setRange(0, 1_000_000)
        self.distance.setValue(DEFAULT_DISTANCE)
        self.distance.setSuffix(" characters")
        self.distance.setToolTip("At most this many characters between the two codings")
        self.measure = QComboBox()
        for key, text in MEASURES:
            self.measure.addItem(text, key)
        self.measure.setToolTip("Count pairs of codings, or documents with at least one pair")
        self.coders = CoderChooser()
        self.filters = FilterChooser()
        layout = QVBoxLayout(self)  # two rows, so the bar fits a narrow dock
        layout.setContentsMargins(0, 0, 0, 0)
        first, second = QHBoxLayout(), QHBoxLayout()
        for label, widget in (("Codings meet when", self.mode), (None, self.distance),
                              ("Count", self.measure)):
            if label:
                caption = QLabel(label)
                caption.setBuddy(widget)
                first.addWidget(caption)
            first.addWidget(widget)
        first.addStretch(1)
        second.addWidget(self.coders)
        second.addWidget(self.filters)
        second.addStretch(1)
        layout.addLayout(first)
        layout.addLayout(second)
        self._update_distance()
        self.mode.currentIndexChanged.connect(self._changed)
        self.distance.valueChanged.connect(self._changed)
        self.measure.currentIndexChanged.connect(self._changed)
        self.coders.changed.connect(self._changed)
        self.filters.changed.connect(self._changed)

    def set_choices(self, choices: AnalysisChoices) -> None:
        self.coders.set_choices(choices.coders)
        self.filters.set_choices(choices)

    def _update_distance(self) -> None:
        self.distance.setVisible(self.mode.currentData() == "near")

    def _changed(self) -> None:
        self._update_distance()
        self.changed.emit()

    def options(self) -> CooccurrenceOptions:
        mode = self.mode.currentData()
        return CooccurrenceOptions(
            mode=mode, distance=self.distance.value() if mode == "near" else 0,
            measure=self.measure.currentData(),
            filters=Filters(coders=self.coders.coders(), where=self.filters.where()))

    def set_mode(self, mode: str, distance: int | None = None) -> None:
        if distance is not None:
            self.distance.blockSignals(True)
            self.distance.setValue(distance)
            self.distance.blockSignals(False)
        self.mode.setCurrentIndex(self.mode.findData(mode))
        self._changed()

    def set_measure(self, measure: str) -> None:
        self.measure.setCurrentIndex(self.measure.findData(measure))

"""The theme matrix's options: columns, measure, roll-up, cell percentages, coders, filters."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from qcode.analysis.options import Filters, MatrixOptions, parse_columns
from qcode.browse.matrix_cells import AnalysisChoices
from qcode.ui.analysis.choosers import CoderChooser, FilterChooser
from qcode.ui.analysis.where_edit import WhereEdit

MEASURES = (("segments", "Codings"), ("documents", "Documents"), ("characters", "Characters"),
            ("words", "Words"), ("coverage", "Coverage %"))
PERCENTS = (("", "Counts"), ("row", "% of row total"), ("column", "% of column total"))
MEASURE_TIPS = {
    "segments": "How many codings of the code fall in the column",
    "documents": "How many of the column's documents have a coding of the code",
    "characters": "Coded characters in the column (text coded twice counts once)",
    "words": "Words touched by the coded text in the column",
    "coverage": "Coded characters as a percentage of the column's characters",
}


def _combo(items: tuple[tuple[object, str], ...], tip: str) -> QComboBox:
    combo = QComboBox()
    for data, text in items:
        combo.addItem(text, data)
    combo.setToolTip(tip)
    return combo


class MatrixOptionsBar(QWidget):
    """Emits :attr:`changed` whenever an option changes; :meth:`options` reads them all."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = _combo((), "What the columns are: documents, the values of an "
                                  "attribute, or speakers")
        self.measure = _combo(MEASURES, "What each cell counts")
        for i, (key, _) in enumerate(MEASURES):
            self.measure.setItemData(i, MEASURE_TIPS[key], Qt.ItemDataRole.ToolTipRole)
        self.percent = _combo(PERCENTS, "Show cells as counts, or as percentages of their "
                                        "row or column total")
        self.rollup = QCheckBox("Include sub-codes")
        self.rollup.setToolTip("A code's row also counts the codings of every code below it")
        self.coders = CoderChooser()
        self.filters = FilterChooser()
        self.where_edit = WhereEdit()  # comparisons: years>=10
        layout = QVBoxLayout(self)  # two rows, so the bar fits a narrow dock
        layout.setContentsMargins(0, 0, 0, 0)
        first, second = QHBoxLayout(), QHBoxLayout()
        for label, widget in (("Columns", self.columns), ("Count", self.measure),
                              ("Cells", self.percent)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            first.addWidget(caption)
            first.addWidget(widget)
        first.addStretch(1)
        for widget in (self.rollup, self.coders, self.filters):
            second.addWidget(widget)
        second.addWidget(self.where_edit, 1)
        layout.addLayout(first)
        layout.addLayout(second)
        self.set_choices(AnalysisChoices())
        for combo in (self.columns, self.measure, self.percent):
            combo.currentIndexChanged.connect(self._changed)
        self.rollup.toggled.connect(self._changed)
        self.coders.changed.connect(self._changed)
        self.filters.changed.connect(self._changed)
        self.where_edit.changed.connect(self._changed)

    def set_choices(self, choices: AnalysisChoices) -> None:
        """Offer the project's attributes and coders (keeping what is chosen where possible)."""
        current = self.columns.currentData()
        self.columns.blockSignals(True)
        self.columns.clear()
        self.columns.addItem("Documents", "documents")
        for attribute in choices.attributes:
            self.columns.addItem(f"Attribute: {attribute.name}", f"attribute:{attribute.name}")
        self.columns.addItem("Speakers", "speakers")
        index = self.columns.findData(current) if current is not None else 0
        self.columns.setCurrentIndex(max(index, 0))
        self.columns.blockSignals(False)
        self.coders.set_choices(choices.coders)
        self.filters.set_choices(choices)
        if current is not None and index < 0:
            self.changed.emit()  # the chosen attribute is gone

    def _changed(self) -> None:
        coverage = self.measure.currentData() == "coverage"
        self.percent.setEnabled(not coverage)  # coverage is a percentage already
        self.changed.emit()

    # -- reading and setting -------------------------------------------------------------------

    def options(self) -> MatrixOptions:
        kind, attribute = parse_columns(self.columns.currentData())
        measure = self.measure.currentData()
        return MatrixOptions(
            measure=measure, columns=kind, attribute=attribute,
            rollup=self.rollup.isChecked(),
            filters=Filters(coders=self.coders.coders(),
                            where=(*self.filters.where(), *self.where_edit.conditions())),
            percent=None if measure == "coverage" else self.percent.currentData() or None)

    def set_columns(self, kind: str, attribute: str | None = None) -> None:
        index = self.columns.findData(f"attribute:{attribute}" if kind == "attribute" else kind)
        if index < 0:
            raise ValueError(f"no column choice {kind} {attribute or ''}".strip())
        self.columns.setCurrentIndex(index)

    def set_measure(self, measure: str) -> None:
        self.measure.setCurrentIndex(self.measure.findData(measure))

    def set_percent(self, percent: str | None) -> None:
        self.percent.setCurrentIndex(self.percent.findData(percent or ""))

    def set_rollup(self, rollup: bool) -> None:
        self.rollup.setChecked(rollup)

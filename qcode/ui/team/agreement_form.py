"""The choices of Analysis → Coder agreement: coders, unit (with overlap for segments),
coded-only, codes and roll-up, turned into :class:`~qcode.team.options.AgreementOptions`.

Checked before any counting: fewer than two coders, or a choice the options refuse, is one
line naming the cause (:func:`options_from`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from qcode.errors import InputError
from qcode.team.options import DEFAULT_OVERLAP, UNITS, AgreementOptions

UNIT_TITLES = {"character": "Characters", "sentence": "Sentences", "turn": "Speaker turns",
               "segment": "Coded segments (overlap)"}


def options_from(coders: list[str], unit: str, overlap: float, coded_only: bool,
                 codes: list[str], rollup: bool) -> AgreementOptions:
    """The options for the choice made; InputError with one clear line when it cannot work."""
    if len(coders) < 2:
        raise InputError("choose two coders or more to compare")
    if unit == "segment" and len(coders) != 2:
        raise InputError("segment agreement compares exactly two coders: choose two")
    return AgreementOptions(coders=tuple(coders), unit=unit,  # type: ignore[arg-type]
                            overlap=overlap, coded_only=coded_only and unit != "segment",
                            codes=tuple(codes), rollup=rollup)


def _checkable_list(names: list[str], object_name: str) -> QListWidget:
    widget = QListWidget()
    widget.setObjectName(object_name)
    for name in names:
        item = QListWidgetItem(name)
        item.setToolTip(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def checked(widget: QListWidget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


def set_checked(widget: QListWidget, names: list[str]) -> None:
    """Check exactly ``names`` (tests, and the first two coders by default)."""
    for i in range(widget.count()):
        item = widget.item(i)
        item.setCheckState(Qt.CheckState.Checked if item.text() in names
                           else Qt.CheckState.Unchecked)


class AgreementForm(QWidget):
    """The form; :meth:`options` reads it (InputError when the choice cannot work)."""

    def __init__(self, coders: list[str], codes: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.coders = _checkable_list(coders, "agreementCoders")
        set_checked(self.coders, coders[:2])
        self.unit = QComboBox()
        self.unit.setObjectName("agreementUnit")
        for unit in UNITS:
            self.unit.addItem(UNIT_TITLES[unit], unit)
        self.overlap = QDoubleSpinBox()
        self.overlap.setRange(0, 100)
        self.overlap.setDecimals(0)
        self.overlap.setSuffix(" %")
        self.overlap.setValue(DEFAULT_OVERLAP)
        self.overlap.setToolTip("Two codings match when they overlap by at least this share "
                                "of the two spans together")
        self.coded_only = QCheckBox("Only units either coder coded")
        self.codes = _checkable_list(codes, "agreementCodes")
        self.codes.setToolTip("None checked: every code")
        self.coders.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 8)
        self.rollup = QCheckBox("Codes below each code count as it (roll-up)")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Coders:", self.coders)
        form.addRow("Unit:", self.unit)
        form.addRow("Overlap:", self.overlap)
        form.addRow("", self.coded_only)
        form.addRow("Codes:", self.codes)
        form.addRow("", QLabel("None checked: every code."))
        form.addRow("", self.rollup)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self._unit_changed()

    def _unit_changed(self) -> None:
        segment = self.unit.currentData() == "segment"
        self.overlap.setEnabled(segment)
        self.coded_only.setEnabled(not segment)

    def set_unit(self, unit: str) -> None:
        self.unit.setCurrentIndex(self.unit.findData(unit))

    def options(self) -> AgreementOptions:
        return options_from(checked(self.coders), self.unit.currentData(),
                            self.overlap.value(), self.coded_only.isChecked(),
                            checked(self.codes), self.rollup.isChecked())

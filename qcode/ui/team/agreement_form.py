"""The choices of Analysis → Coder agreement: coders (or two groups of coders), unit (with
overlap for segments), coded-only, codes and roll-up, and documents, turned into
:class:`~qcode.team.options.AgreementOptions`.

Checked before any counting: fewer than two coders, an empty group, or a choice the options
refuse, is one line naming the cause (:func:`options_from`).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from qcode.errors import InputError
from qcode.team.options import DEFAULT_OVERLAP, UNITS, AgreementOptions

UNIT_TITLES = {"character": "Characters", "sentence": "Sentences", "turn": "Speaker turns",
               "segment": "Coded segments (overlap)"}
COMPARE_TITLES = {"coders": "Coders, one against another", "groups": "Two groups of coders"}
#: list heights, in lines
CODER_LINES, GROUP_LINES = 6, 5


def options_from(coders: list[str], unit: str, overlap: float, coded_only: bool,
                 codes: list[str], rollup: bool, *,
                 groups: tuple[Sequence[str], Sequence[str]] | None = None,
                 documents: Sequence[str] = ()) -> AgreementOptions:
    """The options for the choice made (``groups``: sides A and B instead of ``coders``);
    InputError with one clear line when it cannot work."""
    if groups is not None:
        if not groups[0] or not groups[1]:
            raise InputError("choose at least one coder for group A and one for group B")
        sides = {"group_a": tuple(groups[0]), "group_b": tuple(groups[1])}
    else:
        if len(coders) < 2:
            raise InputError("choose two coders or more to compare")
        if unit == "segment" and len(coders) != 2:
            raise InputError("segment agreement compares exactly two coders: choose two")
        sides = {"coders": tuple(coders)}
    return AgreementOptions(**sides, unit=unit,  # type: ignore[arg-type]
                            overlap=overlap, coded_only=coded_only and unit != "segment",
                            codes=tuple(codes), rollup=rollup, documents=tuple(documents))


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

    def __init__(self, coders: list[str], codes: list[str], documents: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lines = self.fontMetrics().lineSpacing()
        self.compare = QComboBox()
        self.compare.setObjectName("agreementCompare")
        for key, title in COMPARE_TITLES.items():
            self.compare.addItem(title, key)
        self.coders = _checkable_list(coders, "agreementCoders")
        set_checked(self.coders, coders[:2])
        self.coders.setMaximumHeight(lines * CODER_LINES + 8)
        self.group_a = _checkable_list(coders, "agreementGroupA")
        self.group_b = _checkable_list(coders, "agreementGroupB")
        set_checked(self.group_a, coders[:1])
        set_checked(self.group_b, coders[1:2])
        self.groups = self._groups(lines)
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
        self.rollup = QCheckBox("Roll up sub-codes")
        self.rollup.setToolTip("A code's row counts the codings of the codes below it as its "
                               "own")
        self.documents = _checkable_list(documents or [], "agreementDocuments")
        self.documents.setToolTip("None checked: every document")
        self._lay_out()
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.compare.currentIndexChanged.connect(self._compare_changed)
        self._unit_changed()
        self._compare_changed()

    def _groups(self, lines: int) -> QWidget:
        """Groups A and B side by side: a unit is a group's if any member coded it."""
        widget = QWidget()
        grid = QGridLayout(widget)
        grid.setContentsMargins(0, 0, 0, 0)
        for column, (title, group) in enumerate((("Group A", self.group_a),
                                                 ("Group B", self.group_b))):
            group.setMaximumHeight(lines * GROUP_LINES + 8)
            group.setToolTip(f"{title}: a unit is the group's if any member coded it")
            grid.addWidget(QLabel(title), 0, column)
            grid.addWidget(group, 1, column)
        return widget

    def _lay_out(self) -> None:
        self.form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Compare:", self.compare)
        form.addRow("Coders:", self.coders)
        form.addRow(self.groups)
        form.addRow("Unit:", self.unit)
        form.addRow("Overlap:", self.overlap)
        form.addRow("", self.coded_only)
        form.addRow("Codes:", self.codes)
        form.addRow("", QLabel("None checked: every code."))
        form.addRow("", self.rollup)
        form.addRow("Documents:", self.documents)
        form.addRow("", QLabel("None checked: every document."))

    def _unit_changed(self) -> None:
        segment = self.unit.currentData() == "segment"
        self.overlap.setEnabled(segment)
        self.coded_only.setEnabled(not segment)

    def _compare_changed(self) -> None:
        grouped = self.grouped
        self.form.setRowVisible(self.coders, not grouped)
        self.form.setRowVisible(self.groups, grouped)

    @property
    def grouped(self) -> bool:
        return self.compare.currentData() == "groups"

    def set_unit(self, unit: str) -> None:
        self.unit.setCurrentIndex(self.unit.findData(unit))

    def set_groups(self, group_a: list[str], group_b: list[str]) -> None:
        """Compare two groups (tests, and a lead who types them)."""
        self.compare.setCurrentIndex(self.compare.findData("groups"))
        set_checked(self.group_a, group_a)
        set_checked(self.group_b, group_b)

    def options(self) -> AgreementOptions:
        groups = (checked(self.group_a), checked(self.group_b)) if self.grouped else None
        return options_from(checked(self.coders), self.unit.currentData(),
                            self.overlap.value(), self.coded_only.isChecked(),
                            checked(self.codes), self.rollup.isChecked(), groups=groups,
                            documents=checked(self.documents))

"""The word-frequency view's options: grouping, stop-words (and their folder), spelling,
least length, how many words, coders (by code) and document filters."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qcode.analysis.options import Filters
from qcode.browse.matrix_cells import AnalysisChoices
from qcode.errors import QcodeError
from qcode.search.stopwords import list_names, stopwords_dir
from qcode.search.words import WordOptions
from qcode.ui.analysis.choosers import CoderChooser, FilterChooser
from qcode.ui.errors import show_error

DEFAULT_TOP = 500
GROUPINGS = (("none", "in all documents"), ("code", "by code"), ("document", "by document"))


class WordOptionsBar(QWidget):
    """Emits :attr:`changed` whenever an option changes; :meth:`options` reads them all."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grouping = QComboBox()
        self.grouping.setToolTip("Count over every document, or a column per code (the words "
                                 "its passages touch), per document or per attribute value")
        self.stopwords = QCheckBox("Leave out stop-words")
        self.stopwords.setToolTip("Leave out the words of your stop-word lists (English, "
                                  "Arabic and any list you add to their folder)")
        self.lists = QPushButton("Stop-word lists…")
        self.lists.setToolTip("Open the folder of the lists: edit them, or add NAME.txt "
                              "(one word a line); the next count uses them")
        self.lists.clicked.connect(self.open_lists)
        self.exact = QCheckBox("Exact spelling")
        self.exact.setToolTip("Tell apart words that differ only in Arabic vowel marks, alef "
                              "forms or accents (case never counts)")
        self.min_length = _spin(1, 50, 1, "Leave out words with fewer letters")
        self.min_length.valueChanged.connect(self._letters)
        self._letters(self.min_length.value())
        self.top = _spin(0, 1_000_000, DEFAULT_TOP, "How many of the most frequent words to "
                                                    "list and export")
        self.top.setSpecialValueText("all")
        self.coders = CoderChooser()
        self.filters = FilterChooser()
        self._layout()
        for signal in (self.grouping.currentIndexChanged, self.stopwords.toggled,
                       self.exact.toggled, self.min_length.valueChanged, self.top.valueChanged,
                       self.coders.changed, self.filters.changed):
            signal.connect(self._changed)
        self.set_choices(AnalysisChoices())

    def _layout(self) -> None:
        first, second = QHBoxLayout(), QHBoxLayout()  # two rows, so it fits a narrow dock
        for label, widget in (("Count words", self.grouping), ("Show", self.top),
                              ("At least", self.min_length)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            first.addWidget(caption)
            first.addWidget(widget)
        first.addStretch(1)
        for widget in (self.stopwords, self.lists, self.exact, self.coders, self.filters):
            second.addWidget(widget)
        second.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(second)

    def _letters(self, value: int) -> None:
        self.min_length.setSuffix(" letter" if value == 1 else " letters")

    def set_choices(self, choices: AnalysisChoices) -> None:
        """Offer the project's attributes and coders, keeping what was chosen if it remains."""
        chosen = self.grouping.currentData()
        self.grouping.blockSignals(True)
        self.grouping.clear()
        for key, text in GROUPINGS:
            self.grouping.addItem(text, key)
        for attribute in choices.attributes:
            self.grouping.addItem(f"by {attribute.name}", f"attribute:{attribute.name}")
        at = self.grouping.findData(chosen)
        self.grouping.setCurrentIndex(max(at, 0))
        self.grouping.blockSignals(False)
        self.coders.set_choices(choices.coders)
        self.filters.set_choices(choices)
        self._update_coders()

    def _update_coders(self) -> None:
        self.coders.setVisible(self.grouping.currentData() == "code")

    def _changed(self) -> None:
        self._update_coders()
        self.changed.emit()

    def options(self) -> WordOptions:
        spec = self.grouping.currentData() or "none"
        by, _, attribute = spec.partition(":")
        coders = self.coders.coders() if by == "code" else ()
        return WordOptions(by=by, attribute=attribute or None,  # type: ignore[arg-type]
                           filters=Filters(coders=coders, where=self.filters.where()),
                           stopwords=list_names() if self.stopwords.isChecked() else (),
                           normalise=not self.exact.isChecked(),
                           min_length=self.min_length.value(), top=self.top.value() or None)

    def set_grouping(self, spec: str) -> None:
        """Choose ``none``, ``code``, ``document`` or ``attribute:NAME`` (tests, menus)."""
        at = self.grouping.findData(spec)
        if at >= 0:
            self.grouping.setCurrentIndex(at)

    def open_lists(self) -> None:
        """Open the stop-word lists' folder (made, with the shipped lists, if need be)."""
        try:
            folder = stopwords_dir()
        except QcodeError as exc:
            show_error(self, str(exc))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _spin(low: int, high: int, value: int, tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setToolTip(tip)
    return spin

"""The search panel's options: the query, how it is matched, and where to look.

Three compact rows: the query with its mode, the switches (whole words, match case, exact
spelling), then the scope (one speaker's turns, passages coded with a code, documents by
attribute). :meth:`SearchOptions.query` gives the :class:`~qcode.search.query.SearchQuery`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qcode.analysis.options import Filters
from qcode.search.query import Mode, SearchQuery
from qcode.ui.analysis.choosers import FilterChooser
from qcode.ui.search.choices import SearchChoices

MODES: tuple[tuple[Mode, str, str], ...] = (
    ("exact", "Exact", "The words as typed (any case, Arabic marks and alef forms ignored)"),
    ("regex", "Regular expression", "A Python regular expression on the stored text"),
    ("fuzzy", "Typo-tolerant", "Also words spelled slightly differently (capcity → capacity)"),
)
ANY_SPEAKER = "Any speaker"
ANYWHERE = "Any passage"
#: a scope drop-down item's value in the query (a speaker's name, a code's path)
_VALUE_ROLE = Qt.ItemDataRole.UserRole + 1


def _switch(text: str, tip: str, parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setCheckable(True)
    button.setAutoRaise(True)
    return button


def _chooser(tip: str, chars: int, parent: QWidget) -> QComboBox:
    """A drop-down about ``chars`` wide however long its items (they show whole when open)."""
    combo = QComboBox(parent)
    combo.setToolTip(tip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


class SearchOptions(QWidget):
    """``edited`` when the query text changes (search after a pause), ``changed`` when an
    option does (search at once)."""

    edited = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("Search every document…")
        self.text.setClearButtonEnabled(True)
        self.mode = _chooser("How the words are matched", 12, self)
        for i, (_mode, label, tip) in enumerate(MODES):
            self.mode.addItem(label)
            self.mode.setItemData(i, tip, 3)  # Qt.ToolTipRole
        self.whole_words = _switch("Whole words", "Hits start and end at word boundaries", self)
        self.case = _switch("Match case", "Tell capitals from small letters", self)
        self.spelling = _switch("Exact spelling", "Do not ignore Arabic marks, alef forms and "
                                "Latin accents", self)
        self.speaker = _chooser("Only in this speaker's turns", 6, self)
        self.code = _chooser("Only inside passages coded with this code", 7, self)
        self.documents = FilterChooser(self)
        self._lay_out()
        self.set_choices(SearchChoices())
        self.text.textChanged.connect(lambda _text: self.edited.emit())
        self.mode.currentIndexChanged.connect(self._mode_changed)
        for button in (self.whole_words, self.case, self.spelling):
            button.toggled.connect(lambda _on: self.changed.emit())
        for combo in (self.speaker, self.code):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.documents.changed.connect(self.changed)
        self.setFocusProxy(self.text)

    def _lay_out(self) -> None:
        """Three short rows rather than one long one, so the panel fits under a narrow viewer:
        query and mode; how text is compared; where to look."""
        rows = [QHBoxLayout() for _ in range(3)]
        rows[0].addWidget(self.text, 1)
        rows[0].addWidget(self.mode)
        for widget in (self.whole_words, self.case, self.spelling):
            rows[1].addWidget(widget)
        rows[1].addStretch(1)
        for widget in (self.speaker, self.code):
            rows[2].addWidget(widget, 1)
        rows[2].addWidget(self.documents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 2)
        layout.setSpacing(2)
        for row in rows:
            layout.addLayout(row)

    def set_choices(self, choices: SearchChoices) -> None:
        """Fill the scope choosers, keeping what is chosen when it is still there (a code by
        its id, so a renamed code stays chosen under its new path)."""
        speakers = [(name, name, name) for name in choices.speakers]
        codes = [(code_id, f"Coded {path}", path) for code_id, path in choices.codes]
        for combo, first, items in ((self.speaker, ANY_SPEAKER, speakers),
                                    (self.code, ANYWHERE, codes)):
            chosen, value = combo.currentData(), _value(combo)
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for key, label, item_value in items:
                combo.addItem(label, key)
                combo.setItemData(combo.count() - 1, item_value, _VALUE_ROLE)
            found = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(found, 0))
            combo.setEnabled(bool(items))
            combo.blockSignals(False)
            if chosen is not None and (found < 0 or _value(combo) != value):
                self.changed.emit()
        self.documents.set_choices(choices.analysis)

    def _mode_changed(self, _index: int) -> None:
        self.spelling.setEnabled(self.mode_value() != "regex")
        self.changed.emit()

    def mode_value(self) -> Mode:
        return MODES[max(self.mode.currentIndex(), 0)][0]

    def query(self) -> SearchQuery | None:
        """What to search for, or None when nothing is typed."""
        if not self.text.text().strip():
            return None
        return SearchQuery(
            text=self.text.text(), mode=self.mode_value(),
            whole_words=self.whole_words.isChecked(), case_sensitive=self.case.isChecked(),
            normalise=not self.spelling.isChecked(), speaker=_value(self.speaker),
            code=_value(self.code), filters=Filters(where=self.documents.where()))


def _value(combo: QComboBox) -> str | None:
    """What a scope drop-down's choice puts in the query (None: no limit)."""
    value = combo.itemData(combo.currentIndex(), _VALUE_ROLE) if combo.currentIndex() > 0 else None
    return str(value) if value is not None else None

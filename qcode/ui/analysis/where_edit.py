"""A typed document filter for the analysis option bars: comparisons such as ``years>=10``.

The values menu (:class:`~qcode.ui.analysis.choosers.FilterChooser`) picks ``attribute =
value``; a number or a date is better compared: ``years_of_service>=10; role!=Academic``.
Conditions are separated by ``;`` and read by :func:`qcode.analysis.options.parse_where` (so
``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=``, as in ``--where``); every one must hold. What the
project cannot take (an unknown attribute, ``years>=ten``) is refused when the table is
counted, in one line.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from qcode.analysis.options import Condition, parse_where

SEPARATOR = ";"
TIP = ("Keep only the documents that pass every comparison, separated by ';'\n"
       "numbers and dates: =  !=  <  <=  >  >=   (years_of_service>=10)\n"
       "text: =  !=   (role!=Academic)\n"
       "A document without a value for the attribute passes no comparison of it.")


def parse_conditions(text: str) -> tuple[Condition, ...]:
    """The conditions typed in ``text`` (InputError for one that is not a filter)."""
    return tuple(parse_where(part.strip()) for part in text.split(SEPARATOR) if part.strip())


class WhereEdit(QLineEdit):
    """``changed`` when the typed conditions are committed (Enter, or leaving the field)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whereEdit")
        self.setPlaceholderText("Where… e.g. years>=10; role!=Academic")
        self.setToolTip(TIP)
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(220)
        self._committed = ""
        self.editingFinished.connect(self._commit)
        self.textChanged.connect(lambda text: self._commit() if not text else None)

    def conditions(self) -> tuple[Condition, ...]:
        return parse_conditions(self.text())

    def set_conditions(self, specs: tuple[str, ...] | list[str]) -> None:
        """Show ``specs`` (as typed: ``years>=10``) and count with them."""
        self.setText(f"{SEPARATOR} ".join(specs))
        self._commit()

    def _commit(self) -> None:
        text = self.text().strip()
        if text != self._committed:
            self._committed = text
            self.changed.emit()

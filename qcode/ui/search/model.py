"""The search results as a table: a thin Qt adapter over the :class:`~qcode.search.query.Hit`
tuples of a :class:`~qcode.ui.search.found.Found`.

Keyword in context: the text before a hit and after it stand on either side of the hit, by the
hit's own reading direction. In an English row the text before is in the left column (aligned
against the hit) and the text after in the right one; in an Arabic row they swap, so the row
reads right to left like the transcript. Each context is cut at its far end from the hit.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from qcode.importers.normalise import paragraph_direction
from qcode.search.query import Hit
from qcode.ui.search.found import CodeTag, Found
from qcode.ui.segments.model import one_line
from qcode.ui.swatches import swatch_icon
from qcode.ui.viewer.formats import FIND_HIT

Index = QModelIndex | QPersistentModelIndex
DOCUMENT, SPEAKER, LEFT, HIT, RIGHT, CODES = range(6)
HEADERS = ("Document", "Speaker", "", "Hit", "", "Codes")
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Qt.LayoutDirection of the row's text (its hit's reading direction)
DIRECTION_ROLE = Qt.ItemDataRole.UserRole + 2
#: which end of a context cell's text may be cut: "start" or "end" (logical order)
CUT_ROLE = Qt.ItemDataRole.UserRole + 3

_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
                   | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
                  | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


def is_rtl(hit: Hit) -> bool:
    """Whether the hit reads right to left (by its own first strong letter, else its
    surroundings')."""
    for text in (hit.text, hit.left[::-1], hit.right):
        direction = paragraph_direction(text)
        if direction is not None:
            return direction == "rtl"
    return False


class HitsModel(QAbstractTableModel):
    """Rows: the listed hits in the order the search gave them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.found: Found | None = None
        self._rtl: list[bool] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_found(self, found: Found | None) -> None:
        self.beginResetModel()
        self.found = found
        self._rtl = [is_rtl(hit) for hit in found.hits] if found is not None else []
        self.endResetModel()

    def set_codes(self, codes: tuple[tuple[CodeTag, ...], ...]) -> None:
        """New codes on the listed hits (after a coding change); the rows stay as they are."""
        if self.found is None or len(codes) != len(self.found.hits):
            return
        from dataclasses import replace

        self.found = replace(self.found, codes=codes)
        if self.found.hits:
            self.dataChanged.emit(self.index(0, CODES), self.index(len(codes) - 1, CODES))

    def hit(self, row: int) -> Hit:
        assert self.found is not None
        return self.found.hits[row]

    # -- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.found is None:
            return 0
        return len(self.found.hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole
                and section in (LEFT, RIGHT)):
            return "The text either side of the hit (for Arabic, the text before is on the right)"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        found = self.found
        if found is None or not index.isValid() or not 0 <= index.row() < len(found.hits):
            return None
        row, column = index.row(), index.column()
        hit, rtl = found.hits[row], self._rtl[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(hit, column, rtl, found.codes[row])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return {LEFT: _ALIGN_RIGHT, HIT: _ALIGN_CENTRE, RIGHT: _ALIGN_LEFT}.get(column)
        if role == Qt.ItemDataRole.FontRole and column == HIT:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and column == HIT:
            return FIND_HIT  # as the hits are marked in the viewer
        if role == Qt.ItemDataRole.DecorationRole and column == CODES and found.codes[row]:
            return swatch_icon(found.codes[row][0].colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(hit, found.codes[row])
        if role == DIRECTION_ROLE:
            return Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        if role == CUT_ROLE and column in (LEFT, RIGHT):
            before = (column == LEFT) != rtl  # this cell shows the text before the hit
            return "start" if before else "end"
        if role == HIT_ROLE:
            return hit
        return None

    @staticmethod
    def _display(hit: Hit, column: int, rtl: bool, codes: tuple[CodeTag, ...]) -> str | None:
        if column == DOCUMENT:
            return hit.document
        if column == SPEAKER:
            return hit.speaker or ""
        if column == HIT:
            return one_line(hit.text)
        if column in (LEFT, RIGHT):
            before = (column == LEFT) != rtl
            return " ".join((hit.left if before else hit.right).split())
        if column == CODES:
            return "; ".join(tag.path for tag in codes)
        return None


def _tooltip(hit: Hit, codes: tuple[CodeTag, ...]) -> str:
    who = f" — {hit.speaker}" if hit.speaker else ""
    coded = "\n\nCoded: " + "; ".join(tag.path for tag in codes) if codes else ""
    return (f"{hit.document}{who} ({hit.start}–{hit.end})\n\n"
            f"…{one_line(hit.left)} [{one_line(hit.text)}] {one_line(hit.right)}…{coded}")

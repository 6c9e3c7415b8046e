"""The pane under the agreement table: the passages of the chosen row that one side coded and
the other did not (:class:`~qcode.team.disagreements.Disagreements`). Double-click (or Enter)
shows a passage selected in the main window's viewer.

Each line: the side ("Amal only"; for segment units the coder of the unmatched coding too),
the document, the code (only when the row covers several), where, and the passage on one
line, elided, aligned to the side its text starts from (right for Arabic).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from qcode.team.disagreements import Disagreements, Passage
from qcode.ui.bidi import isolated
from qcode.ui.errors import LEFT_TO_RIGHT_MARK
from qcode.ui.row_list import Index, RowList, RowsModel, clipped
from qcode.ui.segments.model import one_line, text_alignment

SIDE, DOCUMENT, CODE, WHERE, TEXT = range(5)
HEADERS = ("Coded by", "Document", "Code", "Where", "Passage")
#: a passage of white space alone, which one line would show as nothing
BLANK = "(white space)"
#: the widest a column other than the passage grows to fit its text, in pixels
MAX_COLUMN = 180
EMPTY_TEXT = ("Click a row of the table to list the passages one side coded and the other "
              "did not; double-click one to read it in the document.")
#: what a passage is, per unit: (one, many)
UNIT_NOUNS = {"character": ("passage", "passages"), "sentence": ("sentence", "sentences"),
              "turn": ("turn", "turns"), "segment": ("coding", "codings")}


def side_text(found: Disagreements, passage: Passage) -> str:
    """"Amal only", and for a segment the coder of the coding ("Amal+Sara only: Sara")."""
    label = found.label(passage)
    if passage.coder is not None and passage.coder != found.sides[passage.side]:
        return f"{label}: {passage.coder}"
    return label


def summary(found: Disagreements, row_name: str, *, coded: bool = True) -> str:
    """One line over the list: how many passages each side alone coded (``coded`` False:
    neither side coded anything in the row, which is no agreement to speak of)."""
    segment = found.unit == "segment"
    total = len(found.passages)
    name = isolated([row_name])
    if not total and not coded:
        return f"{LEFT_TO_RIGHT_MARK}{name}: neither side coded it."
    if not total:
        agree = "every coding has a match on the other side" if segment else \
            "nothing is coded by one side only"
        return f"{LEFT_TO_RIGHT_MARK}{name}: the two sides agree ({agree})."
    parts = []
    for side in (0, 1):
        chars = f", {found.length(side):,} characters" if found.unit == "character" else ""
        parts.append(f"{isolated([found.sides[side]])} only {found.count(side):,}{chars}")
    one, many = UNIT_NOUNS[found.unit]
    what = "without a match on the other side" if segment else "coded by one side only"
    return (f"{LEFT_TO_RIGHT_MARK}{name}: {total:,} {one if total == 1 else many} {what} "
            f"({'; '.join(parts)}).")


class PassagesModel(RowsModel):
    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.found: Disagreements | None = None
        self.passages: tuple[Passage, ...] = ()

    def rows(self) -> tuple[Passage, ...]:
        return self.passages

    def set_found(self, found: Disagreements | None) -> None:
        self.beginResetModel()
        self.found = found
        self.passages = found.passages if found is not None else ()
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        p = self.row_at(index)
        if p is None:
            return None
        assert self.found is not None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (side_text(self.found, p), p.document, p.code, f"{p.start:,}–{p.end:,}",
                    one_line(p.text) or BLANK)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{p.document} ({p.start}–{p.end}), {p.code}: "
                    f"{side_text(self.found, p)}\n\n{clipped(p.text)}\n\n"
                    "Double-click to read it in the document")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == TEXT:
            return text_alignment(p.text)
        if role == Qt.ItemDataRole.FontRole and column == TEXT and not p.text.strip():
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == WHERE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class AgreementPassages(RowList):
    """A heading saying which row is listed, and its passages."""

    #: a passage to show in the viewer
    passage_activated = Signal(object)  # Passage
    model: PassagesModel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(PassagesModel(),
                         ((SIDE, 130), (DOCUMENT, 140), (CODE, 140), (WHERE, 110)),
                         EMPTY_TEXT, parent)
        self.heading.setObjectName("agreementPassagesHeading")
        self.heading.setContentsMargins(2, 4, 2, 2)
        self.view.setObjectName("agreementPassages")

    def show_found(self, heading: str, found: Disagreements | None) -> None:
        """List ``found`` under ``heading``; the code column only when codes differ."""
        self.heading.setText(heading)
        self.model.set_found(found)
        codes = {p.code for p in found.passages} if found is not None else set()
        self.view.setColumnHidden(CODE, len(codes) <= 1)
        if found is not None and found.passages:
            self._fit_columns()

    def _fit_columns(self) -> None:
        """Side, document, code and where as wide as their text (at most MAX_COLUMN): the
        passage takes the rest."""
        for column in (SIDE, DOCUMENT, CODE, WHERE):
            self.view.resizeColumnToContents(column)
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), MAX_COLUMN))

    def clear(self, heading: str = EMPTY_TEXT) -> None:
        self.show_found(heading, None)

    def row_activated(self, row: Passage) -> None:
        self.passage_activated.emit(row)

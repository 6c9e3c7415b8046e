"""The pane under the agreement table: the passages of the chosen row that one side coded and
the other did not (:class:`~qcode.team.disagreements.Disagreements`). Double-click (or Enter)
shows a passage selected in the main window's viewer.

Each line: the side ("Amal only"; for segment units the coder of the unmatched coding too),
the document, the code (only when the row covers several), where, and the passage on one
line, elided, aligned to the side its text starts from (right for Arabic).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from qcode.team.disagreements import Disagreements, Passage
from qcode.ui.segments.model import one_line, text_alignment

Index = QModelIndex | QPersistentModelIndex
SIDE, DOCUMENT, CODE, WHERE, TEXT = range(5)
HEADERS = ("Coded by", "Document", "Code", "Where", "Passage")
MAX_TIP = 1500
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


def summary(found: Disagreements, row_name: str) -> str:
    """One line over the list: how many passages each side alone coded."""
    segment = found.unit == "segment"
    total = len(found.passages)
    if not total:
        agree = "every coding has a match on the other side" if segment else \
            "nothing is coded by one side only"
        return f"{row_name}: the two sides agree ({agree})."
    parts = []
    for side in (0, 1):
        chars = f", {found.length(side):,} characters" if found.unit == "character" else ""
        parts.append(f"{found.sides[side]} only {found.count(side):,}{chars}")
    one, many = UNIT_NOUNS[found.unit]
    what = "without a match on the other side" if segment else "coded by one side only"
    return (f"{row_name}: {total:,} {one if total == 1 else many} {what} "
            f"({'; '.join(parts)}).")


class PassagesModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.found: Disagreements | None = None
        self.passages: tuple[Passage, ...] = ()

    def set_found(self, found: Disagreements | None) -> None:
        self.beginResetModel()
        self.found = found
        self.passages = found.passages if found is not None else ()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.passages)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.passages):
            return None
        assert self.found is not None
        p, column = self.passages[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (side_text(self.found, p), p.document, p.code, f"{p.start:,}–{p.end:,}",
                    one_line(p.text) or BLANK)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = p.text if len(p.text) <= MAX_TIP else p.text[:MAX_TIP] + "…"
            return (f"{p.document} ({p.start}–{p.end}), {p.code}: "
                    f"{side_text(self.found, p)}\n\n{text}\n\n"
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


class AgreementPassages(QWidget):
    """A heading saying which row is listed, and its passages."""

    #: a passage to show in the viewer
    passage_activated = Signal(object)  # Passage

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PassagesModel(self)
        self.heading = QLabel(EMPTY_TEXT)
        self.heading.setObjectName("agreementPassagesHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setContentsMargins(2, 4, 2, 2)
        self.view = self._view()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        self.view.doubleClicked.connect(self.activate)
        self.view.installEventFilter(self)

    def _view(self) -> QTreeView:
        view = QTreeView()
        view.setObjectName("agreementPassages")
        view.setModel(self.model)
        view.setRootIsDecorated(False)
        view.setUniformRowHeights(True)
        view.setAlternatingRowColors(True)
        view.setAllColumnsShowFocus(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = view.header()
        header.setStretchLastSection(True)
        for column, width in ((SIDE, 130), (DOCUMENT, 140), (CODE, 140), (WHERE, 110)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            view.setColumnWidth(column, width)
        return view

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

    def activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.passage_activated.emit(self.model.passages[index.row()])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.view and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.activate(self.view.currentIndex())
            return True
        return super().eventFilter(watched, event)

"""The codings behind the chosen cell: document, speaker, coder, code and text, in reading
order. Double-click (or Enter) shows the passage in the viewer."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from qcode.browse.matrix_cells import CellSegment
from qcode.ui.row_list import Index, RowList, RowsModel, clipped
from qcode.ui.segments.model import one_line, text_alignment
from qcode.ui.swatches import swatch_icon

DOCUMENT, SPEAKER, CODER, CODE, TEXT = range(5)
HEADERS = ("Document", "Speaker", "Coder", "Code", "Text")
EMPTY_TEXT = "Click a cell to list the codings behind it; double-click one to read it in place."


class CellSegmentsModel(RowsModel):
    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.segments: tuple[CellSegment, ...] = ()

    def rows(self) -> tuple[CellSegment, ...]:
        return self.segments

    def set_segments(self, segments: tuple[CellSegment, ...]) -> None:
        self.beginResetModel()
        self.segments = tuple(segments)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        seg = self.row_at(index)
        if seg is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (seg.document, seg.speaker or "", seg.coder, seg.code_name,
                    one_line(seg.text))[column]
        if role == Qt.ItemDataRole.DecorationRole and column == CODE:
            return swatch_icon(seg.code_colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            memo = f"\n\nMemo: {seg.memo}" if seg.memo.strip() else ""
            return (f"{seg.document} ({seg.start}–{seg.end}), {seg.code_name}, coded by "
                    f"{seg.coder}\n\n{clipped(seg.text)}{memo}\n\n"
                    "Double-click to read it in the document")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == TEXT:
            return text_alignment(seg.text)
        return None


class CellList(RowList):
    """A heading saying which cell is listed, and its codings."""

    #: a coding to show in the viewer
    segment_activated = Signal(object)  # CellSegment
    model: CellSegmentsModel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(CellSegmentsModel(),
                         ((DOCUMENT, 150), (SPEAKER, 90), (CODER, 90), (CODE, 140)),
                         EMPTY_TEXT, parent)
        self.heading.setContentsMargins(4, 4, 4, 2)

    def show_segments(self, heading: str, segments: tuple[CellSegment, ...]) -> None:
        self.heading.setText(heading)
        self.model.set_segments(segments)

    def clear(self, heading: str = EMPTY_TEXT) -> None:
        self.show_segments(heading, ())

    def row_activated(self, row: CellSegment) -> None:
        self.segment_activated.emit(row)

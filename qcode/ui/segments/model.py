"""Coded segments of the selected codes as a table model (over :mod:`qcode.browse.segments`).

Only the codings of the coders shown are listed (coder filter, blind mode:
:class:`qcode.ui.viewer.coder_view.CoderView`), so no row acts on a coding the user cannot see.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from qcode.browse.segments import Segment, code_names, segments_of_codes
from qcode.changes import Changes
from qcode.importers.normalise import paragraph_direction
from qcode.importers.timestamps import format_timestamp
from qcode.ui.swatches import swatch_icon
from qcode.ui.viewer.coder_view import CoderView
from qcode.ui.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex
CODE, DOCUMENT, SPEAKER, TIME, CODER, TEXT = range(6)
HEADERS = ("Code", "Document", "Speaker", "Time", "Coder", "Text")
SEGMENT_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_SHOWN = 400  # characters of a segment shown in its row (the tooltip shows more)
MAX_TIP = 1500


def one_line(text: str, limit: int = MAX_SHOWN) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def text_alignment(text: str) -> int:
    """A passage's cell aligned to the side its text starts from (right for Arabic)."""
    rtl = paragraph_direction(text) == "rtl"
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    return int(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)


class SegmentsModel(QAbstractTableModel):
    """Rows: the codings of ``code_ids`` in reading order. Re-reads when codings change."""

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.code_ids: tuple[int, ...] = ()
        self.segments: tuple[Segment, ...] = ()
        self.code_names: dict[int, str] = {}
        self.coder_view = CoderView.of(workspace)
        workspace.changed.connect(self.on_changed)
        self.coder_view.changed.connect(lambda: self.refresh() if self.code_ids else None)

    def show_codes(self, code_ids: tuple[int, ...]) -> None:
        self.code_ids = tuple(code_ids)
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        ids, coders = self.code_ids, self.coder_view.coder_ids()
        self.segments = self.workspace.read(
            lambda s: segments_of_codes(s, ids, coder_ids=coders)) if ids else ()
        self.code_names = self.workspace.read(lambda s: code_names(s, ids)) if ids else {}
        self.endResetModel()

    def on_changed(self, changes: Changes) -> None:
        """Re-read the codings a change names; the whole list only when what every row
        shows may have changed (a shown code, document or coder edited, the tree moved)."""
        if not self.code_ids:
            return
        shown_documents = {seg.document_id for seg in self.segments}
        if changes.codings and not (changes.coders or changes.codebook_tree):
            fresh = self._read_codings(changes.codings)
            explained = ({seg.document_id for seg in fresh} | {
                seg.document_id for seg in self.segments if seg.coding_id in changes.codings})
            renamed = changes.codes - {seg.code_id for seg in fresh} - {
                seg.code_id for seg in self.segments if seg.coding_id in changes.codings}
            if not ((changes.documents - explained) & shown_documents
                    or renamed & set(self.code_ids)):
                self._replace_codings(changes.codings, fresh)
                return
        if (changes.coders or changes.codebook_tree or changes.codes & set(self.code_ids)
                or changes.documents & shown_documents or changes.codings):
            self.refresh()

    def _read_codings(self, coding_ids: frozenset[int]) -> tuple[Segment, ...]:
        ids, coders = self.code_ids, self.coder_view.coder_ids()
        return self.workspace.read(
            lambda s: segments_of_codes(s, ids, coding_ids=coding_ids, coder_ids=coders))

    def _replace_codings(self, coding_ids: frozenset[int], fresh: tuple[Segment, ...]) -> None:
        """Drop the rows of ``coding_ids`` and put ``fresh`` in their reading-order places
        (row by row, so the view keeps its selection and scroll position)."""
        gone = [row for row, seg in enumerate(self.segments) if seg.coding_id in coding_ids]
        for row in reversed(gone):
            self.beginRemoveRows(QModelIndex(), row, row)
            self.segments = self.segments[:row] + self.segments[row + 1:]
            self.endRemoveRows()
        keys = [seg.reading_order for seg in self.segments] if fresh else []
        for seg in sorted(fresh, key=lambda seg: seg.reading_order):
            row = bisect_left(keys, seg.reading_order)
            self.beginInsertRows(QModelIndex(), row, row)
            self.segments = (*self.segments[:row], seg, *self.segments[row:])
            keys.insert(row, seg.reading_order)
            self.endInsertRows()

    def segment(self, row: int) -> Segment:
        return self.segments[row]

    def has_times(self) -> bool:
        """Whether any listed passage lies in a turn with a time stamp."""
        return any(seg.time is not None for seg in self.segments)

    # -- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.segments)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.segments):
            return None
        seg = self.segments[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (seg.code_name, seg.document_name, seg.speaker, format_timestamp(seg.time),
                    seg.coder, one_line(seg.text))[column]
        if role == Qt.ItemDataRole.DecorationRole and column == CODE:
            return swatch_icon(seg.code_colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(seg)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == TEXT:
            return text_alignment(seg.text)
        if role == SEGMENT_ROLE:
            return seg.coding_id
        return None

    def _tooltip(self, seg: Segment) -> str:
        time = format_timestamp(seg.time)
        who = (f" — {seg.speaker}" if seg.speaker else "") + (f" at {time}" if time else "")
        text = seg.text if len(seg.text) <= MAX_TIP else seg.text[:MAX_TIP] + "…"
        memo = f"\n\nMemo: {seg.memo}" if seg.memo.strip() else ""
        return (f"{seg.document_name}{who} ({seg.start}–{seg.end}), coded by {seg.coder}\n\n"
                f"{text}{memo}")

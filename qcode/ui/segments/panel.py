"""The segments panel: every passage coded with the selected code(s), in reading order.

Double-click (or Enter) shows the passage in the viewer; the context menu also edits the
coding's memo or removes the coding (undoable).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcode.browse.segments import Segment
from qcode.ops.codings import remove_coding
from qcode.ui.bidi import isolated
from qcode.ui.errors import LEFT_TO_RIGHT_MARK
from qcode.ui.row_list import is_enter
from qcode.ui.segments.model import CODE, CODER, DOCUMENT, SPEAKER, TEXT, TIME, SegmentsModel
from qcode.ui.workspace import Workspace
from qcode.wording import plural

EMPTY_TEXT = "Select a code in the codebook to list the passages coded with it."


def _name(name: str) -> str:
    """A code's name in an English line, escaped and isolated: an Arabic name keeps to itself
    and does not carry the line's words to its side."""
    return isolated([_escape(name)])


class SegmentsPanel(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.model = SegmentsModel(workspace, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.summary = QLabel(EMPTY_TEXT, self)
        self.summary.setWordWrap(True)
        self.summary.setContentsMargins(6, 4, 6, 2)
        # A table, not a tree: a tree view lays out every row again when one comes or goes
        # (thousands of model calls for a code with thousands of passages); a table does not.
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 6)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # reading order until clicked
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setToolTip("Double-click a passage to show it in its document")
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        time_width = self.view.fontMetrics().horizontalAdvance("00:00:00.0") + 16
        for column, width in ((CODE, 140), (DOCUMENT, 150), (SPEAKER, 90), (TIME, time_width),
                              (CODER, 80)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, width)
        self.view.setColumnHidden(TEXT, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        self.view.doubleClicked.connect(self.jump_to)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.installEventFilter(self)
        self.model.modelReset.connect(self._update_summary)
        self.model.rowsInserted.connect(lambda *_: self._update_summary())
        self.model.rowsRemoved.connect(lambda *_: self._update_summary())
        workspace.codes_selected.connect(self.show_codes)
        self.show_codes(workspace.selected_code_ids)

    def show_codes(self, code_ids: tuple[int, ...]) -> None:
        self.model.show_codes(tuple(code_ids))
        self.view.setColumnHidden(CODE, len(code_ids) < 2)

    def segment_at(self, index: QModelIndex) -> Segment | None:
        if not index.isValid():
            return None
        return self.model.segment(self.proxy.mapToSource(index).row())

    def jump_to(self, index: QModelIndex) -> None:
        """Show the passage of the segment at ``index`` (a view index) in the viewer."""
        seg = self.segment_at(index)
        if seg is not None:
            self.workspace.show_span(seg.document_id, seg.start, seg.end)

    def _update_summary(self) -> None:
        self.view.setColumnHidden(TIME, not self.model.has_times())
        segments = self.model.segments
        ids = self.model.code_ids
        if not ids:
            self.summary.setText(EMPTY_TEXT)
            return
        names = self.model.code_names
        what = names.get(ids[0], "this code") if len(ids) == 1 else plural(len(ids), "code")
        if not segments:
            self.summary.setText(self._nothing_coded(ids, what))
            return
        documents = len({s.document_id for s in segments})
        self.summary.setText(f"{LEFT_TO_RIGHT_MARK}<b>{_name(what)}</b>: "
                             f"{plural(len(segments), 'passage')} in "
                             f"{plural(documents, 'document')}")

    def _nothing_coded(self, code_ids: tuple[int, ...], what: str) -> str:
        """Why the list is empty: nothing coded yet, or only the codes below (a parent's
        passages are listed under its sub-codes; the codebook shows their total as "0 (N)")."""
        from qcode.codebook_counts import coder_counts, subtree_counts

        coders = self.model.coder_view.coder_ids()
        totals = self.workspace.read(
            lambda s: subtree_counts(s, code_ids) if coders is None
            else coder_counts(s, coders, code_ids)[1])
        below = sum(segments for segments, _ in totals.values())
        if below:
            return (f"No passages coded with <b>{_name(what)}</b> itself; the codes below it "
                    f"have {plural(below, 'passage')}: select one to list them.")
        return f"No passages coded with <b>{_name(what)}</b> yet."

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        seg = self.segment_at(index)
        if seg is None:
            return
        menu = QMenu(self)
        menu.addAction("Show in document", lambda: self.jump_to(index))
        menu.addAction("Edit coding memo", lambda: self.workspace.edit_memo("coding",
                                                                           seg.coding_id))
        menu.addSeparator()
        menu.addAction("Remove this coding",
                       lambda: self.workspace.run(remove_coding, coding_id=seg.coding_id))
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view and is_enter(event):
            self.jump_to(self.view.currentIndex())
            return True
        return super().eventFilter(watched, event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""The Documents dock: every transcript with its attributes and counts, a filter, Import.

Double-click or Enter opens a document in the viewer. The list refreshes from
``workspace.changed`` and keeps the selection; the document open in the viewer is bold.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from qcode.browse.documents import DocumentTable, document_entries, document_table
from qcode.changes import Changes
from qcode.importers import SUPPORTED_SUFFIXES
from qcode.ui.documents.actions import DocumentActions
from qcode.ui.documents.model import (
    GROUPS,
    ID_ROLE,
    DocumentFilter,
    DocumentsModel,
    is_respondent,
    source_column,
)
from qcode.ui.workspace import Workspace


def _empty_state_text() -> str:
    kinds = ", ".join(SUPPORTED_SUFFIXES)
    return ("<p><b>No documents yet.</b></p><p>Import your interview transcripts "
            f"({kinds}) to start coding, or a whole project from NVivo, MAXQDA, ATLAS.ti or "
            "QualCoder (File → Import REFI-QDA project…).</p>")


LOADING_PAGE = 2


def _loading_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("loadingLabel")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setEnabled(False)
    return label


class DocumentsPanel(QWidget):
    """The list of documents. ``import_requested`` asks the main window for the import dialog."""

    import_requested = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *,
                 load: bool = True) -> None:
        """``load=False``: show "Loading…" until :meth:`set_table` brings the list (read on a
        worker thread when a big project opens)."""
        super().__init__(parent)
        self.workspace = workspace
        self.loaded = False
        self.model = DocumentsModel(self)
        self.proxy = DocumentFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name or attribute…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.group = QComboBox()  # shown once the project has survey respondents
        self.group.setObjectName("documentsGroup")
        for key, label in GROUPS:
            self.group.addItem(label, key)
        self.group.setToolTip("Show all documents, the interviews only, or the survey "
                              "respondents only (source = survey)")
        self.group.currentIndexChanged.connect(self._group_changed)
        self.group.setVisible(False)
        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Import transcripts (files or a folder)")
        self.import_button.clicked.connect(self.import_requested)
        self.import_button.setEnabled(not workspace.project.readonly)
        self.view = self._make_view()
        self.actions = DocumentActions(workspace, self.view, self.selected_document_ids,
                                       self._name_of)
        self.count_label = QLabel()
        self.count_label.setObjectName("documentsCount")
        self._stack = QStackedWidget()
        self._stack.addWidget(self.view)
        self._stack.addWidget(self._make_empty_state())
        self._stack.addWidget(_loading_label("Loading documents…"))
        self._layout()
        self.setFocusProxy(self.view)
        workspace.changed.connect(self._on_changed)
        workspace.document_requested.connect(self._on_document_opened)
        workspace.span_requested.connect(lambda doc_id, *_: self._on_document_opened(doc_id))
        if load:
            self.refresh()
        else:
            self._stack.setCurrentIndex(LOADING_PAGE)
            self.count_label.setText("Loading…")

    def _make_view(self) -> QTreeView:
        view = QTreeView()
        view.setObjectName("documentsView")
        view.setModel(self.proxy)
        view.setRootIsDecorated(False)
        view.setUniformRowHeights(True)
        view.setAlternatingRowColors(True)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # project order until a header click
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.header().setStretchLastSection(False)
        view.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.activated.connect(self._open_index)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(
            lambda pos: self.actions.menu().popup(view.viewport().mapToGlobal(pos)))
        return view

    def _make_empty_state(self) -> QWidget:
        box = QWidget()
        label = QLabel(_empty_state_text())
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        button = QPushButton("Import documents…")
        button.clicked.connect(self.import_requested)
        button.setEnabled(not self.workspace.project.readonly)
        layout = QVBoxLayout(box)
        layout.addStretch(1)
        layout.addWidget(label)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)
        return box

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.group)
        top.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.count_label)

    # -- refreshing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the whole list (counting every document)."""
        self.set_table(self.workspace.read(document_table))

    def set_table(self, table: DocumentTable) -> None:
        """Show ``table``, keeping the selected documents selected."""
        self.loaded = True
        selected = self.selected_document_ids()
        rows, columns = self.model.rowCount(), self.model.columnCount()
        self.model.set_table(table)
        self.model.set_current(self.workspace.document_id)
        self._select(selected)
        if self.model.rowCount() and (rows == 0 or self.model.columnCount() != columns):
            self._fit_columns()
        self._stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        self._show_groups(table)
        self._update_count()

    def _show_groups(self, table: DocumentTable) -> None:
        """Offer the group filter when there are survey respondents (else show all)."""
        column = source_column(table)
        respondents = any(is_respondent(e, column) for e in table.documents)
        if not respondents and self.group.currentIndex() != 0:
            self.group.setCurrentIndex(0)
        self.group.setVisible(respondents)

    def set_group(self, key: str) -> None:
        """Show all documents, the interviews or the survey respondents."""
        self.group.setCurrentIndex(self.group.findData(key))

    def _group_changed(self) -> None:
        self.proxy.set_group(self.group.currentData())
        self._update_count()

    def _fit_columns(self) -> None:
        for column in range(self.model.columnCount()):
            self.view.resizeColumnToContents(column)
            width = self.view.columnWidth(column)
            self.view.setColumnWidth(column, min(width, 180))

    def _on_changed(self, changes: Changes) -> None:
        """Re-read the rows of the documents a change names (every change of a document's
        counts names it); the whole list's shape only when documents came or went or the
        attributes changed, and even then the counts of the others are kept."""
        if not self.loaded or not (changes.documents or changes.attributes):
            return
        ids = changes.documents
        listed = {i for i in ids if self.model.row_of(i) is not None}
        if not changes.attributes and listed == ids:
            attributes = self.model.table.attributes
            entries = self.workspace.read(lambda s: document_entries(s, attributes, ids))
            if len(entries) == len(ids):
                self.model.update_entries(entries)
                return
        known = {e.id: e for e in self.model.table.documents if e.id not in ids}
        self.set_table(self.workspace.read(lambda s: document_table(s, known=known)))

    def _on_document_opened(self, document_id: int) -> None:
        self.model.set_current(document_id)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        noun = "document" if total == 1 else "documents"
        self.count_label.setText(f"{total} {noun}" if shown == total
                                 else f"{shown} of {total} {noun}")

    # -- selection and opening -----------------------------------------------------------------

    def selected_document_ids(self) -> list[int]:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return [int(index.data(ID_ROLE)) for index in rows]

    def _select(self, document_ids: list[int]) -> None:
        selection = self.view.selectionModel()
        for doc_id in document_ids:
            row = self.model.row_of(doc_id)
            if row is None:
                continue
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                selection.select(index, selection.SelectionFlag.Select
                                 | selection.SelectionFlag.Rows)

    def visible_document_names(self) -> list[str]:
        """Names in the order shown (after filter and sort)."""
        return [self.proxy.index(r, 0).data() for r in range(self.proxy.rowCount())]

    def _name_of(self, document_id: int) -> str:
        row = self.model.row_of(document_id)
        return self.model.entry(row).name if row is not None else ""

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.workspace.open_document(int(index.data(ID_ROLE)))

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

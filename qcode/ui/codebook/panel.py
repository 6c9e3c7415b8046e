"""The codebook panel: the code tree analysts code with all day.

* Double-click a code (or press Enter on it) to apply it to the text selected in the viewer;
  a single click selects it and lists its segments. "Single click applies" (panel menu) makes a
  single click apply too, when text is selected.
* Drag codes to re-parent or reorder them; drop text from the viewer onto a code to code it.
* F2 renames in place, Del deletes (after saying how many codings go), the context menu has the
  rest. Keys 1-9 shown in the "Key" column apply their code (see :mod:`qcode.ui.quick_keys`).

The tree refreshes on ``workspace.changed`` and keeps expanded codes and the selection.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, QSettings, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from qcode.browse.codebook import CodeNode
from qcode.ui.codebook.actions import CodebookActions
from qcode.ui.codebook.model import NAME, CodebookModel
from qcode.ui.codebook.view import CodebookView
from qcode.ui.settings import APPLICATION, ORGANISATION, Settings
from qcode.ui.workspace import Workspace
from qcode.wording import plural

SINGLE_CLICK_KEY = "codebook/single_click_applies"
HINT = ("Double-click a code (or press Enter) to apply it to the selected text. "
        "Drag text onto a code to code it; drag codes to reorganise. Ctrl+K finds a code.")
EMPTY_HINT = "No codes yet. Add one with +, or import a codebook."


def _prefs() -> QSettings:
    Settings(persist=False)  # applies QCODE_CONFIG_DIR, so tests never touch real settings
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION,
                     APPLICATION)


LOADING_HINT = "Loading the codebook…"


class CodebookPanel(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *,
                 load: bool = True) -> None:
        """``load=False``: show "Loading…" until :meth:`show_nodes` brings the codebook (read
        on a worker thread when a big project opens)."""
        super().__init__(parent)
        self.workspace = workspace
        self.model = CodebookModel(workspace, self, load=load)
        self.view = CodebookView(self)
        self.view.setModel(self.model)
        self.view.setToolTip(HINT)
        self.codebook_actions = CodebookActions(self)
        self.empty_label = QLabel(EMPTY_HINT, self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.single_click_applies = _prefs().value(SINGLE_CLICK_KEY, False, type=bool)
        self._syncing = False
        self._saved: tuple[set[int], list[int], int | None] = (set(), [], None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self._toolbar())
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label, 1)
        self._connect()
        self.view.expandAll()
        self._update_empty()

    def _toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 0)
        add = QToolButton(self)
        add.setAutoRaise(True)
        add.setText("+")
        add.setToolTip("New code (a child of the selected code: right-click it)")
        add.clicked.connect(lambda: self.codebook_actions.new_code(None))
        self.options = QToolButton(self)
        self.options.setAutoRaise(True)
        self.options.setText("⋯")
        self.options.setToolTip("Codebook options")
        self.options_menu = self._options_menu()
        self.options.clicked.connect(lambda: self.options_menu.popup(
            self.options.mapToGlobal(self.options.rect().bottomLeft())))
        self.status = QLabel(self)
        self.status.setEnabled(False)
        bar.addWidget(add)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.options)
        return bar

    def _options_menu(self) -> QMenu:
        menu = QMenu(self)
        self.single_click_action = QAction("Single click applies the code", menu)
        self.single_click_action.setCheckable(True)
        self.single_click_action.setChecked(self.single_click_applies)
        self.single_click_action.setToolTip("When text is selected, one click on a code applies "
                                            "it (otherwise: double-click)")
        self.single_click_action.toggled.connect(self.set_single_click_applies)
        menu.addAction(self.single_click_action)
        menu.addSeparator()
        menu.addAction("Expand all", self.view.expandAll)
        menu.addAction("Collapse all", self.view.collapseAll)
        return menu

    def _connect(self) -> None:
        self.view.apply_requested.connect(self.apply_code)
        self.view.clicked.connect(self._clicked)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.installEventFilter(self)
        self.model.modelAboutToBeReset.connect(self._save_state)
        self.model.modelReset.connect(self._restore_state)
        self.model.modelReset.connect(self._update_empty)
        self.model.reread.connect(self._counts_changed)
        self.model.recounted.connect(self._counts_changed)
        self.workspace.codes_selected.connect(self._select_from_elsewhere)

    # -- applying ------------------------------------------------------------------------------

    def apply_code(self, code_id: int) -> None:
        self.workspace.code_selection(code_id)

    def _clicked(self, index) -> None:
        sel = self.workspace.text_selection
        if self.single_click_applies and sel is not None and sel.start < sel.end:
            code_id = self.model.code_id(index)
            if code_id is not None:
                self.apply_code(code_id)

    def set_single_click_applies(self, on: bool) -> None:
        self.single_click_applies = on
        _prefs().setValue(SINGLE_CLICK_KEY, on)
        how = "one click" if on else "a double-click"
        self.workspace.message.emit(f"Codebook: {how} applies a code to the selected text.")

    # -- selection -----------------------------------------------------------------------------

    def selected_code_ids(self) -> tuple[int, ...]:
        rows = self.view.selectionModel().selectedRows(NAME)
        ids = {self.model.code_id(i) for i in rows}
        return tuple(n.id for n in self.model.nodes() if n.id in ids)

    def _selection_changed(self, *_: QItemSelection) -> None:
        ids = self.selected_code_ids()
        self._update_status(ids)
        if not self._syncing:
            self._syncing = True
            try:
                self.workspace.select_codes(ids)
            finally:
                self._syncing = False

    def _select_from_elsewhere(self, code_ids: tuple[int, ...]) -> None:
        if self._syncing or set(code_ids) == set(self.selected_code_ids()):
            return
        self._syncing = True
        try:
            self.select_codes(code_ids)
        finally:
            self._syncing = False

    def select_code(self, code_id: int) -> None:
        self.select_codes((code_id,))

    def select_codes(self, code_ids) -> None:
        selection = QItemSelection()
        last = None
        for code_id in code_ids:
            index = self.model.index_of(code_id)
            if index.isValid():
                selection.select(index, index.siblingAtColumn(self.model.columnCount() - 1))
                self._expand_to(index)
                last = index
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.view.selectionModel().select(selection, flags)
        if last is not None:
            self.view.selectionModel().setCurrentIndex(
                last, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(last)

    def _expand_to(self, index) -> None:
        parent = index.parent()
        while parent.isValid():
            self.view.expand(parent)
            parent = parent.parent()

    def _counts_changed(self, *_: object) -> None:
        self._update_status(self.selected_code_ids())

    def _update_status(self, ids: tuple[int, ...]) -> None:
        if len(ids) == 1:
            node = self.model.node(ids[0])
            self.status.setText(f"{plural(node.segments, 'segment')} · "
                                f"{plural(node.documents, 'document')}")
        elif ids:
            self.status.setText(f"{len(ids)} codes selected")
        else:
            count = len(self.model.nodes())
            self.status.setText(plural(count, "code") if self.model.loaded else "Loading…")

    # -- keeping state across refreshes --------------------------------------------------------

    def _save_state(self) -> None:
        expanded = {n.id for n in self.model.nodes() if self.view.isExpanded(
            self.model.index_of(n.id))}
        current = self.model.code_id(self.view.currentIndex())
        self._saved = (expanded, list(self.selected_code_ids()), current)
        self._known = {n.id for n in self.model.nodes()}

    def _restore_state(self) -> None:
        expanded, selected, current = self._saved
        known = getattr(self, "_known", set())
        for node in self.model.nodes():
            # codes expanded before stay so; new codes with sub-codes open (e.g. after undo)
            if node.id in expanded or node.id not in known:
                self.view.expand(self.model.index_of(node.id))
        self._syncing = True
        try:
            self.select_codes([c for c in selected if self.model.node(c) is not None])
        finally:
            self._syncing = False
        if current is not None and self.model.node(current) is not None:
            self.view.selectionModel().setCurrentIndex(
                self.model.index_of(current), QItemSelectionModel.SelectionFlag.NoUpdate)
        if set(selected) != set(self.selected_code_ids()):
            self._selection_changed()

    def show_nodes(self, nodes: tuple[CodeNode, ...]) -> None:
        """Show the codebook read off the GUI thread, with the codes selected meanwhile."""
        self.model.set_nodes(nodes)
        if self.workspace.selected_code_ids:
            self._select_from_elsewhere(self.workspace.selected_code_ids)

    def _update_empty(self) -> None:
        empty = not self.model.nodes()
        self.empty_label.setText(EMPTY_HINT if self.model.loaded else LOADING_HINT)
        self.empty_label.setObjectName("emptyLabel" if self.model.loaded else "loadingLabel")
        self.empty_label.setVisible(empty)
        self.view.setVisible(not empty)
        self._update_status(self.selected_code_ids())

    # -- menus and keys ------------------------------------------------------------------------

    def start_rename(self, code_id: int) -> None:
        index = self.model.index_of(code_id)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.edit(index)

    def _context_menu(self, pos: QPoint) -> None:
        code_id = self.model.code_id(self.view.indexAt(pos))
        if code_id is not None and code_id not in self.selected_code_ids():
            self.select_code(code_id)
        self.codebook_actions.menu(code_id).popup(self.view.viewport().mapToGlobal(pos))

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.view and isinstance(event, QKeyEvent)
                and event.type() == QKeyEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Delete
                and self.view.state() != self.view.State.EditingState):
            code_id = self.model.code_id(self.view.currentIndex())
            if code_id is not None:
                self.codebook_actions.delete(code_id)
                return True
        return super().eventFilter(watched, event)

"""The codebook tree as a Qt model: a thin adapter over :func:`qcode.browse.codebook_nodes`.

Columns: code (with its colour swatch), quick key, segments and documents: the code's own
codings, and in brackets those of the code with all its sub-codes when there are more
("0 (137)": a parent whose passages are all coded with its sub-codes is not unused).
Editing the name renames the code, drops move codes or code text (see
:mod:`qcode.ui.codebook.drops`); every change runs through ``workspace.run``, and the model
re-reads the codebook when ``workspace.changed`` says it changed. Edits of a code's own fields
name its row version as the user saw it (:mod:`qcode.ui.codebook.edits`).

Under a coder filter or in blind mode the counts are of the coders shown only, read on a worker
thread (:mod:`qcode.ui.codebook.coder_counts`); until they arrive the count columns show "…".

Index ``internalId`` is the code id, so indexes survive re-reads as long as the tree's shape
does; when the shape changes the model resets (the panel keeps expansion and selection).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from qcode.browse.codebook import CodeNode, codebook_nodes, recounted
from qcode.changes import Changes
from qcode.ops.codebook import rename_code
from qcode.ui.codebook import drops, edits, tips
from qcode.ui.codebook.coder_counts import CoderCounts
from qcode.ui.quick_keys import QuickKeys
from qcode.ui.swatches import swatch_icon
from qcode.ui.viewer.coder_view import CoderView
from qcode.ui.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex
NAME, KEY, SEGMENTS, DOCUMENTS = range(4)
HEADERS = ("Code", "Key", "Segs", "Docs")
HEADER_TIPS = ("Codes and sub-codes; drag to re-parent or reorder, drop text to code it",
               "Quick key: press it to apply the code to the selected text",
               "Coded segments: this code's own codings; in brackets, with its sub-codes",
               "Documents with a coding of this code; in brackets, with its sub-codes")
CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
_DISPLAY, _EDIT = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole


def count_text(node: CodeNode, column: int) -> str:
    """The code's own count, and the sub-tree's in brackets when that is more: "0 (137)"."""
    own, total = ((node.segments, node.segments_total) if column == SEGMENTS
                  else (node.documents, node.documents_total))
    return f"{own} ({total})" if total != own else str(own)


class CodebookModel(QAbstractItemModel):
    #: The codebook was re-read (counts may have changed), once per re-read.
    reread = Signal()
    #: Only these codes' counts were re-read (a tuple of code ids).
    recounted = Signal(object)

    def __init__(self, workspace: Workspace, parent: QObject | None = None, *,
                 load: bool = True) -> None:
        """``load=False``: start empty; the codebook arrives through :meth:`set_nodes` (read
        on a worker thread when a big project opens)."""
        super().__init__(parent)
        self.workspace = workspace
        self.quick_keys = QuickKeys.of(workspace)
        self._nodes: dict[int, CodeNode] = {}
        self._children: dict[int | None, list[int]] = {None: []}
        self._row: dict[int, int] = {}
        #: code id -> the node as it was when its name went into an open editor
        self._editing: dict[int, CodeNode] = {}
        self.loaded = load
        self.coder_view = CoderView.of(workspace)
        #: the counts shown are not yet those of the coders shown (a filter just changed)
        self.awaiting_counts = False
        self.counting = CoderCounts(workspace, lambda: self._nodes, self)
        self.counting.counted.connect(self._counted)
        if load:
            coders = self.coder_view.coder_ids()
            self._load(workspace.read(lambda s: codebook_nodes(s, coder_ids=coders)))
        workspace.changed.connect(self.on_changed)
        self.coder_view.changed.connect(self._coders_changed)
        self.quick_keys.changed.connect(self._keys_changed)

    # -- data from the project -----------------------------------------------------------------

    def _load(self, nodes: tuple[CodeNode, ...]) -> None:
        self._nodes = {n.id: n for n in nodes}
        self._children = {None: []}
        for node in nodes:
            self._children.setdefault(node.parent_id, []).append(node.id)
        self._row = {cid: row for ids in self._children.values() for row, cid in enumerate(ids)}

    def set_nodes(self, nodes: tuple[CodeNode, ...]) -> None:
        """Show a codebook read elsewhere (the first load, off the GUI thread)."""
        self.loaded = True
        self._show(nodes)
        coders = self.coder_view.coder_ids()
        if coders is not None:  # read without the filter: count again with it
            self._count_whole(coders)

    def on_changed(self, changes: Changes) -> None:
        """Re-read what a change touched: every change of a count names its codes (an applied
        or removed coding names its code), so only those and their ancestors are recounted."""
        for code_id in changes.codes:  # edited here: what an editor saw before is old news
            self._editing.pop(code_id, None)
        if not self.loaded or not (changes.codebook_tree or changes.codes):
            return
        if changes.codings and not changes.codebook_tree and changes.codes <= self._nodes.keys():
            self._recount(changes.codes)  # codings came or went: counts are all that changed
        else:
            self.refresh(changes.codes)

    def _recount(self, code_ids: frozenset[int]) -> None:
        """Read again the counts of ``code_ids`` and their ancestors; update their rows."""
        coders = self.coder_view.coder_ids()
        if coders is not None:
            self.counting.request(coders, self.with_ancestors(code_ids))
            return
        nodes = [self._nodes[c] for c in self.with_ancestors(code_ids)]
        self._recounted(self.workspace.read(lambda s: recounted(s, nodes)))

    def _recounted(self, fresh: tuple[CodeNode, ...]) -> None:
        """Show the counts of ``fresh`` (of codes still shown)."""
        fresh = tuple(node for node in fresh if node.id in self._nodes)
        for node in fresh:
            if self._nodes[node.id] != node:
                self._nodes[node.id] = node
                self._row_changed(node.id)
        self.recounted.emit(tuple(node.id for node in fresh))

    def refresh(self, recount: frozenset[int] | None = None) -> None:
        """Re-read the codebook (the counts of ``recount`` and their ancestors, or all): update
        rows in place if the tree kept its shape, else reset."""
        coders = self.coder_view.coder_ids()
        known = None if recount is None else dict(self._nodes)
        codes = () if recount is None else self.with_ancestors(recount)
        self._show(self.workspace.read(
            lambda s: codebook_nodes(s, known=known, recount=codes, coder_ids=coders)))

    # -- coder filter --------------------------------------------------------------------------

    def _coders_changed(self) -> None:
        """Count again for the coders now shown (everyone's: from the count tables at once)."""
        if not self.loaded:
            return
        coders = self.coder_view.coder_ids()
        if coders is None:
            self.counting.cancel()
            self.awaiting_counts = False
            self.refresh()
        else:
            self._count_whole(coders)

    def _count_whole(self, coders: frozenset[int]) -> None:
        """Count every code anew for ``coders`` (the count columns say "…" meanwhile)."""
        self.awaiting_counts = True
        self.counting.request(coders, None)
        self._all_rows_changed()

    def _counted(self, nodes: tuple[CodeNode, ...], whole: bool) -> None:
        if not whole:
            return self._recounted(nodes)
        self.awaiting_counts = False
        self._show(nodes)
        self._all_rows_changed()

    def stop_counting(self) -> None:
        """Stop reading counts (the project is closing)."""
        self.counting.stop()

    def _show(self, nodes: tuple[CodeNode, ...]) -> None:
        shape = [(n.id, n.parent_id) for n in nodes]
        if shape != [(n.id, n.parent_id) for n in self.nodes()]:
            self.beginResetModel()  # closes any editor
            self._editing.clear()
            self._load(nodes)
            self.endResetModel()
            self.reread.emit()
            return
        old = self._nodes
        self._load(nodes)
        for node in nodes:
            if old[node.id] != node:
                self._row_changed(node.id)
        self.reread.emit()

    def _row_changed(self, code_id: int) -> None:
        left = self.index_of(code_id)
        self.dataChanged.emit(left, left.siblingAtColumn(len(HEADERS) - 1))

    def _all_rows_changed(self) -> None:
        for code_id in self._nodes:
            self._row_changed(code_id)

    def _keys_changed(self) -> None:
        self._all_rows_changed()

    # -- lookups -------------------------------------------------------------------------------

    def nodes(self) -> list[CodeNode]:
        """Every code in tree order."""
        out: list[CodeNode] = []

        def visit(parent_id: int | None) -> None:
            for cid in self._children.get(parent_id, []):
                out.append(self._nodes[cid])
                visit(cid)

        visit(None)
        return out

    def node(self, code_id: int) -> CodeNode | None:
        return self._nodes.get(code_id)

    def code_id(self, index: Index) -> int | None:
        return int(index.internalId()) if index.isValid() else None

    def children_of(self, code_id: int | None) -> list[int]:
        return list(self._children.get(code_id, []))

    def ancestors_of(self, code_id: int) -> list[int]:
        """The codes above ``code_id`` in the tree shown, its parent first."""
        out: list[int] = []
        node = self._nodes.get(code_id)
        while node is not None and node.parent_id is not None and node.parent_id not in out:
            out.append(node.parent_id)
            node = self._nodes.get(node.parent_id)
        return out

    def with_ancestors(self, code_ids: frozenset[int]) -> set[int]:
        """``code_ids`` and every code above them: the codes whose totals they count in."""
        return set(code_ids) | {a for c in code_ids for a in self.ancestors_of(c)}

    def descendants_of(self, code_id: int) -> set[int]:
        out: set[int] = set()
        stack = list(self._children.get(code_id, []))
        while stack:
            cid = stack.pop()
            out.add(cid)
            stack.extend(self._children.get(cid, []))
        return out

    def index_of(self, code_id: int, column: int = NAME) -> QModelIndex:
        if code_id not in self._nodes:
            return QModelIndex()
        return self.createIndex(self._row[code_id], column, code_id)

    # -- structure -----------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        ids = self._children.get(self.code_id(parent), [])
        if not (0 <= row < len(ids) and 0 <= column < len(HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, ids[row])

    def parent(self, index: Index | None = None) -> QModelIndex:  # type: ignore[override]
        if index is None:
            return super().parent()  # QObject.parent()
        node = self._nodes.get(self.code_id(index)) if index.isValid() else None
        if node is None or node.parent_id is None:
            return QModelIndex()
        return self.index_of(node.parent_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != NAME:
            return 0
        return len(self._children.get(self.code_id(parent), []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == _DISPLAY:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section != NAME:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                 | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
        if index.column() == NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # -- data ----------------------------------------------------------------------------------

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        node = self._nodes.get(self.code_id(index)) if index.isValid() else None
        if node is None:
            return None
        column = index.column()
        if role in (_DISPLAY, _EDIT):
            return self._text(node, column, role)
        if role == Qt.ItemDataRole.DecorationRole and column == NAME:
            return swatch_icon(node.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != NAME:
            align = Qt.AlignmentFlag.AlignCenter if column == KEY else Qt.AlignmentFlag.AlignRight
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        zero = column in (SEGMENTS, DOCUMENTS) and node.segments_total == 0
        if role == Qt.ItemDataRole.ForegroundRole and zero:
            return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.FontRole and column == NAME and node.has_memo:
            font = QFont()
            font.setItalic(True)
            return font
        if role == CODE_ID_ROLE:
            return node.id
        if role == PATH_ROLE:
            return node.path
        return None

    def _text(self, node: CodeNode, column: int, role: int) -> object:
        if column == NAME:
            if role == _EDIT:  # an editor opens (or is updated) on this name: what was seen
                self._editing[node.id] = node
            return node.name
        if role == _EDIT:
            return None
        if column == KEY:
            key = self.quick_keys.key_of(node.uuid)
            return str(key) if key is not None else ""
        return "…" if self.awaiting_counts else count_text(node, column)

    def count_texts(self, column: int, code_ids: tuple[int, ...] | None = None) -> list[str]:
        """The text of a count column in every row, or those of ``code_ids`` (to size the
        column to its widest)."""
        nodes = (self._nodes.values() if code_ids is None
                 else [self._nodes[c] for c in code_ids if c in self._nodes])
        return [count_text(node, column) for node in nodes]

    def _tooltip(self, node: CodeNode) -> str:
        return tips.code_tooltip(node, bool(self._children.get(node.id)),
                                 self.quick_keys.key_of(node.uuid))

    def setData(self, index: Index, value: object, role: int = _EDIT) -> bool:
        node = self._nodes.get(self.code_id(index)) if index.isValid() else None
        if node is None or role != _EDIT or index.column() != NAME:
            return False
        seen = self._editing.pop(node.id, node)
        name = str(value).strip()
        if name == seen.name:
            return True
        return edits.edit_code(self, rename_code, seen, name=name) is not None

    # -- drag and drop (see codebook_drops) ----------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [drops.CODES_MIME, drops.SELECTION_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        ids = list(dict.fromkeys(self.code_id(i) for i in indexes if i.isValid()))
        return drops.codes_mime([i for i in ids if i is not None])

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return drops.can_drop(self, data, row, parent)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        return drops.drop(self, data, row, parent)

    def moveRows(self, source_parent: Index, source_row: int, count: int,
                 destination_parent: Index, destination_child: int) -> bool:
        ids = self.children_of(self.code_id(source_parent))[source_row:source_row + count]
        if count <= 0 or len(ids) != count:
            return False
        return drops.move(self, ids, self.code_id(destination_parent), destination_child)

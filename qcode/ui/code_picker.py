"""The code picker (Ctrl+K): type part of a code's name, even misspelt, and press Enter.

Codes are ranked by :mod:`qcode.code_search`. In "apply" mode, Enter applies the chosen code to
the current text selection, and the last row offers to create a code named by what was typed
(a path such as ``Funding/Loans`` creates it under *Funding*) and apply it, in one undo step.
With no text selected, Enter selects the code in the codebook instead (a quick "go to code").
In "choose" mode (e.g. "Merge into...") the picker only reports the chosen code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from qcode.browse.codebook import codebook_nodes
from qcode.code_search import CodeCandidate, exact_path_match, rank_codes
from qcode.queries import PATH_SEP
from qcode.ui.in_vivo import create_code_and_apply
from qcode.ui.swatches import SIZE as SWATCH
from qcode.ui.swatches import swatch_icon
from qcode.ui.workspace import Workspace

Index = QModelIndex | QPersistentModelIndex
CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 2
_NAVIGATION_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


@dataclass(frozen=True)
class PickerEntry:
    """A row of the picker: a code, or (code_id None) "Create code '<text>'"."""

    code_id: int | None
    path: str
    colour: str = ""
    description: str = ""


class PickerModel(QAbstractListModel):
    """The picker's rows: ranked codes, then maybe the "create" row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[PickerEntry] = []

    def set_entries(self, entries: Iterable[PickerEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.path if entry.code_id is not None else f"Create code '{entry.path}'"
        if role == Qt.ItemDataRole.DecorationRole and entry.colour:
            return swatch_icon(entry.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.description or None
        if role == CODE_ID_ROLE:
            return entry.code_id
        if role == DESCRIPTION_ROLE:
            return entry.description
        if role == Qt.ItemDataRole.FontRole and entry.code_id is None:
            font = QFont()
            font.setItalic(True)
            return font
        return None


class CodePicker(QDialog):
    """Fuzzy code search. ``purpose`` "apply" codes the selection; "choose" only reports."""

    code_chosen = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *,
                 purpose: str = "apply", exclude: Iterable[int] = (),
                 title: str | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.purpose = purpose
        self.chosen_code_id: int | None = None
        excluded = set(exclude)
        nodes = workspace.read(codebook_nodes)
        self._nodes = {n.id: n for n in nodes if n.id not in excluded}
        self._candidates = [CodeCandidate(n.id, n.path, n.description)
                            for n in self._nodes.values()]
        self.setWindowTitle(title or ("Apply code" if purpose == "apply" else "Choose code"))
        self.resize(560, 380)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Type part of a code name…")
        self.query.setClearButtonEnabled(True)
        self.model = PickerModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setIconSize(QSize(SWATCH, SWATCH))
        self.list.setItemDelegate(PickerDelegate(self.list))
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        hint = "↑ ↓ choose · Enter " + self._enter_does() + " · Esc close"
        self.hint = QLabel(hint, self)
        self.hint.setEnabled(False)
        layout = QVBoxLayout(self)
        for widget in (self.query, self.list, self.hint):
            layout.addWidget(widget)
        self.query.textChanged.connect(self._update)
        self.query.installEventFilter(self)
        self.query.returnPressed.connect(self.accept_current)
        self.list.activated.connect(lambda _index: self.accept_current())
        self.list.clicked.connect(lambda _index: self.accept_current())
        self._update("")

    # -- ranking -------------------------------------------------------------------------------

    def _update(self, text: str) -> None:
        entries = []
        for match in rank_codes(text, self._candidates):
            node = self._nodes[match.code_id]
            entries.append(PickerEntry(node.id, node.path, node.colour, node.description))
        typed = " ".join(text.split())
        if (self.purpose == "apply" and typed
                and exact_path_match(typed, self._candidates) is None):
            entries.append(PickerEntry(None, typed))
        self.model.set_entries(entries)
        if entries:
            self.list.setCurrentIndex(self.model.index(0))

    def entries(self) -> list[PickerEntry]:
        return list(self.model.entries)

    # -- keys ----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.query and event.type() == QEvent.Type.KeyPress
                and event.key() in _NAVIGATION_KEYS):
            self.move_current(event.key())
            return True
        return super().eventFilter(watched, event)

    def move_current(self, key: Qt.Key) -> None:
        count = self.model.rowCount()
        if not count:
            return
        row = self.list.currentIndex().row()
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -8,
                Qt.Key.Key_PageDown: 8}[key]
        row = max(0, min(count - 1, row + step)) if row >= 0 else 0
        self.list.setCurrentIndex(self.model.index(row))

    # -- choosing ------------------------------------------------------------------------------

    def accept_current(self) -> None:
        """Apply (or choose) the highlighted row and close."""
        index = self.list.currentIndex()
        if not index.isValid():
            return
        entry = self.model.entries[index.row()]
        self.done(QDialog.DialogCode.Accepted)
        if entry.code_id is None:
            create_code_and_apply(self.workspace, entry.path)
            return
        self.chosen_code_id = entry.code_id
        self.code_chosen.emit(entry.code_id)
        if self.purpose != "apply":
            return
        if self._has_text_selection():
            self.workspace.code_selection(entry.code_id)
        else:  # nothing to code: go to the code instead (its passages show in the segments)
            self.workspace.select_codes((entry.code_id,))
            self.workspace.message.emit(f"No text selected: showing the code {entry.path!r}.")

    def _has_text_selection(self) -> bool:
        sel = self.workspace.text_selection
        return sel is not None and sel.start < sel.end

    def _enter_does(self) -> str:
        if self.purpose != "apply":
            return "choose"
        return "apply to the selected text" if self._has_text_selection() else "show the code"


class PickerDelegate(QStyledItemDelegate):
    """A picker row: swatch, parent path dimmed, the code's name, its description dimmed."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height() + 8))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        code_id, text = index.data(CODE_ID_ROLE), opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Normal
        strong = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected
                                   else QPalette.ColorRole.Text)
        dim = QColor(strong)
        dim.setAlphaF(0.6)
        parent_path, _, name = text.rpartition(PATH_SEP) if code_id is not None else ("", "", text)
        description = " ".join(str(index.data(DESCRIPTION_ROLE) or "").split())
        runs = [(f"{parent_path} {PATH_SEP} " if parent_path else "", dim, opt.font),
                (name, strong, opt.font), ("   " + description if description else "", dim,
                                           _smaller(opt.font))]
        painter.save()
        x = rect.left() + 2
        for run, colour, font in runs:
            if not run or x >= rect.right():
                continue
            metrics = QFontMetrics(font)
            shown = metrics.elidedText(run, Qt.TextElideMode.ElideRight, rect.right() - x)
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(QRect(x, rect.top(), rect.right() - x, rect.height()),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                             shown)
            x += metrics.horizontalAdvance(shown)
        painter.restore()


def _smaller(font: QFont) -> QFont:
    small = QFont(font)
    if small.pointSizeF() > 0:
        small.setPointSizeF(small.pointSizeF() * 0.9)
    return small

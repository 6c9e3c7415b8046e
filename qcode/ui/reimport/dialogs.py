"""The re-import's summary and the list of a document's unplaced codings (Delete: one undo
step). Old texts may be Arabic: each cell is laid out in its own direction by Qt."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.changes import Changes
from qcode.ops.codings import remove_codings
from qcode.ops.reimport import ReimportSummary, UnplacedCoding, unplaced_codings
from qcode.ui.errors import reads_left_to_right
from qcode.ui.segments.model import text_alignment
from qcode.ui.workspace import Workspace

ID_ROLE = Qt.ItemDataRole.UserRole


def _one_line(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def unplaced_tree(rows: list[UnplacedCoding] | tuple[UnplacedCoding, ...]) -> QTreeWidget:
    """Code, coder and old text of each unplaced coding (its id in ``ID_ROLE``)."""
    tree = QTreeWidget()
    tree.setObjectName("unplacedCodings")
    tree.setHeaderLabels(["Code", "Coder", "Old text"])
    tree.setRootIsDecorated(False)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    fill_tree(tree, rows)
    return tree


def fill_tree(tree: QTreeWidget, rows: list[UnplacedCoding] | tuple[UnplacedCoding, ...]) -> None:
    tree.clear()
    for row in rows:
        item = QTreeWidgetItem([row.code, row.coder, _one_line(row.text)])
        item.setToolTip(2, row.text)
        item.setTextAlignment(2, Qt.AlignmentFlag(text_alignment(row.text)))
        item.setData(0, ID_ROLE, row.id)
        tree.addTopLevelItem(item)
    for column in (0, 1):
        tree.resizeColumnToContents(column)


def summary_text(summary: ReimportSummary) -> str:
    if summary.unchanged:
        return f"{summary.file} has the same text as {summary.document}: nothing changed."
    unplaced = len(summary.unplaced)
    text = (f"The text of {summary.document} is now that of {summary.file}.\n"
            f"Codings: {summary.moved} moved, {summary.kept} kept in place, {unplaced} unplaced.")
    if unplaced:
        text += ("\nUnplaced codings keep their old text (nothing is lost); delete those you "
                 "no longer need. Edit > Undo brings the old text back.")
    return reads_left_to_right(text)


class ReimportSummaryDialog(QDialog):
    """Moved / kept / unplaced counts and the unplaced codings; "Unplaced codings…" opens the
    dialog where they can be deleted."""

    unplaced_requested = Signal(int)  # document id

    def __init__(self, summary: ReimportSummary, document_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reimportSummary")
        self.setWindowTitle("Re-import corrected transcript")
        self.label = QLabel(summary_text(summary))
        self.label.setWordWrap(True)
        self.tree = unplaced_tree(summary.unplaced)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.unplaced_button = QPushButton("Unplaced codings…")
        self.unplaced_button.clicked.connect(lambda: self._open_unplaced(document_id))
        buttons.addButton(self.unplaced_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.tree.setVisible(bool(summary.unplaced))
        self.unplaced_button.setVisible(bool(summary.unplaced))
        self.resize(560, 320 if summary.unplaced else 140)

    def _open_unplaced(self, document_id: int) -> None:
        self.accept()
        self.unplaced_requested.emit(document_id)


class UnplacedDialog(QDialog):
    """A document's unplaced codings; Delete removes the selected ones (one undo step). The
    list follows every change (an undo brings them back)."""

    def __init__(self, workspace: Workspace, document_id: int, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unplacedDialog")
        self.setWindowTitle(f"Unplaced codings of {name}")
        self.workspace = workspace
        self.document_id = document_id
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.tree = unplaced_tree(())
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        workspace.changed.connect(self._on_changed)
        self.refresh()
        self.resize(560, 320)

    def refresh(self) -> None:
        rows = self.workspace.read(lambda s: unplaced_codings(s, self.document_id))
        fill_tree(self.tree, rows)
        self.label.setText(
            f"{len(rows)} coding{'' if len(rows) == 1 else 's'} could not be placed on the "
            "corrected text; each keeps the old text it covered." if rows
            else "No unplaced codings: every coding is on the current text.")
        self._update_buttons()

    def selected_ids(self) -> list[int]:
        return [int(item.data(0, ID_ROLE)) for item in self.tree.selectedItems()]

    def delete_selected(self) -> Changes | None:
        ids = self.selected_ids()
        if not ids:
            return None
        return self.workspace.run(remove_codings, coding_ids=tuple(ids))

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(bool(self.tree.selectedItems())
                                      and not self.workspace.project.readonly)

    def _on_changed(self, changes: Changes) -> None:
        if self.document_id in changes.documents or changes.codings:
            self.refresh()

"""What can be done to documents from the Documents panel: open, memo, rename, remove.

Available from the context menu and the keyboard (Enter, F2, Delete); every change is one undo
step through the workspace. Questions are asked without blocking (``QDialog.open``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox, QWidget

from qcode.changes import Changes
from qcode.ops.documents import remove_documents, rename_document
from qcode.ui.reimport.actions import ReimportActions
from qcode.ui.workspace import Workspace


class DocumentActions(QObject):
    """Actions on the documents selected in ``view`` (ids from ``selected()``)."""

    def __init__(self, workspace: Workspace, view: QWidget,
                 selected: Callable[[], list[int]], names: Callable[[int], str]) -> None:
        super().__init__(view)
        self.workspace = workspace
        self.view = view
        self.selected = selected
        self.name_of = names
        writable = not workspace.project.readonly
        self.open = self._action("Open", "Return", self._open_first, True)
        self.memo = self._action("Edit memo", None, self._memo_first, True)
        self.rename = self._action("Rename…", "F2", self._rename_first, writable)
        self.remove = self._action("Remove…", QKeySequence.StandardKey.Delete,
                                   lambda: self.ask_remove(self.selected()), writable)
        self.reimport = ReimportActions(workspace, view, selected, names)

    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey | None,
                slot: Callable[[], object], enabled: bool) -> QAction:
        action = QAction(text, self.view)
        if shortcut is not None and text != "Open":  # Enter already opens (itemview activation)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(action)
        action.setEnabled(enabled)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def menu(self) -> QMenu:
        menu = QMenu(self.view)
        count = len(self.selected())
        for action in (self.open, self.memo, self.rename):
            menu.addAction(action)
            action.setVisible(count == 1)
        self.reimport.add_to(menu)
        menu.addSeparator()
        menu.addAction(self.remove)
        self.remove.setText("Remove…" if count <= 1 else f"Remove {count} documents…")
        return menu

    def _first(self) -> int | None:
        ids = self.selected()
        return ids[0] if ids else None

    def _open_first(self) -> None:
        if (doc_id := self._first()) is not None:
            self.workspace.open_document(doc_id)

    def _memo_first(self) -> None:
        if (doc_id := self._first()) is not None:
            self.workspace.edit_memo("document", doc_id)

    def _rename_first(self) -> None:
        if (doc_id := self._first()) is not None:
            self.ask_rename(doc_id)

    def ask_rename(self, doc_id: int) -> QInputDialog:
        dialog = QInputDialog(self.view)
        dialog.setWindowTitle("Rename document")
        dialog.setLabelText("New name:")
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setTextValue(self.name_of(doc_id))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda name: self.do_rename(doc_id, name))
        dialog.open()
        return dialog

    def do_rename(self, doc_id: int, name: str) -> Changes | None:
        if name.strip() == self.name_of(doc_id):
            return None
        return self.workspace.run(rename_document, document_id=doc_id, name=name)

    def ask_remove(self, ids: list[int]) -> QMessageBox | None:
        if not ids or self.workspace.project.readonly:
            return None
        what = (f"the document {self.name_of(ids[0])!r}" if len(ids) == 1
                else f"{len(ids)} documents")
        box = QMessageBox(QMessageBox.Icon.Question, "Remove documents",
                          f"Remove {what} with its codings and attribute values?\n\n"
                          "Edit > Undo brings everything back.",
                          QMessageBox.StandardButton.Cancel, self.view)
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: box.clickedButton() is remove and self.do_remove(ids))
        box.open()
        return box

    def do_remove(self, ids: list[int]) -> Changes | None:
        return self.workspace.run(remove_documents, document_ids=tuple(ids))

"""The Memo dock: write about the project, a document, a code or one coding.

It follows what the user looks at (the opened document, the one selected code) and any explicit
``memo_requested``. Text is saved through the memo ops when the editor loses focus, after a short
pause in typing, and before switching to another memo, so each burst of writing is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

from qcode.browse.memos import memo_of
from qcode.changes import Changes
from qcode.ui.workspace import Workspace

SAVE_DELAY_MS = 1500
Target = tuple[str, int]


def _memo_op(kind: str, target_id: int) -> tuple[Callable[..., Changes], dict[str, Any]]:
    from qcode.ops.codebook import set_code_memo
    from qcode.ops.codings import set_coding_memo
    from qcode.ops.documents import set_document_memo, set_project_memo

    if kind == "project":
        return set_project_memo, {}
    if kind == "document":
        return set_document_memo, {"document_id": target_id}
    if kind == "code":
        return set_code_memo, {"code_id": target_id}
    return set_coding_memo, {"coding_id": target_id}


def _touches(changes: Changes, target: Target) -> bool:
    kind, target_id = target
    if kind == "project":
        return changes.project
    if kind == "code" and changes.codings and not changes.codebook_tree:
        return False  # codings applied or removed name their codes; a code's memo stays
    ids = {"document": changes.documents, "code": changes.codes, "coding": changes.codings}[kind]
    return target_id in ids


class MemoPanel(QWidget):
    """A memo editor bound to one target at a time (``target``: (kind, id))."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.target: Target | None = None
        self._saved_text = ""
        self._loading = False
        self.title = QLabel()
        self.title.setObjectName("memoTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.project_button = QToolButton()
        self.project_button.setText("Project memo")
        self.project_button.setAutoRaise(True)
        self.project_button.clicked.connect(lambda: self.show_memo("project", 0))
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("memoEditor")
        self.editor.setReadOnly(workspace.project.readonly)
        self.editor.installEventFilter(self)
        self.editor.textChanged.connect(self._text_changed)
        self.state = QLabel()
        self.state.setObjectName("memoState")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self._layout()
        self.setFocusProxy(self.editor)
        workspace.memo_requested.connect(self.show_memo)
        workspace.document_requested.connect(lambda doc_id: self.show_memo("document", doc_id))
        workspace.codes_selected.connect(self._codes_selected)
        workspace.changed.connect(self._on_changed)
        self.show_memo("project", 0)

    def _layout(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.project_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.state)

    # -- choosing what to edit -----------------------------------------------------------------

    def show_memo(self, kind: str, target_id: int) -> None:
        """Save the memo being edited, then load the memo of (kind, id)."""
        self.save()
        memo = self.workspace.read(lambda s: memo_of(s, kind, target_id))
        if memo is None:
            self._clear()
            return
        self.target = (kind, target_id)
        self.title.setText(memo.title)
        self._load(memo.text)
        self.state.setText("" if not self.workspace.project.readonly else "Read-only project")

    def _codes_selected(self, code_ids: tuple[int, ...]) -> None:
        if len(code_ids) == 1:
            self.show_memo("code", code_ids[0])

    def _clear(self) -> None:
        self.target = None
        self.title.setText("Nothing selected")
        self._load("")
        self.editor.setPlaceholderText("")

    def _load(self, text: str) -> None:
        self._loading = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._loading = False
        self._saved_text = text
        self._timer.stop()
        placeholder = f"Write a memo about this {self.target[0]}…" if self.target else ""
        self.editor.setPlaceholderText(placeholder)

    # -- saving --------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self.target is not None and self.editor.toPlainText() != self._saved_text

    def _text_changed(self) -> None:
        if self._loading or self.workspace.project.readonly:
            return
        self.state.setText("Editing…")
        self._timer.start()

    def save(self) -> None:
        """Store the editor's text as one undoable step (nothing if unchanged)."""
        self._timer.stop()
        if not self.dirty or self.workspace.project.readonly:
            return
        assert self.target is not None
        text = self.editor.toPlainText()
        op, ids = _memo_op(*self.target)
        old, self._saved_text = self._saved_text, text  # so the change below does not reload
        if self.workspace.run(op, memo=text, **ids) is None:
            self._saved_text = old
            self.state.setText("Not saved")
        else:
            self.state.setText("Saved")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusOut:
            self.save()
        return super().eventFilter(watched, event)

    def _on_changed(self, changes: Changes) -> None:
        """Show memo edits made elsewhere (undo, redo) unless the user is typing."""
        if self.target is None or not _touches(changes, self.target) or self.dirty:
            return
        memo = self.workspace.read(lambda s: memo_of(s, *self.target))
        if memo is None:
            self._clear()
        elif memo.text != self.editor.toPlainText():
            self._load(memo.text)
            self.title.setText(memo.title)

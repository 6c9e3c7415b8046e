"""The viewer's right-click menu: copy, then one entry per coding under the mouse (remove it,
edit its memo), removing a code from the selected text, and coding the selection with the codes
selected in the codebook. Every entry acts on the codings the viewer shows, never on those a
coder filter or blind mode hides."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from qcode.ops.codings import remove_coding, remove_codings
from qcode.queries import code_paths
from qcode.ui.viewer.text_edit import CodingTextEdit
from qcode.ui.workspace import Workspace


def coding_menu(editor: CodingTextEdit, workspace: Workspace, pos: QPoint) -> QMenu:
    """The menu for a right-click at viewport position ``pos``."""
    menu = QMenu(editor)
    copy = menu.addAction("Copy")
    copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
    copy.setEnabled(editor.textCursor().hasSelection())
    copy.triggered.connect(editor.copy)
    menu.addAction("Select all").triggered.connect(editor.selectAll)
    model = editor.model
    if model is None:
        return menu
    cp = editor.cp_at(pos)
    codings = model.codings_at(cp) if cp is not None else []
    if codings:
        menu.addSeparator()
    for c in codings:
        action = menu.addAction(f"Remove coding: {c.code_path} ({c.coder})")
        action.triggered.connect(
            lambda *_, cid=c.id: workspace.run(remove_coding, coding_id=cid))
    for c in codings:
        label = "Edit memo..." if len(codings) == 1 else f"Edit memo: {c.code_path} ({c.coder})..."
        action = menu.addAction(label)
        action.triggered.connect(lambda *_, cid=c.id: workspace.edit_memo("coding", cid))
    _remove_from_selection(menu, editor, workspace)
    _add_code_with(menu, editor, workspace)
    return menu


def _remove_from_selection(menu: QMenu, editor: CodingTextEdit, workspace: Workspace) -> None:
    """"Remove <path> from the selected text": the shown codings of that code overlapping the
    selection, one undo step (codings of coders not shown stay)."""
    span = editor.selection_cp()
    model = editor.model
    if span is None or model is None:
        return
    by_code: dict[int, list[int]] = {}
    paths: dict[int, str] = {}
    for c in model.overlapping(*span):
        by_code.setdefault(c.code_id, []).append(c.id)
        paths[c.code_id] = c.code_path
    if not by_code:
        return
    menu.addSeparator()
    for code_id in sorted(by_code, key=lambda code: paths[code]):
        ids = tuple(by_code[code_id])
        many = f" ({len(ids)} codings)" if len(ids) > 1 else ""
        action = menu.addAction(f"Remove {paths[code_id]} from the selected text{many}")
        action.triggered.connect(
            lambda *_, ids=ids: workspace.run(remove_codings, coding_ids=ids))


def _add_code_with(menu: QMenu, editor: CodingTextEdit, workspace: Workspace) -> None:
    """"Code selection with <path>" for each code selected in the codebook."""
    if editor.selection_cp() is None or not workspace.selected_code_ids:
        return
    paths = workspace.read(code_paths)
    menu.addSeparator()
    for code_id in workspace.selected_code_ids:
        if code_id in paths:
            action = menu.addAction(f"Code selection with {paths[code_id]}")
            action.triggered.connect(lambda *_, cid=code_id: workspace.code_selection(cid))

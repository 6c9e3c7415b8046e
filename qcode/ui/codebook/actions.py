"""What the codebook's context menu does: new, rename, colour, describe, merge, delete, memo,
quick keys. Every change runs through ``workspace.run`` (one undo step each). Under a coder
filter or in blind mode, merging or deleting a code that has codings the user cannot see is
refused: it would change other coders' work unseen.

A colour or description is saved against the code as the dialog showed it (its row version):
when someone changed the code meanwhile, the edit is refused with a line saying who, and the
codebook shows the code as it is now, to look again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPushButton,
)

from qcode.browse.codebook import CodeNode, DeleteImpact, delete_impact
from qcode.browse.coders import hidden_codings
from qcode.changes import Changes
from qcode.ops.codebook import (
    create_code,
    delete_code,
    describe_code,
    merge_codes,
    recolour_code,
)
from qcode.ui.code_picker import CodePicker
from qcode.ui.codebook.edits import edit_code
from qcode.ui.quick_keys import KEYS
from qcode.wording import plural

if TYPE_CHECKING:
    from qcode.ui.codebook.panel import CodebookPanel

NEW_CODE_NAME = "New code"


def delete_question(impact: DeleteImpact, parent_name: str | None) -> str:
    """The confirmation text: what goes with the code, and what happens to its sub-codes."""
    lines = [f"Delete the code {impact.name!r}?"]
    if impact.codings:
        lines.append(f"Its {plural(impact.codings, 'coding')} in "
                     f"{plural(impact.documents, 'document')} will be removed.")
    else:
        lines.append("It has no codings.")
    if impact.children:
        where = f"under {parent_name!r}" if parent_name else "to the top level"
        below = (f"{plural(impact.descendants, 'code')} below it in all, "
                 if impact.descendants > impact.children else "")
        lines.append(f"It has {plural(impact.children, 'sub-code')} ({below}with "
                     f"{plural(impact.descendant_codings, 'coding')}): keep them (they move "
                     f"up {where}) or delete them too?")
    lines.append("Ctrl+Z undoes this.")
    return "\n\n".join(lines)


class CodebookActions(QObject):
    """The context menu of the codebook panel and the dialogs behind it."""

    def __init__(self, panel: CodebookPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.workspace = panel.workspace
        self.model = panel.model

    # -- menu ----------------------------------------------------------------------------------

    def menu(self, code_id: int | None) -> QMenu:
        menu = QMenu(self.panel)
        node = self.model.node(code_id) if code_id is not None else None
        self._add(menu, "New code", lambda: self.new_code(None))
        if node is None:
            return menu
        self._add(menu, "New child code", lambda: self.new_code(node.id))
        menu.addSeparator()
        self._add(menu, "Apply to selected text", lambda: self.workspace.code_selection(node.id),
                  "Return")
        self._add(menu, "Rename", lambda: self.panel.start_rename(node.id), "F2")
        self._add(menu, "Colour…", lambda: self.choose_colour(node.id))
        self._add(menu, "Description…", lambda: self.edit_description(node.id))
        self._add(menu, "Edit memo", lambda: self.workspace.edit_memo("code", node.id))
        menu.addMenu(self.quick_key_menu(menu, node.id))
        menu.addSeparator()
        self._add(menu, "Merge into…", lambda: self.choose_merge_target(node.id))
        self._add(menu, "Delete…", lambda: self.delete(node.id), "Del")
        return menu

    def _add(self, menu: QMenu, text: str, slot, shortcut: str = "") -> QAction:
        action = menu.addAction(text)
        if shortcut:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def quick_key_menu(self, parent: QMenu, code_id: int) -> QMenu:
        node = self.model.node(code_id)
        assert node is not None
        keys = self.model.quick_keys
        menu = QMenu("Assign quick key", parent)
        current = keys.key_of(node.uuid)
        bound = keys.bindings()
        for key in KEYS:
            other = self._name_of_uuid(bound.get(key))
            label = f"{key}" + (f"   (now: {other})" if other and bound[key] != node.uuid else "")
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(current == key)
            action.triggered.connect(lambda _c=False, k=key: keys.assign(k, node.uuid))
        menu.addSeparator()
        none = menu.addAction("No key")
        none.setEnabled(current is not None)
        none.triggered.connect(lambda _c=False: keys.assign(current, None) if current else None)
        return menu

    def _name_of_uuid(self, code_uuid: str | None) -> str | None:
        return next((n.name for n in self.model.nodes() if n.uuid == code_uuid), None)

    # -- creating ------------------------------------------------------------------------------

    def new_code(self, parent_id: int | None, name: str | None = None) -> int | None:
        """Create a code (named "New code", "New code 2"... unless ``name`` is given), select it
        and start renaming it in place. Returns its id."""
        taken = {self.model.node(c).name for c in self.model.children_of(parent_id)}
        if name is None:
            name = NEW_CODE_NAME
            n = 2
            while name in taken:
                name, n = f"{NEW_CODE_NAME} {n}", n + 1
        if self.workspace.run(create_code, name=name, parent_id=parent_id) is None:
            return None
        code_id = next((c for c in self.model.children_of(parent_id)
                        if self.model.node(c).name == name), None)
        if code_id is not None:
            self.panel.select_code(code_id)
            self.panel.start_rename(code_id)
        return code_id

    # -- editing -------------------------------------------------------------------------------

    def choose_colour(self, code_id: int) -> None:
        node = self.model.node(code_id)
        colour = QColorDialog.getColor(QColor(node.colour), self.panel,
                                       f"Colour of {node.name}")
        if colour.isValid():
            self.set_colour(code_id, colour.name(), seen=node)

    def set_colour(self, code_id: int, colour: str,
                   seen: CodeNode | None = None) -> Changes | None:
        """Recolour the code as ``seen`` (default: as shown now) showed it."""
        return edit_code(self.model, recolour_code, seen or self.model.node(code_id),
                         colour=colour)

    def edit_description(self, code_id: int) -> None:
        node = self.model.node(code_id)
        text, ok = QInputDialog.getMultiLineText(
            self.panel, "Code description",
            f"What {node.name!r} means and when to apply it:", node.description)
        if ok:
            self.set_description(code_id, text.strip(), seen=node)

    def set_description(self, code_id: int, text: str,
                        seen: CodeNode | None = None) -> Changes | None:
        """Describe the code as ``seen`` (default: as shown now) showed it."""
        node = seen or self.model.node(code_id)
        if text == node.description:
            return None
        return edit_code(self.model, describe_code, node, description=text)

    # -- merging -------------------------------------------------------------------------------

    def merge_picker(self, code_id: int) -> CodePicker:
        """A picker of the codes ``code_id`` may merge into (not itself nor its sub-codes)."""
        node = self.model.node(code_id)
        exclude = {code_id} | self.model.descendants_of(code_id)
        picker = CodePicker(self.workspace, self.panel, purpose="choose", exclude=exclude,
                            title=f"Merge {node.name!r} into…")
        picker.code_chosen.connect(lambda target: self.merge(code_id, target))
        return picker

    def choose_merge_target(self, code_id: int) -> None:
        if not self.touches_hidden(code_id, "merge"):
            self.merge_picker(code_id).open()

    def merge(self, source_id: int, target_id: int) -> Changes | None:
        if self.touches_hidden(source_id, "merge"):
            return None
        source, target = self.model.node(source_id), self.model.node(target_id)
        changes = self.workspace.run(merge_codes, source_id=source_id, target_id=target_id)
        if changes is not None:
            self.workspace.message.emit(
                f"Merged {source.name!r} into {target.path!r} "
                f"({plural(source.segments, 'coding')}); Ctrl+Z undoes it.")
            self.panel.select_code(target_id)
        return changes

    # -- codings the user cannot see -----------------------------------------------------------

    def touches_hidden(self, code_id: int, verb: str) -> bool:
        """True (and one message) when a coder filter or blind mode hides codings of the code
        or of a code below it: the change is refused."""
        view = self.model.coder_view
        coders = view.coder_ids()
        if coders is None or not self.workspace.read(
                lambda s: hidden_codings(s, (code_id,), coders)):
            return False
        why = "blind mode" if view.blind else "the coder filter"
        self.workspace.error.emit(
            f"Cannot {verb} {self.model.node(code_id).name!r}: other coders' codings of it, "
            f"hidden by {why}, would change too. Show every coder's codings first.")
        return True

    # -- deleting ------------------------------------------------------------------------------

    def delete_box(self, code_id: int) -> tuple[QMessageBox, dict[QPushButton, bool]]:
        """The confirmation dialog; buttons map to ``with_children``."""
        node = self.model.node(code_id)
        impact = self.workspace.read(lambda s: delete_impact(s, code_id))
        parent = self.model.node(node.parent_id) if node.parent_id is not None else None
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete code",
                          delete_question(impact, parent.name if parent else None),
                          QMessageBox.StandardButton.Cancel, self.panel)
        choices: dict[QPushButton, bool] = {}
        if impact.children:
            keep = box.addButton("Delete, keep sub-codes", QMessageBox.ButtonRole.AcceptRole)
            everything = box.addButton("Delete with sub-codes",
                                       QMessageBox.ButtonRole.DestructiveRole)
            choices = {keep: False, everything: True}
        else:
            choices = {box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole): False}
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box, choices

    def delete(self, code_id: int) -> Changes | None:
        """Ask, then delete the code (and maybe its sub-codes) with their codings."""
        if self.touches_hidden(code_id, "delete"):
            return None
        box, choices = self.delete_box(code_id)
        box.exec()
        with_children = choices.get(box.clickedButton())
        box.deleteLater()
        if with_children is None:
            return None
        return self.workspace.run(delete_code, code_id=code_id, with_children=with_children)

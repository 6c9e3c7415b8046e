"""Coding from the keyboard: keys 1-9 bound to codes, the Ctrl+K picker, in-vivo coding.

Bindings are per project and remember codes by uuid (so renames and moves keep them), stored in
the app settings (:class:`qcode.ui.settings.Settings`). The codebook shows them in its "Key"
column and changes them with "Assign quick key" in its context menu.

The digit shortcuts live on the main window: a line edit that has focus keeps its digits (Qt
lets text fields override plain-key shortcuts), anywhere else 1-9 applies the bound code to the
selected text.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from qcode.browse.codebook import code_id_of_uuid
from qcode.changes import Changes
from qcode.ui.code_picker import CodePicker
from qcode.ui.in_vivo import code_in_vivo
from qcode.ui.settings import Settings
from qcode.ui.workspace import Workspace

KEYS = tuple(range(1, 10))
PICKER_SHORTCUT = "Ctrl+K"
IN_VIVO_SHORTCUT = "Ctrl+Shift+I"
_OBJECT_NAME = "qcode-quick-keys"


class QuickKeys(QObject):
    """The key -> code bindings of the open project (one per workspace: use :meth:`of`)."""

    changed = Signal()

    def __init__(self, workspace: Workspace, settings: Settings | None = None) -> None:
        super().__init__(workspace)
        self.setObjectName(_OBJECT_NAME)
        self.workspace = workspace
        self.settings = settings or Settings()
        self.project_uuid = workspace.project.info().get("uuid", str(workspace.project.path))
        self._bindings = self.settings.quick_keys(self.project_uuid)

    @classmethod
    def of(cls, workspace: Workspace) -> QuickKeys:
        found = workspace.findChild(QuickKeys, _OBJECT_NAME)
        return found if found is not None else cls(workspace)

    def bindings(self) -> dict[int, str]:
        """Key -> code uuid."""
        return dict(self._bindings)

    def key_of(self, code_uuid: str) -> int | None:
        return next((k for k, u in self._bindings.items() if u == code_uuid), None)

    def assign(self, key: int, code_uuid: str | None) -> None:
        """Bind ``key`` to a code (taking it from any other code); None frees the key. A code
        has one key at most."""
        if key not in KEYS:
            raise ValueError(f"quick keys are 1-9, not {key}")
        self._bindings = {k: u for k, u in self._bindings.items()
                          if k != key and u != code_uuid}
        if code_uuid is not None:
            self._bindings[key] = code_uuid
        self.settings.set_quick_keys(self.project_uuid, self._bindings)
        self.changed.emit()

    def code_id(self, key: int) -> int | None:
        code_uuid = self._bindings.get(key)
        if code_uuid is None:
            return None
        return self.workspace.read(lambda s: code_id_of_uuid(s, code_uuid))

    def apply(self, key: int) -> Changes | None:
        """Apply the code on ``key`` to the selected text."""
        code_id = self.code_id(key)
        if code_id is None:
            self.workspace.message.emit(
                f"No code on key {key}: right-click a code in the codebook, Assign quick key.")
            return None
        return self.workspace.code_selection(code_id)


class CodingShortcuts(QObject):
    """The coding shortcuts installed on a window; keep it alive as long as the window."""

    def __init__(self, window: QWidget, workspace: Workspace) -> None:
        super().__init__(window)
        self.window = window
        self.workspace = workspace
        self.quick_keys = QuickKeys.of(workspace)
        self.picker: CodePicker | None = None
        self.picker_action = self._action("Apply code…", PICKER_SHORTCUT, self.open_picker,
                                          "Find a code by typing part of its name and apply it "
                                          "to the selected text")
        self.in_vivo_action = self._action("Code in vivo", IN_VIVO_SHORTCUT, self.code_in_vivo,
                                           "New code named by the selected words (under "
                                           "'In vivo'), applied to them")
        self.key_actions = [
            self._action(f"Apply code on key {key}", str(key),
                         lambda _checked=False, k=key: self.quick_keys.apply(k),
                         f"Apply the code bound to key {key}")
            for key in KEYS
        ]

    def _action(self, text: str, shortcut: str, slot, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({shortcut})")
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def actions(self) -> list[QAction]:
        """Every coding action (for menus and context menus)."""
        return [self.picker_action, self.in_vivo_action, *self.key_actions]

    def open_picker(self) -> CodePicker:
        """Show the picker (non-blocking) and return it."""
        if self.picker is not None:
            self.picker.close()
        picker = CodePicker(self.workspace, self.window)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.finished.connect(lambda _result: self._forget_picker(picker))
        self.picker = picker
        picker.open()
        picker.query.setFocus()
        return picker

    def _forget_picker(self, picker: CodePicker) -> None:
        if self.picker is picker:
            self.picker = None

    def code_in_vivo(self) -> Changes | None:
        return code_in_vivo(self.workspace)


def install_coding_shortcuts(window: QWidget, workspace: Workspace) -> CodingShortcuts:
    """Ctrl+K picker, keys 1-9 and Ctrl+Shift+I (in vivo) on ``window``; the returned object
    owns the actions (add ``.actions()`` to menus, ``.in_vivo_action`` to a context menu)."""
    return CodingShortcuts(window, workspace)

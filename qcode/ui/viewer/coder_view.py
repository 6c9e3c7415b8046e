"""Whose codings the viewer, the codebook counts and the segments list show.

One :class:`CoderView` per open project (:meth:`CoderView.of`), shared by those panels:

* the **coder filter** ("Coders: all", or a checked list) limits what is tinted, striped,
  listed and counted to the chosen coders;
* **blind mode** shows only the current coder's codings, so analysts can code the same
  documents independently (the lead compares them with Analysis → Coder agreement). It is
  remembered per project in the user's settings and wins over the filter while on. New codings
  carry the current coder as always, and nothing the user cannot see is changed by a coding
  action (panels hold only the codings they show);
* **stripes by coder**: the coding-stripes margin draws one group of columns per coder.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QObject, Signal

from qcode.browse.coders import coder_names
from qcode.changes import Changes
from qcode.ui.settings import Settings
from qcode.ui.workspace import Workspace

_OBJECT_NAME = "qcode-coder-view"


class CoderView(QObject):
    """The coder filter, blind mode and stripe grouping of one workspace."""

    #: whose codings are shown changed (filter, blind mode or the current coder)
    changed = Signal()
    #: the stripes switched between one column per code and one group per coder
    stripes_changed = Signal(bool)

    def __init__(self, workspace: Workspace, settings: Settings | None = None) -> None:
        super().__init__(workspace)
        self.setObjectName(_OBJECT_NAME)
        self.workspace = workspace
        self.settings = settings or Settings()
        self.project_uuid = workspace.project.info().get("uuid", str(workspace.project.path))
        self._chosen: frozenset[int] | None = None
        self._blind = self.settings.blind_mode(self.project_uuid)
        self.stripes_by_coder = False
        self.names: dict[int, str] = workspace.read(coder_names)
        workspace.coder_changed.connect(self._coder_changed)
        workspace.changed.connect(self._on_changed)

    @classmethod
    def of(cls, workspace: Workspace) -> CoderView:
        found = workspace.findChild(CoderView, _OBJECT_NAME)
        return found if found is not None else cls(workspace)

    # -- reading -------------------------------------------------------------------------------

    @property
    def blind(self) -> bool:
        return self._blind

    @property
    def chosen(self) -> frozenset[int] | None:
        """The coders the filter keeps (None: all), blind mode aside."""
        return self._chosen

    def coder_ids(self) -> frozenset[int] | None:
        """The coders whose codings are shown, or None for everyone's."""
        if self._blind:
            return frozenset({self.workspace.coder_id})
        return self._chosen

    def shows(self, coder_id: int) -> bool:
        shown = self.coder_ids()
        return shown is None or coder_id in shown

    def name_of(self, coder_id: int) -> str:
        return self.names.get(coder_id, "")

    def status_text(self) -> str:
        """The line the viewer shows while codings are hidden ("" when nothing is)."""
        if self._blind:
            name = self.name_of(self.workspace.coder_id) or "the current coder"
            return f"Blind mode: showing only {name}'s codings"
        if self._chosen is not None:
            names = sorted(self.name_of(c) for c in self._chosen if c in self.names)
            return ("Coder filter: showing only the codings of " + ", ".join(names) if names
                    else "Coder filter: no coder chosen, no codings shown")
        return ""

    # -- changing ------------------------------------------------------------------------------

    def set_chosen(self, coder_ids: Collection[int] | None) -> None:
        """Show the codings of ``coder_ids`` only (None: everyone's)."""
        chosen = None if coder_ids is None else frozenset(coder_ids)
        if chosen is not None and self.names and chosen >= self.names.keys():
            chosen = None  # every coder checked is no filter (new coders show too)
        if chosen == self._chosen:
            return
        was = self.coder_ids()
        self._chosen = chosen
        self._announce(was)

    def set_blind(self, on: bool) -> None:
        if on == self._blind:
            return
        was = self.coder_ids()
        self._blind = on
        self.settings.set_blind_mode(self.project_uuid, on)
        self.workspace.message.emit(self.status_text() if on else
                                    "Blind mode off: showing every coder's codings again.")
        self._announce(was)

    def set_stripes_by_coder(self, on: bool) -> None:
        if on != self.stripes_by_coder:
            self.stripes_by_coder = on
            self.stripes_changed.emit(on)

    def _announce(self, was: frozenset[int] | None) -> None:
        if self.coder_ids() != was:
            self.changed.emit()

    def _coder_changed(self, _coder_id: int) -> None:
        self.names = self.workspace.read(coder_names)
        if self._blind:
            self.changed.emit()  # another coder: another person's codings are hidden now

    def _on_changed(self, changes: Changes) -> None:
        if changes.coders:
            self.names = self.workspace.read(coder_names)

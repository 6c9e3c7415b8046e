"""In-vivo coding: a new code named by the participant's own words, applied to them at once.

The new code goes under a top-level parent code **"In vivo"** (created the first time), so the
analytic codebook stays tidy; drag it elsewhere later if it becomes a theme. Coding the same
words again reuses the existing code. Creating and applying are one undo step.
"""

from __future__ import annotations

from qcode.changes import Changes
from qcode.ops.compound import create_and_apply
from qcode.ui.workspace import Workspace

IN_VIVO_PARENT = "In vivo"
MAX_NAME = 60
_ELLIPSIS = "…"


def in_vivo_name(text: str, max_length: int = MAX_NAME) -> str:
    """A code name from selected words: trimmed, white space collapsed, quotes around it and
    "/" (the path separator) replaced, cut at a word boundary to ``max_length`` characters."""
    name = " ".join(text.split()).replace("/", "-")
    name = name.strip(" \"'“”‘’«»„.,;:")
    if len(name) <= max_length:
        return name
    cut = name[: max_length - 1]
    if " " in cut and name[max_length - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + _ELLIPSIS


def code_in_vivo(workspace: Workspace) -> Changes | None:
    """Create (or reuse) the in-vivo code for the current text selection and apply it."""
    sel = workspace.text_selection
    if sel is None or sel.start >= sel.end:
        workspace.message.emit("Select the words to code in vivo first.")
        return None
    name = in_vivo_name(sel.text)
    if not name:
        workspace.message.emit("The selection has no words to name a code after.")
        return None
    return workspace.run(create_and_apply, path=f"{IN_VIVO_PARENT}/{name}",
                         coder_id=workspace.coder_id, document_id=sel.document_id,
                         start=sel.start, end=sel.end, description=f"Code in vivo: {name}")


def create_code_and_apply(workspace: Workspace, path: str) -> Changes | None:
    """Create the code at ``path`` (e.g. typed in the picker) and apply it to the selection,
    if there is one; one undo step."""
    sel = workspace.text_selection
    has_selection = sel is not None and sel.start < sel.end
    leaf = path.rsplit("/", 1)[-1].strip()
    if not has_selection:
        changes = workspace.run(create_and_apply, path=path, coder_id=workspace.coder_id,
                                description=f"Add code {leaf}")
        if changes is not None:
            workspace.message.emit(f"Code {leaf!r} created; select text to apply it.")
        return changes
    assert sel is not None
    return workspace.run(create_and_apply, path=path, coder_id=workspace.coder_id,
                         document_id=sel.document_id, start=sel.start, end=sel.end)

"""Edits of a code's own fields (name, colour, description) made on what the user saw.

Each names the row version of the code as the user saw it: for a rename, when the editor
opened on its name; for a colour or description, when the dialog opened. When someone changed
the code meanwhile (another analyst on a team server, or another window), the op refuses it
with one line saying who (the workspace shows it), nothing is saved, and the codebook reads its
rows again so the user sees the code as it is now before trying again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qcode.browse.codebook import CodeNode
from qcode.changes import Changes

if TYPE_CHECKING:
    from qcode.ui.codebook.model import CodebookModel


def edit_code(model: CodebookModel, op: Callable[..., Changes], seen: CodeNode,
              **values: Any) -> Changes | None:
    """Run ``op`` (rename_code, recolour_code, describe_code) on the code as ``seen``; None
    when it was refused."""
    changes = model.workspace.run(op, code_id=seen.id, expected_version=seen.row_version,
                                  seen_name=seen.name, **values)
    if changes is None and model.loaded:
        model.refresh(frozenset())
    return changes

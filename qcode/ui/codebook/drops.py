"""Drops on the codebook tree: codes moved (re-parented or reordered) and text coded.

Two payloads are accepted:

* ``application/x-qcode-codes``: JSON list of code ids dragged inside the tree. Dropped onto a
  code they become its last sub-codes; dropped between rows they go there. A code cannot go
  under itself or one of its own sub-codes.
* ``application/x-qcode-selection``: JSON ``{"document_id", "start", "end"}`` dragged from the
  document viewer (code points). Dropped onto a code, that code is applied to the text.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex

from qcode.browse.codebook import span_text
from qcode.errors import QcodeError
from qcode.ops.compound import move_codes
from qcode.ui.workspace import TextSelection

if TYPE_CHECKING:
    from qcode.ui.codebook.model import CodebookModel

Index = QModelIndex | QPersistentModelIndex
CODES_MIME = "application/x-qcode-codes"
SELECTION_MIME = "application/x-qcode-selection"


def codes_mime(code_ids: list[int]) -> QMimeData:
    data = QMimeData()
    data.setData(CODES_MIME, json.dumps(code_ids).encode())
    return data


def selection_mime(document_id: int, start: int, end: int) -> QMimeData:
    """The viewer's drag payload (here for tests and for anyone dragging text)."""
    data = QMimeData()
    payload = {"document_id": document_id, "start": start, "end": end}
    data.setData(SELECTION_MIME, json.dumps(payload).encode())
    return data


def dragged_codes(data: QMimeData) -> list[int] | None:
    if not data.hasFormat(CODES_MIME):
        return None
    try:
        ids = json.loads(bytes(data.data(CODES_MIME).data()).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    ok = isinstance(ids, list) and ids and all(isinstance(i, int) for i in ids)
    return ids if ok else None


def dragged_selection(data: QMimeData) -> tuple[int, int, int] | None:
    if not data.hasFormat(SELECTION_MIME):
        return None
    try:
        payload = json.loads(bytes(data.data(SELECTION_MIME).data()).decode())
        span = (payload["document_id"], payload["start"], payload["end"])
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        return None
    return span if all(isinstance(v, int) for v in span) else None


def _refusal(model: CodebookModel, code_ids: list[int], parent_id: int | None) -> str | None:
    """Why these codes cannot go under ``parent_id``; None if they can."""
    for code_id in code_ids:
        node = model.node(code_id)
        if node is None:
            return "the dragged code no longer exists"
        if parent_id is not None and (parent_id == code_id
                                      or parent_id in model.descendants_of(code_id)):
            target = model.node(parent_id)
            where = "itself" if parent_id == code_id else (
                f"its own sub-code {target.name!r}" if target else "its own sub-code")
            return f"Cannot move {node.name!r} under {where}."
    return None


def can_drop(model: CodebookModel, data: QMimeData, row: int, parent: Index) -> bool:
    if dragged_selection(data) is not None:
        return parent.isValid() and row == -1
    ids = dragged_codes(data)
    return ids is not None and _refusal(model, ids, model.code_id(parent)) is None


def drop(model: CodebookModel, data: QMimeData, row: int, parent: Index) -> bool:
    span = dragged_selection(data)
    if span is not None:
        code_id = model.code_id(parent)
        if code_id is None or row != -1:
            return False
        return code_dropped_text(model, code_id, *span)
    ids = dragged_codes(data)
    if ids is None:
        return False
    return move(model, ids, model.code_id(parent), row)


def move(model: CodebookModel, code_ids: list[int], parent_id: int | None, row: int) -> bool:
    """Move codes under ``parent_id`` before the code now at ``row`` (-1 or past the end: last),
    as one undo step."""
    refusal = _refusal(model, code_ids, parent_id)
    if refusal is not None:
        model.workspace.error.emit(refusal)
        return False
    siblings = model.children_of(parent_id)
    after = siblings[row:] if row >= 0 else []
    before_id = next((c for c in after if c not in code_ids), None)
    rest = [c for c in siblings if c not in code_ids]
    at = rest.index(before_id) if before_id is not None else len(rest)
    if rest[:at] + list(code_ids) + rest[at:] == siblings:
        return False  # dropped where they already are
    return model.workspace.run(move_codes, code_ids=code_ids, parent_id=parent_id,
                               before_id=before_id) is not None


def code_dropped_text(model: CodebookModel, code_id: int, document_id: int, start: int,
                      end: int) -> bool:
    """Apply a code to text dropped on it: the dropped span becomes the text selection."""
    workspace = model.workspace
    try:
        text = workspace.read(lambda s: span_text(s, document_id, start, end))
    except QcodeError as exc:
        workspace.error.emit(f"Cannot code the dropped text: {exc}")
        return False
    workspace.set_text_selection(TextSelection(document_id, start, end, text))
    return workspace.code_selection(code_id) is not None

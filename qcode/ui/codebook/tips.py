"""The tooltip of a code in the codebook tree."""

from __future__ import annotations

from qcode.browse.codebook import CodeNode


def code_tooltip(node: CodeNode, has_children: bool, key: int | None) -> str:
    """Path, description, counts (with the sub-codes' when it has any), memo and quick key."""
    lines = [node.path]
    if node.description:
        lines.append(node.description)
    lines.append(f"{node.segments} segment{'s' * (node.segments != 1)} in "
                 f"{node.documents} document{'s' * (node.documents != 1)}")
    if has_children:
        total, docs = node.segments_total, node.documents_total
        lines.append(f"With its sub-codes: {total} segment{'s' * (total != 1)} in "
                     f"{docs} document{'s' * (docs != 1)}")
    if node.has_memo:
        lines.append("Has a memo (shown in italics)")
    lines.append("Double-click to apply to the selected text"
                 + (f"; or press {key}" if key is not None else ""))
    return "\n".join(lines)

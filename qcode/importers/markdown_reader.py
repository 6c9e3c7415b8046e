"""Markdown files: decoded like plain text, markup kept exactly as written.

Nothing is stripped: analysts code the source as the transcriber wrote it, so ``**Q:**`` or a
heading stays in the text, and offsets match the file a colleague opens in an editor.
"""

from __future__ import annotations

from pathlib import Path

from qcode.importers.text_reader import decode_text


def read_markdown(data: bytes, path: Path) -> str:
    """The Markdown source as text (encoding found as for .txt files)."""
    return decode_text(data, path)

"""Set-up for the document viewer tests: a small real project and the viewer on it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCharFormat, QTextCursor

from qcode.importers.base import ImportedDocument
from qcode.importers.normalise import text_direction
from qcode.importers.turns import find_turns
from qcode.ops.codings import add_coding
from qcode.ops.documents import add_documents
from qcode.project import Project
from qcode.ui.viewer import DocumentViewer
from qcode.ui.workspace import Workspace
from tests.factories import add_code, add_coder

RED = "#d62728"
BLUE = "#1f77b4"


@dataclass
class Setup:
    workspace: Workspace
    viewer: DocumentViewer
    doc_id: int
    coder_id: int
    codes: dict[str, int]


def add_document(project: Project, text: str, name: str = "Interview 1") -> int:
    """A document as an import adds it, speaker turns included."""
    imported = ImportedDocument(
        name=name, text=text, original_filename=f"{name}.txt",
        sha256=hashlib.sha256(text.encode()).hexdigest(), direction=text_direction(text),
        turns=tuple(find_turns(text)), format="txt")
    with project.transaction() as s:
        return next(iter(add_documents(s, documents=[imported]).documents))


def open_viewer(qtbot, project: Project, text: str,
                codes: tuple[tuple[str, str], ...] = (("Trust", RED), ("Funding", BLUE)),
                size: tuple[int, int] = (700, 500)) -> Setup:
    """The viewer showing ``text`` (no codings yet), with codes by name and colour."""
    doc_id = add_document(project, text)
    with project.transaction() as s:
        coder_id = add_coder(s, "Amal")
        code_ids = {name: add_code(s, name, colour=colour) for name, colour in codes}
    workspace = Workspace(project, coder_id)
    viewer = DocumentViewer(workspace)
    qtbot.addWidget(viewer)
    viewer.resize(*size)
    viewer.show()
    workspace.open_document(doc_id)
    return Setup(workspace, viewer, doc_id, coder_id, code_ids)


def code(setup: Setup, name: str, start: int, end: int, memo: str = "") -> int:
    """Apply a code through the workspace (as a user would); returns the coding id."""
    changes = setup.workspace.run(add_coding, document_id=setup.doc_id,
                                  code_id=setup.codes[name], coder_id=setup.coder_id,
                                  start=start, end=end, memo=memo)
    assert changes is not None
    return next(iter(changes.codings))


def format_at(setup: Setup, cp: int) -> QTextCharFormat:
    """The character format of the character at code point ``cp``."""
    editor = setup.viewer.editor
    cursor = QTextCursor(editor.document())
    cursor.setPosition(editor.model.offsets.to_utf16(cp) + 1)
    return cursor.charFormat()


def has_background(fmt: QTextCharFormat) -> bool:
    return fmt.hasProperty(QTextCharFormat.Property.BackgroundBrush)


def point_of(setup: Setup, cp: int) -> QPoint:
    """A viewport point over the character at code point ``cp`` (left-to-right text)."""
    editor = setup.viewer.editor
    cursor = QTextCursor(editor.document())
    cursor.setPosition(editor.model.offsets.to_utf16(cp))
    return editor.cursorRect(cursor).center() + QPoint(1, 0)

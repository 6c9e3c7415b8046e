"""The search's hits in the open document, marked in the viewer while the panel has results.

The marks are extra selections of the viewer's text area, added beside those of others (the
find bar's): each of ours carries :data:`_MARK` so it can be told apart and replaced. The find
bar sets its own hits alone while it is open and clears all when it closes: ours are put back
then (``remark``). Positions are converted to Qt's through the open document's
:class:`~qcode.offsets.OffsetMap`.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QTextEdit, QWidget

from qcode.ui.viewer.formats import FIND_HIT

_MARK = QTextFormat.Property.UserProperty + 41
#: hits marked at most in one document (Qt paints every extra selection on each repaint)
MAX_MARKS = 5_000


class ViewerHighlights(QObject):
    """Marks spans (code points) in a :class:`~qcode.ui.viewer.DocumentViewer`."""

    #: the find bar was closed (and took our marks with it): mark again
    remark = Signal()

    def __init__(self, viewer: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.viewer = viewer
        find_bar = getattr(viewer, "find_bar", None)
        if isinstance(find_bar, QWidget):
            find_bar.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide:
            QTimer.singleShot(0, self.remark)  # once the bar has cleared its hits
        return super().eventFilter(watched, event)

    def open_document(self) -> int | None:
        """The id of the document the viewer shows, if any."""
        model = getattr(self.viewer, "model", None)
        return model.doc.id if model is not None else None

    def mark(self, spans: Iterable[tuple[int, int]]) -> int:
        """Mark ``spans`` of the open document (replacing our earlier marks); how many."""
        editor = getattr(self.viewer, "editor", None)
        model = getattr(self.viewer, "model", None)
        if editor is None:
            return 0
        others = [s for s in editor.extraSelections() if not s.format.hasProperty(_MARK)]
        ours = [] if model is None else self._selections(editor, model, spans)
        editor.setExtraSelections(others + ours)
        return len(ours)

    def clear(self) -> None:
        self.mark(())

    @staticmethod
    def _selections(editor: QTextEdit, model, spans: Iterable[tuple[int, int]]
                    ) -> list[QTextEdit.ExtraSelection]:
        to_utf16, length = model.offsets.to_utf16, len(model.text)
        doc = editor.document()
        fmt = QTextCharFormat()
        fmt.setBackground(FIND_HIT)
        fmt.setProperty(_MARK, True)
        out = []
        for start, end in spans:
            if len(out) >= MAX_MARKS:
                break
            if not 0 <= start < end <= length:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(doc)
            cursor.setPosition(to_utf16(start))
            cursor.setPosition(to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = fmt
            out.append(selection)
        return out

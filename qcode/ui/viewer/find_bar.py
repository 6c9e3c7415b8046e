"""Find in the open document (Ctrl+F): every hit tinted, the current one selected.

Enter / F3 go to the next hit, Shift+Enter / Shift+F3 to the previous one, Escape closes the
bar. The current hit becomes the text selection, so it can be coded straight away. Hits come
from the corpus search's engine (:func:`qcode.search.make_matcher`) with its defaults: exact
and normalised (Arabic marks and tatweel ignored, alef forms as one, Latin accents folded,
any case), or typo-tolerant with "Typo-tolerant" on.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

from qcode.errors import InputError
from qcode.search import SearchQuery, make_matcher
from qcode.ui.viewer.formats import FIND_CURRENT, FIND_HIT
from qcode.ui.viewer.text_edit import CodingTextEdit

SEARCH_DELAY_MS = 200


class FindBar(QWidget):
    """A one-line bar above the text: query, typo-tolerant switch, previous/next, hit count."""

    def __init__(self, editor: CodingTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.hits: list[tuple[int, int]] = []
        self.current = -1
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Find in document")
        self.query.setClearButtonEnabled(True)
        self.query.installEventFilter(self)
        self.fuzzy = QCheckBox("Typo-tolerant", self)
        self.fuzzy.setToolTip("Also find words spelled slightly differently (capcity → capacity)")
        self.count = QLabel(self)
        self.count.setMinimumWidth(90)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.query.textEdited.connect(lambda _: self._timer.start())
        self.fuzzy.toggled.connect(lambda _: self.search())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.query, 1)
        layout.addWidget(self.fuzzy)
        for text, tip, slot in (("↑", "Previous match (Shift+Enter, Shift+F3)", self.previous),
                                ("↓", "Next match (Enter, F3)", self.next),
                                ("✕", "Close (Escape)", self.close_bar)):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            layout.addWidget(button)
        layout.insertWidget(2, self.count)

    # -- opening and closing ---------------------------------------------------------------------

    def open_bar(self) -> None:
        """Show the bar with the query selected; a short selection in the text becomes the query."""
        span = self.editor.selection_cp()
        model = self.editor.model
        if span is not None and model is not None and 0 < span[1] - span[0] <= 60:
            picked = model.text[span[0]:span[1]]
            if "\n" not in picked:
                self.query.setText(picked)
                self.search()
        self.show()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.clear_hits()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_hits(self) -> None:
        self.hits, self.current = [], -1
        self.editor.setExtraSelections([])
        self.count.setText("")

    # -- searching -------------------------------------------------------------------------------

    def search(self) -> None:
        """Find every hit of the query and go to the first one at or after the cursor."""
        self._timer.stop()
        model = self.editor.model
        text = self.query.text()
        if model is None or not text.strip():
            self.clear_hits()
            return
        mode = "fuzzy" if self.fuzzy.isChecked() else "exact"
        try:  # the corpus search's limits: a pasted paragraph would hold the window for minutes
            SearchQuery(text, mode=mode)
        except InputError as exc:
            self.clear_hits()
            self.count.setText("Too long")
            self.count.setToolTip(str(exc))
            return
        self.count.setToolTip("")
        matcher = make_matcher(text, mode)
        self.hits = [(start, end) for start, end, _ in matcher.find(model.text)]
        here = model.offsets.from_utf16(self.editor.textCursor().selectionStart())
        self.current = next((i for i, (s, _) in enumerate(self.hits) if s >= here), 0)
        self._show_current()

    def next(self) -> None:
        self._step(+1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if self._timer.isActive() or not self.hits:
            self.search()
            if delta > 0 or not self.hits:
                return
        self.current = (self.current + delta) % len(self.hits)
        self._show_current()

    def _show_current(self) -> None:
        if not self.hits:
            self.editor.setExtraSelections([])
            self.count.setText("No matches")
            return
        start, end = self.hits[self.current]
        self.editor.select_cp(start, end)
        self.editor.centre_on_cp(start)
        self._paint_hits()
        self.count.setText(f"{self.current + 1} of {len(self.hits)}")

    def _paint_hits(self) -> None:
        model = self.editor.model
        assert model is not None
        to_utf16 = model.offsets.to_utf16
        doc = self.editor.document()
        selections = []
        for i, (start, end) in enumerate(self.hits):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(doc)
            cursor.setPosition(to_utf16(start))
            cursor.setPosition(to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(FIND_CURRENT if i == self.current else FIND_HIT)
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.editor.setExtraSelections(selections)

    # -- keys ------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            return self._key(event)
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.previous() if shift else self.next()
            return True
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return True
        return False

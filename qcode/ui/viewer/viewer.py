"""The document viewer: the transcript the workspace asks for, with every coding visible.

It opens documents on ``workspace.document_requested`` / ``span_requested``, reports every text
selection with ``workspace.set_text_selection`` (code points, converted through
:class:`qcode.offsets.OffsetMap`), and restyles only the text a change touches, keeping the
scroll position and the selection. Codings are tinted paragraph by paragraph as they come into
view (:class:`qcode.ui.viewer.document.LazyTints`), so opening costs what the screen shows.
Only the codings of the coders shown are held (:class:`qcode.ui.viewer.coder_view.CoderView`:
coder filter, blind mode), so nothing here can act on a coding the user cannot see.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from qcode.browse.codings import (
    CodingInfo,
    DocumentText,
    document_codings,
    document_name,
    document_text,
    document_version,
)
from qcode.changes import Changes
from qcode.ui.viewer.coder_menu import CoderMenu, CoderStatus
from qcode.ui.viewer.coder_view import CoderView
from qcode.ui.viewer.context_menu import coding_menu
from qcode.ui.viewer.document import LazyTints, build_document
from qcode.ui.viewer.find_bar import FindBar
from qcode.ui.viewer.formats import FormatCache
from qcode.ui.viewer.model import DocumentModel
from qcode.ui.viewer.stripes import StripesMargin
from qcode.ui.viewer.text_edit import NO_DOCUMENT, NO_TEXT, CodingTextEdit
from qcode.ui.workspace import TextSelection, Workspace


class DocumentViewer(QWidget):
    """Read-only transcript with coding highlights, coding stripes and find."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.model: DocumentModel | None = None
        self.formats = FormatCache(self.palette().color(QPalette.ColorRole.Base))
        self._reported: TextSelection | None = None
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-weight: bold; padding: 4px 6px;")
        self.title.setMinimumWidth(1)  # a long name never widens the window (header buttons)
        self.editor = CodingTextEdit(self)
        self.editor.menu_factory = lambda pos: coding_menu(self.editor, workspace, pos)
        self.stripes = StripesMargin(self.editor)
        self.find_bar = FindBar(self.editor, self)
        self.find_bar.hide()
        self.coder_view = CoderView.of(workspace)
        self.coder_menu = CoderMenu(self.coder_view, self)
        self.coder_status = CoderStatus(self.coder_view, self)
        self._make_actions()
        self._lay_out()
        self.editor.selectionChanged.connect(self._report_selection)
        self.stripes.coding_clicked.connect(self.select_coding)
        workspace.document_requested.connect(self.open_document)
        workspace.span_requested.connect(self.show_span)
        workspace.changed.connect(self.on_changed)
        self.coder_view.changed.connect(self._coders_changed)
        self.coder_view.stripes_changed.connect(self._group_stripes)

    def _make_actions(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.find_action = QAction("Find in document", self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.triggered.connect(self.find_bar.open_bar)
        self.find_next_action = QAction("Find next", self)
        self.find_next_action.setShortcut(QKeySequence(Qt.Key.Key_F3))
        self.find_next_action.triggered.connect(self._find_next)
        self.find_previous_action = QAction("Find previous", self)
        self.find_previous_action.setShortcut(QKeySequence("Shift+F3"))
        self.find_previous_action.triggered.connect(self._find_previous)
        self.snap_action = QAction("Snap selection to whole words", self)
        self.snap_action.setCheckable(True)
        self.snap_action.setToolTip("When you select with the mouse, take in whole words")
        self.snap_action.toggled.connect(self.set_snap_to_words)
        for action in (self.find_action, self.find_next_action, self.find_previous_action):
            action.setShortcutContext(context)
            self.addAction(action)

    def _lay_out(self) -> None:
        header = QWidget(self)
        bar = QHBoxLayout(header)
        bar.setContentsMargins(0, 0, 4, 0)
        bar.addWidget(self.title, 1)
        for action, text in ((self.snap_action, "Whole words"), (self.find_action, "Find")):
            button = QToolButton(header)
            button.setDefaultAction(action)
            button.setText(text)
            button.setAutoRaise(True)
            bar.addWidget(button)
        coders = QToolButton(header)
        coders.setText("Coders")
        coders.setToolTip("Whose codings to show; stripes by coder; blind mode")
        coders.setMenu(self.coder_menu)
        coders.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        coders.setAutoRaise(True)
        bar.addWidget(coders)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.coder_status)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.editor, 1)

    # -- opening ---------------------------------------------------------------------------------

    def open_document(self, document_id: int) -> None:
        """Show a document; the one already shown stays as it is (scroll, selection), since
        changes keep it up to date."""
        if self.model is not None and self.model.doc.id == document_id:
            return
        self.reload(document_id)

    def reload(self, document_id: int) -> None:
        """Read a document afresh and show it from the top."""
        doc = self.workspace.read(lambda s: document_text(s, document_id))
        if doc is None:
            self.clear()
            self.workspace.message.emit(f"Document {document_id} no longer exists.")
            return
        self.show_document(doc)

    def show_document(self, doc: DocumentText) -> None:
        self.find_bar.clear_hits()
        model = DocumentModel(self._visible(doc), stripes_by_coder=self.coder_view.stripes_by_coder)
        document = build_document(model, self.editor.font(), self.formats)
        with QSignalBlocker(self.editor):
            self.editor.model = model
            self.editor.tints = LazyTints(document, model, self.formats)
            self.model = model
            # The editor deletes the document it shows before when it is its parent.
            document.setParent(self.editor)
            self.editor.setDocument(document)
            self.editor.setPlaceholderText(NO_TEXT if not model.text else NO_DOCUMENT)
        document.documentLayout().update.connect(self.stripes.relaid)
        self.stripes.fit_columns(model.column_count)
        self.editor.tint_visible()
        self.title.setText(doc.name)
        self._report_selection()
        if self.find_bar.isVisible():
            self.find_bar.search()

    def clear(self) -> None:
        """Show nothing (the document was removed)."""
        with QSignalBlocker(self.editor):
            self.model = None
            self.editor.model = None
            self.editor.tints = None
            self.editor.clear()
            self.editor.setPlaceholderText(NO_DOCUMENT)
        self.title.setText("")
        self.find_bar.clear_hits()
        self.stripes.invalidate()
        self._report_selection()

    def show_span(self, document_id: int, start: int, end: int) -> None:
        """Open the document if needed, select [start, end) and scroll it to the middle."""
        self.open_document(document_id)
        if self.model is None:
            return
        length = len(self.model.text)
        start, end = max(0, min(start, length)), max(0, min(end, length))
        self.editor.select_cp(start, end)
        self.editor.centre_on_cp(start)

    def select_coding(self, coding_id: int) -> None:
        """Select the text of a coding shown here (a click on its stripe)."""
        if self.model is None or coding_id not in self.model.codings:
            return
        coding = self.model.codings[coding_id]
        self.editor.select_cp(coding.start, coding.end)
        self.editor.setFocus(Qt.FocusReason.MouseFocusReason)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()

    def _follow_palette(self) -> None:
        """Tints are blended into the page colour: a new theme recolours the whole text."""
        base = self.palette().color(QPalette.ColorRole.Base)  # children follow after this
        if base == self.formats.base:
            return
        self.formats = FormatCache(base)
        if self.editor.tints is not None:
            self.editor.tints.set_formats(self.formats)

    # -- selection -------------------------------------------------------------------------------

    def _report_selection(self) -> None:
        """Tell the workspace what is selected, in code points (None for nothing)."""
        span = self.editor.selection_cp()
        selection = None
        if span is not None and self.model is not None and span[0] < span[1]:
            selection = TextSelection(self.model.doc.id, span[0], span[1],
                                      self.model.text[span[0]:span[1]])
        if selection != self._reported:
            self._reported = selection
            self.workspace.set_text_selection(selection)

    def set_snap_to_words(self, on: bool) -> None:
        self.editor.snap_words = on
        if self.snap_action.isChecked() != on:
            self.snap_action.setChecked(on)

    # -- find ------------------------------------------------------------------------------------

    def _find_next(self) -> None:
        if not self.find_bar.isVisible():
            self.find_bar.open_bar()
        self.find_bar.next()

    def _find_previous(self) -> None:
        if not self.find_bar.isVisible():
            self.find_bar.open_bar()
        self.find_bar.previous()

    # -- changes ---------------------------------------------------------------------------------

    def on_changed(self, changes: Changes) -> None:
        """Restyle what a change did to this document or to the codes it shows."""
        model = self.model
        if model is None:
            return
        doc_id = model.doc.id
        shown_codes = model.code_ids()
        shown_coders = model.coder_ids()
        touches_doc = doc_id in changes.documents
        if not (touches_doc or changes.codes & shown_codes or changes.coders & shown_coders
                or changes.codings & model.codings.keys()
                or (changes.codebook_tree and model.codings)):
            return
        if touches_doc and self._text_replaced(doc_id):
            self.reload(doc_id)  # a re-import (or its undo): a new text, read afresh
            return
        if touches_doc:
            name = self.workspace.read(lambda s: document_name(s, doc_id))
            if name is None:
                self.clear()
                return
            self.title.setText(name)
        affected = self._refresh_codings(changes, shown_codes)
        if affected is not None and self.editor.tints is not None:
            self.editor.tints.restyle(*affected)
            self.stripes.update()

    def _text_replaced(self, doc_id: int) -> bool:
        version = self.workspace.read(lambda s: document_version(s, doc_id))
        return version is not None and self.model is not None and version != self.model.doc.version

    def _refresh_codings(self, changes: Changes, shown_codes: set[int]) -> tuple[int, int] | None:
        """Re-read only the codings a change names when no code itself was edited (the usual
        apply / remove / undo); otherwise re-read all of this document's codings."""
        model = self.model
        assert model is not None
        doc_id = model.doc.id
        if changes.codings and not changes.codebook_tree and not changes.coders:
            fresh = self.workspace.read(lambda s: document_codings(s, doc_id, changes.codings))
            known = {c.code_id for c in fresh}
            known |= {model.codings[c].code_id for c in changes.codings if c in model.codings}
            if not (changes.codes - known) & shown_codes:
                return model.update(changes.codings, self._shown(fresh))
        return model.replace_all(self._shown(
            self.workspace.read(lambda s: document_codings(s, doc_id))))

    # -- whose codings -------------------------------------------------------------------------

    def _shown(self, codings: tuple[CodingInfo, ...]) -> tuple[CodingInfo, ...]:
        """The codings of the coders shown (all, unless a coder filter or blind mode)."""
        coders = self.coder_view.coder_ids()
        return codings if coders is None else tuple(c for c in codings if c.coder_id in coders)

    def _visible(self, doc: DocumentText) -> DocumentText:
        shown = self._shown(doc.codings)
        return doc if shown is doc.codings else replace(doc, codings=shown)

    def _coders_changed(self) -> None:
        """Another coder filter or blind mode: show this document's codings anew, in place."""
        model = self.model
        if model is None:
            return
        doc_id = model.doc.id
        affected = model.replace_all(self._shown(
            self.workspace.read(lambda s: document_codings(s, doc_id))))
        self.stripes.fit_columns(model.column_count)
        if affected is not None and self.editor.tints is not None:
            self.editor.tints.restyle(*affected)
        self._report_selection()

    def _group_stripes(self, by_coder: bool) -> None:
        if self.model is not None:
            self.model.group_stripes(by_coder)
            self.stripes.fit_columns(self.model.column_count)

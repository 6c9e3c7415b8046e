"""The search panel: search every document as you type, read the hits in context, jump to one,
code them all.

Typing waits for a pause (:data:`TYPING_PAUSE_MS`), then the search runs on a worker thread in
a read session of its own (:class:`~qcode.ui.analysis.compute.Recomputer`); a newer query
cancels the one running and only the newest result is shown. Click or Enter on a row shows the
hit in the viewer, selected; the hits of the open document are marked there while the panel
has results. After a change the codes on the listed hits are read again (a coding), or the
search runs again (a document or code changed).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from qcode.changes import Changes
from qcode.errors import InputError, QcodeError
from qcode.search.corpus import search
from qcode.search.query import SearchQuery
from qcode.ui.analysis.busy import BusyBar
from qcode.ui.analysis.compute import Recomputer
from qcode.ui.exchange.run_dialog import RunDialog
from qcode.ui.row_list import is_enter
from qcode.ui.search.choices import search_choices
from qcode.ui.search.coding_run import CodingJob, start_coding
from qcode.ui.search.found import Found, find, hit_codes, text_versions
from qcode.ui.search.highlights import MAX_MARKS, ViewerHighlights
from qcode.ui.search.model import HitsModel
from qcode.ui.search.options import SearchOptions
from qcode.ui.search.view import HitsView
from qcode.ui.workspace import Workspace

TYPING_PAUSE_MS = 250
BUSY_AFTER_MS = 400
NO_QUERY = ("Type a word, a phrase or a regular expression to search every document. "
            "Arabic marks and alef forms are ignored unless you ask for exact spelling.")


def count_line(found: Found) -> str:
    """``1,234 hits in 56 documents`` (and ``showing the first 1,000`` when cut)."""
    hits = f"{found.total:,} hit{'s' * (found.total != 1)}"
    if found.truncated:
        return (f"{hits} — showing the first {len(found.hits):,}, from "
                f"{found.documents:,} document{'s' * (found.documents != 1)}")
    return f"{hits} in {found.documents:,} document{'s' * (found.documents != 1)}"


def _no_hits(query: SearchQuery) -> str:
    hint = {"exact": "try Typo-tolerant, or fewer words",
            "fuzzy": "try fewer or shorter words",
            "regex": "check the expression, or turn Match case off"}[query.mode]
    scoped = query.speaker or query.code or query.filters.where
    return f"No hits for {query.text!r}: {hint}" + ("; or widen the scope." if scoped else ".")


class SearchPanel(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *,
                 viewer: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.highlights = ViewerHighlights(viewer, self) if viewer is not None else None
        self.options = SearchOptions(self)
        self.summary = QLabel(NO_QUERY, self)
        self.summary.setWordWrap(True)
        self.summary.setContentsMargins(6, 2, 6, 2)
        self.busy = BusyBar(self)
        self.model = HitsModel(self)
        self.view = HitsView(self.model, self)
        self.code_all = QPushButton("Code all results…", self)
        self.code_all.setToolTip("Code every hit, or the sentence, paragraph or speaker turn "
                                 "around it, with one code (one undo step)")
        self.code_all.setEnabled(False)
        self.coding: RunDialog | None = None  # Code all results… being written
        self.runner = Recomputer(workspace.reader(), lambda s, q, p: find(s, q, p), self)
        #: the progress row shows only for a search that takes a while (no flicker as you type)
        self._busy_later = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._lay_out()
        self._connect()
        self.setFocusProxy(self.options)
        self.refresh_choices()

    def _lay_out(self) -> None:
        footer = QHBoxLayout()
        footer.setContentsMargins(6, 0, 6, 0)
        footer.addWidget(self.summary, 1)
        footer.addWidget(self.code_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.options)
        layout.addLayout(footer)
        self.busy.layout().setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.busy)
        layout.addWidget(self.view, 1)

    def _connect(self) -> None:
        self.options.edited.connect(lambda: self.run_search(TYPING_PAUSE_MS))
        self.options.text.returnPressed.connect(lambda: self.run_search(0))
        self.options.changed.connect(lambda: self.run_search(0))
        self.runner.started.connect(self._busy_later.start)
        self.runner.progressed.connect(self.busy.progress)
        self.runner.finished.connect(self._found)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._not_busy)
        self._busy_later.timeout.connect(lambda: self.busy.start("Searching…"))
        self.busy.cancel_requested.connect(self.runner.cancel)
        self.view.clicked.connect(self.show_hit)
        self.view.activated.connect(self.show_hit)
        self.view.installEventFilter(self)
        self.code_all.clicked.connect(self.open_code_all)
        if self.highlights is not None:
            self.highlights.remark.connect(self.mark_open_document)
        workspace = self.workspace
        workspace.changed.connect(self.on_changed)
        workspace.document_requested.connect(lambda _id: self.mark_open_document())
        workspace.span_requested.connect(lambda *_: self.mark_open_document())

    # -- searching -----------------------------------------------------------------------------

    @property
    def found(self) -> Found | None:
        return self.model.found

    def run_search(self, delay_ms: int = 0) -> None:
        """Search for what the options say, after ``delay_ms``; nothing typed clears."""
        try:
            query = self.options.query()
        except InputError as exc:  # a query too long to search: say so, search nothing
            self.runner.cancel()
            self._not_busy()
            self._show(None, str(exc))
            return
        if query is None:
            self.runner.cancel()
            self._not_busy()
            self._show(None, NO_QUERY)
            return
        self.runner.request(query, delay_ms)

    def _not_busy(self) -> None:
        self._busy_later.stop()
        self.busy.stop()

    def _found(self, found: Found) -> None:
        self._not_busy()
        self._show(found, count_line(found) if found.hits else _no_hits(found.query))

    def _failed(self, message: str) -> None:
        self._not_busy()
        self._show(None, message)  # a regular expression being typed: say what is wrong

    def _show(self, found: Found | None, line: str) -> None:
        self.model.set_found(found)
        self.summary.setText(line)
        self.code_all.setEnabled(bool(found and found.hits)
                                 and not self.workspace.project.readonly)
        self.mark_open_document()

    # -- the viewer ----------------------------------------------------------------------------

    def show_hit(self, index: QModelIndex) -> None:
        """Show the hit of row ``index`` in the viewer, selected."""
        if not index.isValid() or self.found is None:
            return
        hit = self.model.hit(index.row())
        self.workspace.show_span(hit.document_id, hit.start, hit.end)

    def mark_open_document(self) -> None:
        """Mark the hits of the document open in the viewer (all of them, even past the listed
        ones: the search then runs again on that document alone)."""
        if self.highlights is None:
            return
        found, doc_id = self.found, self.highlights.open_document()
        if found is None or not found.hits or doc_id is None:
            self.highlights.clear()
            return
        if not found.truncated:
            spans = [(h.start, h.end) for h in found.hits if h.document_id == doc_id]
        else:
            spans = self._spans_in(found.query, doc_id)
        self.highlights.mark(spans)

    def _spans_in(self, query: SearchQuery, doc_id: int) -> list[tuple[int, int]]:
        one = replace(query, document_ids=(doc_id,), context=0)
        try:
            result = self.workspace.read(lambda s: search(s, one, limit=MAX_MARKS))
        except QcodeError:
            return []
        return [(h.start, h.end) for h in result.hits]

    # -- changes -------------------------------------------------------------------------------

    def on_changed(self, changes: Changes) -> None:
        """A coding changes only the codes on the listed hits; a document, code name, coder
        or attribute may change the hits themselves or the scope: search again."""
        codings = bool(changes.codings)
        structural = bool(changes.codebook_tree or changes.coders or changes.attributes
                          or (changes.codes and not codings)
                          or (changes.documents and not codings))
        if structural:
            self.refresh_choices()
        found = self.found
        if found is None:
            return
        if structural or (codings and found.query.code) or self._texts_replaced(changes):
            self.run_search(0)  # with the options as they are now (a chosen code may be gone)
        elif codings:
            self._recode(found, changes.documents)

    def _recode(self, found: Found, documents: frozenset[int]) -> None:
        """Read again the codes on the listed hits in ``documents`` (a coding changed there)."""
        rows = [row for row, hit in enumerate(found.hits) if hit.document_id in documents]
        if not rows:
            return
        hits = tuple(found.hits[row] for row in rows)
        fresh = self.workspace.read(lambda s: hit_codes(s, hits))
        codes = list(found.codes)
        for row, tags in zip(rows, fresh, strict=True):
            codes[row] = tags
        self.model.set_codes(tuple(codes))

    def _texts_replaced(self, changes: Changes) -> bool:
        """Whether a document with a listed hit has another text now (a re-import)."""
        assert self.found is not None
        listed = dict(self.found.versions)
        touched = changes.documents & listed.keys()
        if not touched:
            return False
        now = dict(self.workspace.read(lambda s: text_versions(s, touched)))
        return any(now.get(doc_id) != listed[doc_id] for doc_id in touched)

    def refresh_choices(self) -> None:
        self.options.set_choices(self.workspace.read(search_choices))

    # -- coding --------------------------------------------------------------------------------

    def open_code_all(self) -> QWidget | None:
        if self.found is None or not self.found.hits:
            return None
        from qcode.ui.search.code_all import CodeAllDialog

        dialog = CodeAllDialog(self.workspace, self.found.query, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.confirmed.connect(self.code_passages)
        dialog.open()
        return dialog

    def code_passages(self, job: CodingJob) -> None:
        """Code a confirmed job on a worker thread (one undo step when it is done)."""
        if self.coding is None and not self.workspace.project.readonly:
            self.coding = start_coding(self, self.workspace, job, settled=self._coded)

    def _coded(self) -> None:
        self.coding = None

    # -- keys and ending -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and is_enter(event):
            self.show_hit(self.view.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def dispose(self) -> None:
        """Stop searching and counting, and wait for the workers (the project is closing)."""
        from qcode.ui.search.code_all import CodeAllDialog

        for dialog in self.findChildren(CodeAllDialog):
            dialog.reject()
        coding, self.coding = self.coding, None
        if coding is not None:
            coding.stop()  # its transaction goes before the project closes
        self.runner.dispose()
        if self.highlights is not None:
            self.highlights.clear()

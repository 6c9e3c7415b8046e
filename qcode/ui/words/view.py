"""The word-frequency view: options on top, the table of words and counts beside a bar chart
of the most frequent, export to CSV or Excel.

Counting runs on a worker thread (:class:`~qcode.ui.analysis.compute.Recomputer`, a read
session of its own; only the frozen :class:`~qcode.search.words.WordTable` comes back); the view
recounts when its options change and, debounced, when documents, codings, codes or attributes
change. Clicking a group's column heading charts that group; clicking "count" charts the total.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from qcode.browse.matrix_cells import analysis_choices
from qcode.changes import Changes
from qcode.errors import QcodeError
from qcode.export.manifest import Source
from qcode.export.words import write_words_csv, write_words_xlsx
from qcode.progress import Progress
from qcode.search.words import WordOptions, WordTable, word_frequencies
from qcode.ui.analysis.busy import BusyBar
from qcode.ui.analysis.compute import Recomputer
from qcode.ui.analysis.exporting import Exporter
from qcode.ui.errors import show_error
from qcode.ui.words.bars import WordBars
from qcode.ui.words.model import WordsModel
from qcode.ui.words.options_bar import WordOptionsBar
from qcode.ui.workspace import Workspace

OPTION_DELAY_MS = 30
CHANGE_DELAY_MS = 400
MAX_FITTED = 400  # group columns sized to their headings; more keep the default width
WRITERS = {".csv": write_words_csv, ".xlsx": write_words_xlsx}
FILE_FILTERS = {".csv": "CSV (*.csv)", ".xlsx": "Excel workbook (*.xlsx)"}


def count_words(session: Session, options: WordOptions, progress: Progress) -> WordTable:
    return word_frequencies(session, options, progress)


class WordsView(QWidget):
    result_shown = Signal(object)  # a new table is on screen (tests wait for it)
    exported = Signal(object)  # a file was written; the manifest's path

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.result: WordTable | None = None
        self.chart_column = 1  # the column the bars show: count, or a group's
        self._stale = False
        self.options_bar = WordOptionsBar()
        self.model = WordsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionsClickable(True)
        self.table.horizontalHeader().setDefaultSectionSize(110)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.bars = WordBars()
        self.chart_title = QLabel()
        self.chart_title.setTextFormat(Qt.TextFormat.PlainText)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.busy = BusyBar()
        self.export_buttons = {suffix: QPushButton(f"Export {label}…") for suffix, label in
                               ((".csv", "CSV"), (".xlsx", "Excel"))}
        self.computer = Recomputer(workspace.reader(), count_words, self)
        self.exporter = Exporter(self)
        self._layout()
        self._connect()
        self.refresh_choices()
        self.recompute(0)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        for suffix, button in self.export_buttons.items():
            button.setToolTip(f"Save the words as {FILE_FILTERS[suffix].split(' (')[0]}, with "
                              "a manifest of the counting rules beside it")
            button.clicked.connect(lambda _checked=False, s=suffix: self.choose_export(s))
            button.setEnabled(False)
            top.addWidget(button)
        split = QSplitter(Qt.Orientation.Horizontal)
        chart = QWidget()
        chart_layout = QVBoxLayout(chart)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(self.chart_title)
        chart_layout.addWidget(self.bars, 1)
        split.addWidget(self.table)
        split.addWidget(chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.options_bar)
        layout.addLayout(top)
        layout.addWidget(self.busy)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)

    def _connect(self) -> None:
        self.options_bar.changed.connect(lambda: self.recompute(OPTION_DELAY_MS))
        c = self.computer
        c.started.connect(lambda: (self._notify(None), self.busy.start("Counting words…")))
        c.progressed.connect(self.busy.progress)
        c.finished.connect(self.show_result)
        c.failed.connect(lambda message: self._stopped(f"Could not count: {message}"))
        c.cancelled.connect(lambda: self._stopped("Counting was cancelled; the table may be "
                                                  "out of date."))
        self.busy.cancel_requested.connect(c.cancel)
        cancel = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        cancel.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        cancel.activated.connect(c.cancel)
        self.table.horizontalHeader().sectionClicked.connect(self.chart)
        self.workspace.changed.connect(self._on_changed)
        self.exporter.started.connect(self._writing)
        self.exporter.finished.connect(self._written)
        self.exporter.failed.connect(self._write_failed)

    # -- counting ------------------------------------------------------------------------------

    def refresh_choices(self) -> None:
        choices = self.workspace.read(analysis_choices)
        self.options_bar.blockSignals(True)
        try:
            self.options_bar.set_choices(choices)
        finally:
            self.options_bar.blockSignals(False)

    def recompute(self, delay_ms: int = 0) -> None:
        try:
            options = self.options_bar.options()
        except QcodeError as exc:
            self._notify(str(exc))
            return
        self.computer.request(options, delay_ms)
        self._set_exportable(False)

    def show_result(self, table: WordTable) -> None:
        if not self.exporter.busy:
            self.busy.stop()
        self.result = table
        self.model.set_table(table)
        self._fit_columns(table)
        self.caption.setText(describe(table))
        if self.chart_column >= 2 + len(table.groups):
            self.chart_column = 1
        self.chart(self.chart_column)
        self._set_exportable(True)
        self.result_shown.emit(table)

    def _fit_columns(self, table: WordTable) -> None:
        """The words' column to its contents; each group's to its heading, within reason."""
        self.table.resizeColumnToContents(0)
        if len(table.groups) > MAX_FITTED:
            return
        metrics = self.table.horizontalHeader().fontMetrics()
        for column in range(2, 2 + len(table.groups)):
            heading = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            self.table.setColumnWidth(column, min(max(metrics.horizontalAdvance(heading) + 20,
                                                      60), 220))

    def chart(self, column: int) -> None:
        """Draw the bars of the total (column 1) or of one group's column."""
        table = self.result
        if table is None:
            return
        self.chart_column = column if column >= 1 else 1
        if self.chart_column == 1:
            words = [(r.word, r.count) for r in table.rows]
        else:
            at = self.chart_column - 2
            counted = [(r.word, dict(r.groups).get(at, 0)) for r in table.rows]
            words = sorted([w for w in counted if w[1]], key=lambda w: (-w[1], w[0]))
        self.bars.set_words(words, empty_text(table))
        heading = table.header()[self.chart_column]
        self.chart_title.setText(
            "Most frequent words" + ("" if self.chart_column == 1 else f" of {heading}")
            + (" (click a column's heading to chart it)" if table.groups else ""))

    def _stopped(self, message: str) -> None:
        self.busy.stop()
        self._notify(message)
        self._set_exportable(self.result is not None)

    def _notify(self, text: str | None) -> None:
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))

    def _set_exportable(self, ready: bool) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(ready and self.result is not None and not self.exporter.busy)

    def _on_changed(self, changes: Changes) -> None:
        if changes.coders or changes.attributes or changes.documents:
            self.refresh_choices()
        if (changes.codings or changes.codes or changes.codebook_tree or changes.documents
                or changes.coders or changes.attributes):
            if self.isVisible():
                self.recompute(CHANGE_DELAY_MS)
            else:
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.recompute(0)

    def dispose(self) -> None:
        """Stop counting, and wait for the workers (before the project closes)."""
        self.computer.dispose()
        self.exporter.dispose()

    # -- export --------------------------------------------------------------------------------

    def choose_export(self, suffix: str) -> None:
        start = self.workspace.project.path.parent / f"words{suffix}"
        name, _ = QFileDialog.getSaveFileName(self, "Export words", str(start),
                                              FILE_FILTERS[suffix])
        if name:
            path = Path(name)
            self.export_to(path if path.suffix.lower() == suffix else
                           path.with_name(path.name + suffix))

    def export_to(self, path: str | Path) -> bool:
        """Start writing the words on screen to ``path`` with its manifest, off the GUI
        thread; :attr:`exported` follows. False, after showing why, if it cannot start."""
        path = Path(path)
        writer = WRITERS.get(path.suffix.lower())
        problem = ("before the words are counted" if self.result is None else
                   f"to {path.suffix or 'a file without suffix'} (use .csv or .xlsx)"
                   if writer is None else
                   "while another file is being written" if self.exporter.busy else None)
        if problem is not None:
            show_error(self, f"{path.name}: cannot export {problem}")
            return False
        extra: dict[str, Any] = {"bom": True} if writer is write_words_csv else {}
        self.exporter.start(writer, self.result, path, Source.of(self.workspace.project),
                            **extra)
        return True

    def _writing(self, path: Path) -> None:
        self.busy.start(f"Writing {path.name}…", cancellable=False)
        self._set_exportable(False)

    def _written(self, path: Path, manifest: Path) -> None:
        self._end_writing()
        self.workspace.message.emit(f"Wrote {path.name} (counting rules in {manifest.name})")
        self.exported.emit(manifest)

    def _write_failed(self, message: str) -> None:
        self._end_writing()
        show_error(self, message)

    def _end_writing(self) -> None:
        if not self.computer.busy:
            self.busy.stop()
            self._set_exportable(True)


def describe(table: WordTable) -> str:
    """The caption: how many words, in how many documents, how many shown."""
    if table.documents == 0:
        return "No documents to count (the project has none, or none pass the filter)."
    shown = (f" (showing the {len(table.rows):,} most frequent)"
             if len(table.rows) < table.distinct else "")
    return (f"{table.distinct:,} different words, {table.occurrences:,} in all, in "
            f"{table.documents:,} document{'s' if table.documents != 1 else ''}{shown}")


def empty_text(table: WordTable) -> str:
    if table.documents == 0:
        return "No documents to count: import transcripts, or widen the document filter."
    if table.options.by == "code" and not table.occurrences:
        return "No coded passages to count yet: code some text, or count all documents."
    return "No words left to show: fewer letters, or without stop-words, may show some."

"""The word-frequency view: options on top, the table of words and counts beside a bar chart
of the most frequent, export to CSV or Excel.

Counting runs on a worker thread (:class:`~qcode.ui.analysis.compute.Recomputer`, a read
session of its own; only the frozen :class:`~qcode.search.words.WordTable` comes back); the view
recounts when its options change and, debounced, when documents, codings, codes or attributes
change. Clicking a group's column heading charts that group; clicking "count" charts the total.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from qcode.export.words import write_words_csv, write_words_xlsx
from qcode.progress import Progress
from qcode.search.words import WordOptions, WordTable, word_frequencies
from qcode.ui.analysis.counted_view import CountedView
from qcode.ui.words.bars import WordBars
from qcode.ui.words.model import WordsModel
from qcode.ui.words.options_bar import WordOptionsBar
from qcode.ui.workspace import Workspace

MAX_FITTED = 400  # group columns sized to their headings; more keep the default width
WRITERS = {".csv": write_words_csv, ".xlsx": write_words_xlsx}


def count_words(session: Session, options: WordOptions, progress: Progress) -> WordTable:
    return word_frequencies(session, options, progress)


class WordsView(CountedView):
    writers = WRITERS
    file_stem = "words"
    export_title = "Export words"
    not_counted = "before the words are counted"
    export_what = "the words"
    counting_text = "Counting words…"
    result: WordTable | None

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, WordOptionsBar(), count_words, parent)
        self.chart_column = 1  # the column the bars show: count, or a group's
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
        for button in self.export_buttons.values():
            button.setEnabled(False)
        self._start()

    def body(self) -> QWidget:
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
        return split

    def _connect(self) -> None:
        super()._connect()
        self.table.horizontalHeader().sectionClicked.connect(self.chart)

    # -- counting ------------------------------------------------------------------------------

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

    def _cancelled(self) -> None:
        self.busy.stop()
        self._notify("Counting was cancelled; the table may be out of date.")
        self._set_exportable(self.result is not None)

    def _notify(self, text: str | None) -> None:
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))


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

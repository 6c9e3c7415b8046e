"""Analysis → Coder agreement…: choose coders (or two groups), unit, codes and documents; the
table per code (pooled over the documents, then all codes) with percent, kappa and alpha,
shaded; Export… as CSV or XLSX. Clicking a row lists, below the table, the passages one side
coded and the other did not; double-clicking one shows it selected in the main window.

The counting is :func:`qcode.team.agreement.measure_agreement` in a read session of its own on a
worker thread (a :class:`~qcode.ui.exchange.run_dialog.RunDialog`: progress and Cancel); a
row's passages are :func:`qcode.team.disagreements.find_disagreements`, read on a worker
thread too (a newer click makes an older listing moot); the file is written by
:class:`~qcode.ui.analysis.exporting.Exporter` with its manifest.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.errors import InputError
from qcode.export.manifest import Source
from qcode.models import Document
from qcode.progress import Progress
from qcode.team.disagreements import Disagreements, Passage
from qcode.team.options import AgreementOptions
from qcode.team.results import AgreementTable, Row, SegmentRow
from qcode.ui.analysis.exporting import Exporter
from qcode.ui.bidi import isolated
from qcode.ui.errors import reads_left_to_right
from qcode.ui.exchange.menu import with_suffix
from qcode.ui.exchange.run_dialog import RunDialog, start_run
from qcode.ui.team.agreement_form import AgreementForm
from qcode.ui.team.agreement_model import ALL_CODES, AgreementModel
from qcode.ui.team.agreement_passages import AgreementPassages, summary
from qcode.ui.worker import BackgroundTask

if TYPE_CHECKING:
    from qcode.ui.workspace import Workspace

EXPORT_FILTER = "CSV (*.csv);;Excel workbook (*.xlsx)"
#: the code column's least and greatest width, in pixels
CODE_WIDTH = (160, 300)
HINT = "Choose the coders and the unit, then Compute."
TWO_SIDES_ONLY = ("Passages coded by one side only are listed when two coders or two groups "
                  "are compared.")


def document_names(session: Session) -> list[str]:
    """Every document's name in document order (the form's choice of documents)."""
    return list(session.scalars(select(Document.name).order_by(Document.position,
                                                               Document.id)))


class AgreementDialog(QDialog):
    """``compute()`` starts the counting; ``table`` is the last result shown; ``list_row(r)``
    lists the passages of the table's row ``r`` (``listing``: the read in progress)."""

    def __init__(self, workspace: Workspace, coders: list[str], codes: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamAgreementDialog")
        self.setWindowTitle("Coder agreement")
        self.workspace = workspace
        self.table: AgreementTable | None = None
        self.run: RunDialog | None = None
        self.listing: BackgroundTask | None = None
        self._retired: list[BackgroundTask] = []
        self.form = AgreementForm(coders, codes, workspace.read(document_names))
        self.form.setFixedWidth(340)
        self.model = AgreementModel()
        self.view = self._view()
        self.passages = AgreementPassages()
        self.passages.passage_activated.connect(self.show_passage)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.list_row(current.row()))
        self.status = QLabel(HINT)
        self.status.setObjectName("agreementStatus")
        self.status.setWordWrap(True)
        self.exporter = Exporter(self)
        self.exporter.finished.connect(lambda path, _m: self.status.setText(
            reads_left_to_right(f"Wrote {Path(path).name} (rules and formulas in its "
                                "manifest)")))
        self.exporter.failed.connect(self._say)
        self._layout()

    def _view(self) -> QTableView:
        view = QTableView()
        view.setObjectName("agreementTable")
        view.setModel(self.model)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.setAlternatingRowColors(False)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        return view

    def _layout(self) -> None:
        self.compute_button = QPushButton("Compute")
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(self.compute)
        self.export_button = QPushButton("Export…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self.export())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        left = QVBoxLayout()
        left.addWidget(self.form, 1)
        left.addWidget(self.compute_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.passages)
        split.setChildrenCollapsible(False)
        split.setSizes([330, 300])
        right = QVBoxLayout()
        right.addWidget(split, 1)
        right.addWidget(self.status)
        row = QHBoxLayout()
        row.addLayout(left, 0)
        row.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.resize(1100, 760)

    def _say(self, message: str) -> None:
        self.status.setText(reads_left_to_right(message))

    def compute(self) -> RunDialog | None:
        """Count with the options chosen; a choice that cannot work is said under the table."""
        if self.run is not None:
            return None
        try:
            options = self.form.options()
        except InputError as exc:
            self._say(str(exc))
            return None
        from qcode.team.agreement import measure_agreement

        read = self.workspace.reader()

        def work(progress: Progress) -> AgreementTable:
            return read(lambda s: measure_agreement(s, options, progress))

        self.run = start_run(self, "Measuring agreement…", work, succeeded=self.show_table,
                             failed=self._say, cancelled=lambda: self._say("Cancelled."),
                             settled=self._settled)
        return self.run

    def _settled(self) -> None:
        self.run = None

    def show_table(self, table: AgreementTable) -> None:
        self.table = table
        self._drop_listing()
        self.model.set_table(table)
        self.passages.clear()
        self._fit_columns()
        self.export_button.setEnabled(True)
        self._say(_describe(table.options, table.sides))

    def _fit_columns(self) -> None:
        """Figures as wide as their text; the code column as wide as its longest path, within
        CODE_WIDTH (a long path is elided, read whole in its tooltip)."""
        self.view.resizeColumnsToContents()
        low, high = CODE_WIDTH
        self.view.setColumnWidth(0, min(max(self.view.columnWidth(0), low), high))

    def export(self, out: Path | None = None) -> None:
        """Write the table shown (every row, per document too) as CSV or XLSX."""
        if self.table is None or self.exporter.busy:
            return
        if out is None:
            name, chosen = QFileDialog.getSaveFileName(
                self, "Export the agreement table",
                f"{self.workspace.project.path.stem} agreement.csv", EXPORT_FILTER)
            if not name:
                return
            out = Path(name)
            if out.suffix.lower() not in (".csv", ".xlsx"):
                out = with_suffix(out, ".xlsx" if "xlsx" in chosen else ".csv")
        from qcode.export.agreement_files import write_agreement_csv, write_agreement_xlsx

        writer = write_agreement_xlsx if out.suffix.lower() == ".xlsx" else write_agreement_csv
        self.exporter.start(writer, self.table, out, Source.of(self.workspace.project))

    # -- the passages of a row -------------------------------------------------------------------

    def list_row(self, row: int) -> BackgroundTask | None:
        """List the passages of the table's row ``row`` under the table, read on a worker
        thread; None when there is nothing to read (no such row, more than two sides)."""
        if self.table is None or not 0 <= row < len(self.model.rows):
            return None
        chosen = self.model.rows[row]
        name = chosen.code or ALL_CODES
        self._drop_listing()
        if len(self.table.sides) != 2:
            self.passages.clear(TWO_SIDES_ONLY)
            return None
        options = self.table.options
        read = self.workspace.reader()

        def work(progress: Progress) -> Disagreements:
            from qcode.team.disagreements import find_disagreements

            return read(lambda s: find_disagreements(s, options, code=chosen.code,
                                                     progress=progress))

        task = BackgroundTask(work, self)
        coded = _coded(chosen)
        task.succeeded.connect(lambda found: task is self.listing and self._listed(
            name, found, coded))
        task.failed.connect(lambda message: task is self.listing and self.passages.clear(
            reads_left_to_right(message)))
        self.listing = task
        self.passages.clear(f"{name}: reading the passages coded by one side only…")
        task.start()
        return task

    def _listed(self, name: str, found: Disagreements, coded: bool) -> None:
        self._drop_listing()
        self.passages.show_found(summary(found, name, coded=coded), found)

    def _drop_listing(self) -> None:
        """Forget the listing in progress (its result no longer shown); its thread is kept
        until it has ended."""
        task, self.listing = self.listing, None
        for old in [t for t in self._retired if t.isFinished()]:
            self._retired.remove(old)
            old.deleteLater()
        if task is not None:
            task.cancel()
            self._retired.append(task)

    def show_passage(self, passage: Passage) -> None:
        """The passage selected in the main window's viewer."""
        self.workspace.show_span(passage.document_id, passage.start, passage.end)

    def stop(self) -> None:
        """The project is closing: no counting, reading or writing may outlive it."""
        run, self.run = self.run, None
        if run is not None:
            run.stop()
        self._drop_listing()
        for task in self._retired:
            task.abandon()
        self._retired.clear()
        self.exporter.dispose()

    def done(self, result: int) -> None:
        self.stop()
        super().done(result)


def _describe(options: AgreementOptions, sides: tuple[str, ...]) -> str:
    scope = ", only units either coder coded" if options.coded_only else ""
    overlap = f" (overlap ≥ {options.overlap:g} %)" if options.unit == "segment" else ""
    who = isolated(list(sides), " vs ")
    docs = f"the {len(options.documents)} documents chosen" if options.documents else \
        "all documents"
    return (f"{options.unit.capitalize()} agreement{overlap}: {who}{scope}. "
            f"Each code over {docs}; Export… writes every document's row too.")


def _coded(row: Row) -> bool:
    """True unless neither side coded anything in the row (then nothing is "agreed")."""
    agreed = row.agree if isinstance(row, SegmentRow) else (row.both or 0)
    return bool(agreed or row.a_only or row.b_only)

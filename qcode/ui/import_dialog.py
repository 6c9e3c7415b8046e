"""Import transcripts: choose files or a folder (and an attributes CSV), read, then add.

Reading runs on a worker thread (:func:`qcode.importers.read_documents`) with a progress bar and
Cancel; a file that cannot be read is listed with its reason while the others go on. The readable
documents are then added on the GUI thread in one transaction
(:func:`qcode.ops.importing.import_into`), which is one undo step.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.importers import SUPPORTED_SUFFIXES, ReadBatch, read_documents
from qcode.ops.importing import ImportSummary, import_into
from qcode.progress import Progress
from qcode.ui.worker import BackgroundTask
from qcode.ui.workspace import Workspace

FILE_FILTER = (f"Transcripts ({' '.join('*' + s for s in SUPPORTED_SUFFIXES)});;"
               "All files (*)")


class ImportDialog(QDialog):
    """Non-modal in tests, window-modal in the app. ``imported(summary)`` after a write."""

    imported = Signal(object)  # ImportSummary

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle("Import documents")
        self.setObjectName("importDialog")
        self.setAcceptDrops(True)
        self.paths: list[Path] = []
        self.summary: ImportSummary | None = None
        self.task: BackgroundTask | None = None
        self._build()
        self._update_buttons()
        self.resize(640, 520)

    # -- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.source_list = QListWidget()
        self.source_list.setObjectName("importSources")
        add_files = QPushButton("Add files…")
        add_files.clicked.connect(self._choose_files)
        add_folder = QPushButton("Add folder…")
        add_folder.clicked.connect(self._choose_folder)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self._remove_selected)
        self.csv_edit = QLineEdit()
        self.csv_edit.setReadOnly(True)
        self.csv_edit.setPlaceholderText("Optional: a CSV with one row per document")
        csv_button = QPushButton("Choose…")
        csv_button.clicked.connect(self._choose_csv)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel("Add transcripts, or drop files and folders here.")
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.failures = QTreeWidget()
        self.failures.setObjectName("importFailures")
        self.failures.setHeaderLabels(["File", "Why it was not imported"])
        self.failures.setRootIsDecorated(False)
        self.failures.setVisible(False)
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Close")
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self._inputs: list[QWidget] = [add_files, add_folder, self.remove_button, csv_button,
                                       self.source_list]
        self._arrange(add_files, add_folder, csv_button)

    def _arrange(self, add_files: QPushButton, add_folder: QPushButton,
                 csv_button: QPushButton) -> None:
        sources = QGroupBox("Transcripts")
        row = QHBoxLayout()
        for button in (add_files, add_folder, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        box = QVBoxLayout(sources)
        box.addWidget(self.source_list)
        box.addLayout(row)
        attributes = QGroupBox("Document attributes (optional)")
        csv_row = QHBoxLayout(attributes)
        csv_row.addWidget(self.csv_edit, 1)
        csv_row.addWidget(csv_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(sources, 2)
        layout.addWidget(attributes)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.failures, 1)
        layout.addLayout(buttons)

    # -- choosing ------------------------------------------------------------------------------

    def add_paths(self, paths: Iterable[str | Path]) -> None:
        for path in map(Path, paths):
            if path not in self.paths:
                self.paths.append(path)
                self.source_list.addItem(f"{path.name}{'/' if path.is_dir() else ''}  —  "
                                         f"{path.parent}")
        self._update_buttons()

    def set_attributes_csv(self, path: str | Path | None) -> None:
        self.csv_edit.setText(str(path) if path else "")
        self._update_buttons()

    @property
    def attributes_csv(self) -> Path | None:
        text = self.csv_edit.text().strip()
        return Path(text) if text else None

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Choose transcripts", "", FILE_FILTER)
        self.add_paths(files)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose a folder of transcripts")
        if folder:
            self.add_paths([folder])

    def _choose_csv(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose an attributes table", "",
                                              "CSV tables (*.csv *.tsv *.txt);;All files (*)")
        if name:
            self.set_attributes_csv(name)

    def _remove_selected(self) -> None:
        for row in sorted((i.row() for i in self.source_list.selectedIndexes()), reverse=True):
            self.source_list.takeItem(row)
            del self.paths[row]
        self._update_buttons()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.task is None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.add_paths(url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile())

    # -- running -------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.task is not None

    def _update_buttons(self) -> None:
        busy = self.running
        self.import_button.setEnabled(not busy and bool(self.paths or self.attributes_csv)
                                      and not self.workspace.project.readonly)
        self.cancel_button.setText("Cancel" if busy else "Close")
        for widget in self._inputs:
            widget.setEnabled(not busy)

    def start(self) -> None:
        """Read the chosen files on a worker thread; then write (see :meth:`_write`)."""
        if self.running or not (self.paths or self.attributes_csv):
            return
        paths = list(self.paths)

        def read(progress: Progress) -> ReadBatch:
            return read_documents(paths, progress=progress)

        self.summary = None
        self.failures.clear()
        self.failures.setVisible(False)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.status.setText("Reading…")
        self.task = BackgroundTask(read, self)
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(self._write)
        self.task.cancelled.connect(lambda: self._finish("Import cancelled; nothing was added."))
        self.task.failed.connect(lambda message: self._finish(f"Nothing was imported: {message}"))
        self._update_buttons()
        self.task.start()

    def cancel(self) -> None:
        if self.task is not None:
            self.status.setText("Cancelling…")
            self.task.cancel()

    def _cancel_or_close(self) -> None:
        if self.running:
            self.cancel()
        else:
            self.reject()

    def _progressed(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if label and self.task is not None and not self.task.cancel_requested:
            self.status.setText(f"Reading {label} ({done + 1} of {total})…")

    def _finish(self, message: str) -> None:
        if self.task is not None:
            self.task.wait()
            self.task.deleteLater()
        self.task = None
        self.progress.setVisible(False)
        self.status.setText(message)
        self._update_buttons()

    def _write(self, batch: ReadBatch) -> None:
        """Add what was read, in one transaction on the GUI thread; list the failures."""
        if self.task is None:  # the dialog was closed meanwhile
            return
        self._show_failures([*batch.failures, *((p, f"{r}; skipped") for p, r in batch.skipped)])
        if not batch.documents and self.attributes_csv is None:
            self._finish("No document could be imported." if batch.failures
                         else "No transcripts were found in what you chose.")
            return
        try:
            summary = import_into(self.workspace.project, batch,
                                  attributes_csv=self.attributes_csv)
        except QcodeError as exc:
            self._finish(f"Nothing was imported: {exc}")
            return
        self.summary = summary
        self.workspace.record(summary.changes)
        notes = "".join(f"\n{m}" for m in summary.messages)
        self._finish(f"Done: {summary.line()}.{notes}")
        self.paths.clear()
        self.source_list.clear()
        self._update_buttons()
        self.imported.emit(summary)

    def _show_failures(self, failures: list[tuple[Path, str]]) -> None:
        for path, reason in failures:
            item = QTreeWidgetItem([path.name, reason])
            item.setToolTip(0, str(path))
            item.setToolTip(1, reason)
            self.failures.addTopLevelItem(item)
        self.failures.setVisible(bool(failures))
        self.failures.resizeColumnToContents(0)

    def failure_rows(self) -> list[tuple[str, str]]:
        return [(self.failures.topLevelItem(i).text(0), self.failures.topLevelItem(i).text(1))
                for i in range(self.failures.topLevelItemCount())]

    def done(self, result: int) -> None:
        """Closing while reading cancels the reading first."""
        if self.task is not None:
            self.task.abandon()
            self._finish("Import cancelled; nothing was added.")
        super().done(result)


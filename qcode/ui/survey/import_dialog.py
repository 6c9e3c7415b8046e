"""File → Import survey…: choose a CSV or XLSX file (and a sheet), see its first rows, mark
each column id / open / closed, then import.

The whole file is read on a worker thread (:func:`~qcode.importers.survey_table.read_survey_table`,
with progress and Cancel), so the proposed roles look at every answer, not only the preview's.
"Import" hands the :class:`~qcode.ops.survey.SurveyPlan` to :attr:`SurveyImportDialog.plan_chosen`;
the import itself runs elsewhere (:mod:`qcode.ui.survey.menu`). A file that cannot be read is
said in one line under the preview, and another can be chosen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qcode.errors import QcodeError
from qcode.importers.survey_columns import Role, propose_id_column, propose_roles
from qcode.importers.survey_table import SurveyTable, read_survey_table, sheet_names
from qcode.ops.survey import SurveyPlan
from qcode.progress import Progress
from qcode.ui.errors import reads_left_to_right
from qcode.ui.survey.preview import PREVIEW_ROWS, RolesPreview
from qcode.ui.worker import BackgroundTask
from qcode.wording import plural

FILE_FILTER = "Survey tables (*.csv *.xlsx);;All files (*)"
CHOOSE_HINT = "Choose a survey: a CSV or XLSX file with one row per respondent."


def _proposed_roles(table: SurveyTable) -> dict[str, Role]:
    """The roles to start from: the first column of unique answers as the id (none when no
    column has them: the user chooses), long free text open, the rest closed."""
    id_column = propose_id_column(table)
    roles = propose_roles(table, id_column or table.header[0])
    if id_column is None:
        roles[table.header[0]] = "closed"
    return roles


class SurveyImportDialog(QDialog):
    """``set_file(path)`` (or Choose…) reads the file; ``plan_chosen(plan)`` on Import."""

    plan_chosen = Signal(object)  # SurveyPlan
    #: the file was read and its preview is shown (tests wait for it)
    table_shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyImportDialog")
        self.setWindowTitle("Import survey")
        self.path: Path | None = None
        self.table: SurveyTable | None = None
        self.proposed: dict[str, Role] = {}
        self.task: BackgroundTask | None = None
        self._build()
        self._update_buttons()
        self.resize(860, 560)

    def _build(self) -> None:
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("A .csv or .xlsx file")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_file)
        self.sheet_label = QLabel("Sheet")
        self.sheet = QComboBox()
        self.sheet.setObjectName("surveySheet")
        self.sheet.currentIndexChanged.connect(lambda _i: self._read())
        self.preview = RolesPreview()
        self.preview.roles_changed.connect(self._update_status)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel(CHOOSE_HINT)
        self.status.setObjectName("surveyStatus")
        self.status.setWordWrap(True)
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.accept_plan)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self._cancel_or_close)
        self._inputs: list[QWidget] = [choose, self.sheet, self.preview]
        top = QHBoxLayout()
        top.addWidget(QLabel("File"))
        top.addWidget(self.file_edit, 1)
        top.addWidget(choose)
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._show_sheets([])

    # -- choosing ------------------------------------------------------------------------------

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose a survey", "", FILE_FILTER)
        if name:
            self.set_file(Path(name))

    def set_file(self, path: str | Path) -> None:
        """Read ``path`` (its first sheet, for an XLSX file) and preview it."""
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        self.table = None
        sheets: list[str] = []
        if self.path.suffix.lower() == ".xlsx":
            try:
                sheets = sheet_names(self.path)
            except QcodeError as exc:
                self._show_sheets([])
                self._failed(str(exc))
                return
        self._show_sheets(sheets)
        self._read()

    def _show_sheets(self, names: list[str]) -> None:
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(names)
        self.sheet.blockSignals(False)
        several = len(names) > 1
        self.sheet.setVisible(several)
        self.sheet_label.setVisible(several)

    def set_sheet(self, name: str) -> None:
        self.sheet.setCurrentIndex(self.sheet.findText(name))

    # -- reading -------------------------------------------------------------------------------

    @property
    def reading(self) -> bool:
        return self.task is not None

    def _read(self) -> None:
        if self.path is None:
            return
        if self.task is not None:
            self.task.abandon()
            self._end_task()
        path, sheet = self.path, self.sheet.currentText() or None

        def read(progress: Progress) -> tuple[SurveyTable, dict[str, Role]]:
            table = read_survey_table(path, sheet=sheet, progress=progress)
            return table, _proposed_roles(table)  # every answer looked at: off the GUI thread

        self.table = None
        self.preview.clear_table()
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.status.setText(f"Reading {path.name}…")
        task = BackgroundTask(read, self)
        task.progressed.connect(self._progressed)
        task.succeeded.connect(self._read_done)
        task.failed.connect(self._failed)
        task.cancelled.connect(lambda: self._failed("reading was cancelled"))
        self.task = task
        self._update_buttons()
        task.start()

    def _progressed(self, done: int, total: int, _label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _end_task(self) -> None:
        task, self.task = self.task, None
        if task is not None:
            task.wait()
            task.deleteLater()
        self.progress.setVisible(False)
        self._update_buttons()

    def _failed(self, message: str) -> None:
        self._end_task()
        self.table = None
        self.status.setText(reads_left_to_right(f"Cannot import this file: {message}"))
        self._update_buttons()

    def _read_done(self, outcome: tuple[SurveyTable, dict[str, Role]]) -> None:
        self._end_task()
        self.table, self.proposed = outcome
        self.preview.show_table(self.table, self.proposed)
        self._update_status()
        self.table_shown.emit()

    # -- the plan ------------------------------------------------------------------------------

    def _update_status(self) -> None:
        table = self.table
        if table is None:
            return
        roles = self.preview.roles()
        counts = {role: sum(1 for r in roles.values() if r == role) for role in ("open",
                                                                                 "closed")}
        shown = min(len(table.rows), PREVIEW_ROWS)
        lines = [f"{plural(len(table.rows), 'respondent')}, {plural(len(table.header), 'column')}"
                 f" ({counts['open']} open, {counts['closed']} closed); the first {shown} "
                 "shown. Open columns (long free text is proposed) become each respondent's "
                 "text, closed ones attributes."]
        id_column = self.preview.id_column()
        if id_column is None:
            lines.append("Choose the id column: the one that names each respondent (unique, "
                         "never empty).")
        else:
            lines.append(f"Each respondent's document is named by its {id_column!r}.")
        self.status.setText(reads_left_to_right(" ".join(lines)))
        self._update_buttons()

    def plan(self) -> SurveyPlan | None:
        """The plan as the columns are marked now (None before a file is read or without an
        id column). Roles left as proposed are reported as proposed."""
        if self.table is None:
            return None
        roles = self.preview.roles()
        id_column = next((c for c, r in roles.items() if r == "id"), None)
        if id_column is None:
            return None
        proposed = frozenset(c for c, r in roles.items()
                             if c != id_column and self.proposed.get(c) == r)
        return SurveyPlan(self.table, id_column, roles, proposed=proposed)

    def accept_plan(self) -> None:
        plan = self.plan()
        if plan is None:
            return
        self.accept()
        self.plan_chosen.emit(plan)

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(not self.reading and self.table is not None
                                      and self.preview.id_column() is not None)
        self.close_button.setText("Cancel" if self.reading else "Close")

    def _cancel_or_close(self) -> None:
        if self.task is not None:
            self.status.setText("Cancelling…")
            self.task.cancel()
        else:
            self.reject()

    def done(self, result: int) -> None:
        """Closing while reading stops the reading first."""
        if self.task is not None:
            self.task.abandon()
            self._end_task()
        super().done(result)

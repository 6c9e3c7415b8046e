"""The attribute-by-code table in the app: for each code, the documents with and without it
and how a chosen attribute (years of service, a Likert item) is spread in each group.

Counted off the GUI thread as the theme matrix is (:class:`~qcode.ui.analysis.compute.Recomputer`
over :func:`~qcode.analysis.attributes_by_code.build_attributes_by_code`), again when the
options or the project change; exported to CSV or XLSX with the manifest the command line
writes (``qcode export attributes-by-code``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcode.analysis.attributes_by_code import (
    AttributesByCode,
    AttributesByCodeOptions,
    build_attributes_by_code,
)
from qcode.analysis.options import Filters
from qcode.browse.documents import AttributeColumn, attribute_columns
from qcode.browse.matrix_cells import analysis_choices
from qcode.changes import Changes
from qcode.errors import QcodeError
from qcode.export.attributes_by_code import (
    write_attributes_by_code_csv,
    write_attributes_by_code_xlsx,
)
from qcode.export.manifest import Source
from qcode.ui.analysis.busy import BusyBar
from qcode.ui.analysis.choosers import CoderChooser, FilterChooser
from qcode.ui.analysis.compute import Recomputer
from qcode.ui.analysis.counted_view import ask_save_path
from qcode.ui.analysis.exporting import Exporter
from qcode.ui.analysis.grid import filters_text
from qcode.ui.analysis.where_edit import WhereEdit
from qcode.ui.errors import show_error
from qcode.ui.survey.attributes_model import AttributesModel
from qcode.ui.workspace import Workspace
from qcode.wording import plural

WRITERS = {".csv": write_attributes_by_code_csv, ".xlsx": write_attributes_by_code_xlsx}
CHANGE_DELAY_MS = 400
NO_ATTRIBUTES = ("The project has no attributes yet: import a survey (File → Import survey…) "
                 "or an attributes table to compare groups.")


def _build(session: object, options: AttributesByCodeOptions, progress: object
           ) -> AttributesByCode:
    return build_attributes_by_code(session, options, progress)  # type: ignore[arg-type]


class AttributesByCodeDialog(QDialog):
    """``result_shown(table)`` once a table is on screen; ``exported(manifest)`` after a
    file was written."""

    result_shown = Signal(object)
    exported = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *,
                 filters: Filters = Filters(), rollup: bool = False) -> None:  # noqa: B008
        super().__init__(parent)
        self.setObjectName("attributesByCode")
        self.setWindowTitle("Attribute by code")
        self.workspace = workspace
        self.result: AttributesByCode | None = None
        self.attributes: tuple[AttributeColumn, ...] = ()
        self.computer = Recomputer(workspace.reader(), _build, self)
        self.exporter = Exporter(self)
        self._build_widgets(rollup)
        self._layout()
        self._connect()
        self.refresh_choices()
        self.coders.set_coders(filters.coders)
        self.filters.set_where(filters.where)
        self.where_edit.set_conditions([f"{n}{op}{v}" for n, op, v in filters.compare])
        self.resize(900, 520)
        self.recompute()

    def _build_widgets(self, rollup: bool) -> None:
        self.attribute = QComboBox()
        self.attribute.setObjectName("attributeChoice")
        self.attribute.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.attribute.setMinimumContentsLength(16)
        self.attribute.setToolTip("The attribute whose values are compared (a number or a "
                                  "Likert item gets means and medians)")
        self.rollup = QCheckBox("Include sub-codes")
        self.rollup.setChecked(rollup)
        self.coders = CoderChooser()
        self.filters = FilterChooser()
        self.where_edit = WhereEdit()
        self.model = AttributesModel(self)
        self.table = QTableView()
        self.table.setObjectName("attributesTable")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.notice = QLabel()
        self.notice.setObjectName("attributesNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.busy = BusyBar()
        self.export_buttons = {s: QPushButton(f"Export {w}…") for s, w in
                               ((".csv", "CSV"), (".xlsx", "Excel"))}

    def _layout(self) -> None:
        first, second, top = QHBoxLayout(), QHBoxLayout(), QHBoxLayout()
        caption = QLabel("Attribute")
        caption.setBuddy(self.attribute)
        first.addWidget(caption)
        first.addWidget(self.attribute)
        first.addWidget(self.rollup)
        first.addStretch(1)
        for widget in (self.coders, self.filters):
            second.addWidget(widget)
        second.addWidget(self.where_edit, 1)
        top.addWidget(self.caption, 1)
        for suffix, button in self.export_buttons.items():
            button.setToolTip("Save this table with a manifest of the counting rules beside it")
            button.clicked.connect(lambda _checked=False, s=suffix: self.choose_export(s))
            top.addWidget(button)
        layout = QVBoxLayout(self)
        for row in (first, second, top):
            layout.addLayout(row)
        layout.addWidget(self.busy)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)

    def _connect(self) -> None:
        for signal in (self.attribute.currentIndexChanged, self.rollup.toggled,
                       self.coders.changed, self.filters.changed, self.where_edit.changed):
            signal.connect(lambda *_: self.recompute())
        c = self.computer
        c.started.connect(lambda: (self._notify(None), self.busy.start()))
        c.progressed.connect(self.busy.progress)
        c.finished.connect(self.show_result)
        c.failed.connect(lambda message: self._stopped(f"Could not count: {message}"))
        c.cancelled.connect(lambda: self._stopped("Counting was cancelled."))
        self.busy.cancel_requested.connect(c.cancel)
        self.workspace.changed.connect(self._on_changed)
        self.exporter.started.connect(lambda path: self.busy.start(f"Writing {path.name}…",
                                                                   cancellable=False))
        self.exporter.finished.connect(self._written)
        self.exporter.failed.connect(lambda message: (self._end_writing(),
                                                      show_error(self, message)))

    # -- choices and counting ------------------------------------------------------------------

    def refresh_choices(self) -> None:
        """Offer the project's attributes (numbers first: they get means and medians)."""
        columns = self.workspace.read(attribute_columns)
        self.attributes = tuple(sorted(columns, key=lambda a: a.type != "number"))
        current = self.attribute.currentData()
        self.attribute.blockSignals(True)
        self.attribute.clear()
        for column in self.attributes:
            self.attribute.addItem(f"{column.name} ({column.type})", column.name)
        index = self.attribute.findData(current) if current is not None else 0
        self.attribute.setCurrentIndex(max(index, 0))
        self.attribute.blockSignals(False)
        choices = self.workspace.read(analysis_choices)
        self.coders.set_choices(choices.coders)
        self.filters.set_choices(choices)

    def set_attribute(self, name: str) -> None:
        self.attribute.setCurrentIndex(self.attribute.findData(name))

    def options(self) -> AttributesByCodeOptions:
        return AttributesByCodeOptions(
            attribute=self.attribute.currentData() or "", rollup=self.rollup.isChecked(),
            filters=Filters(coders=self.coders.coders(),
                            where=(*self.filters.where(), *self.where_edit.conditions())))

    def recompute(self, delay_ms: int = 0) -> None:
        if not self.attributes:
            self.computer.cancel()
            self._show(None, NO_ATTRIBUTES)
            return
        try:
            options = self.options()
        except QcodeError as exc:
            self._notify(str(exc))
            return
        self.computer.request(options, delay_ms)
        self._set_exportable(False)

    def show_result(self, result: AttributesByCode) -> None:
        if not self.exporter.busy:
            self.busy.stop()
        self._show(result, self.describe(result))
        self.result_shown.emit(result)

    def _show(self, result: AttributesByCode | None, caption: str) -> None:
        self.result = result
        self.model.set_table(result)
        self.caption.setText(caption)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(max(self.table.columnWidth(0), 160), 320))
        self._set_exportable(result is not None)

    @staticmethod
    def describe(result: AttributesByCode) -> str:
        o = result.options
        if not result.rows:
            return "The codebook has no codes yet: create codes and code passages first."
        if not result.documents:
            return (f"No document has a value for {result.attribute}"
                    f"{' under these filters' if o.filters.specs else ''}.")
        figures = ("means and medians of the values" if result.numeric else
                   "value counts (a text or date attribute has no mean)")
        return (f"{result.attribute} by code: {plural(result.documents, 'document')} with a "
                f"value, split into those with a coding of the code and those without; "
                f"{figures}{'; rows include sub-codes' if o.rollup else ''}"
                f"{filters_text(o.filters.coders, o.filters.where, o.filters.compare)}")

    def _stopped(self, message: str) -> None:
        self.busy.stop()
        self._notify(message)
        self._set_exportable(self.result is not None)

    def _notify(self, text: str | None) -> None:
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))

    def _on_changed(self, changes: Changes) -> None:
        if changes.attributes or changes.coders or changes.documents:
            self.refresh_choices()
        if (changes.codings or changes.codes or changes.codebook_tree or changes.documents
                or changes.coders or changes.attributes):
            self.recompute(CHANGE_DELAY_MS)

    # -- export --------------------------------------------------------------------------------

    def _set_exportable(self, ready: bool) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(ready and self.result is not None and not self.exporter.busy)

    def choose_export(self, suffix: str) -> None:
        stem = f"{self.result.attribute}-by-code" if self.result else "attribute-by-code"
        folder = self.workspace.project.path.parent
        path = ask_save_path(self, "Export", folder / (stem + suffix), suffix)
        if path is not None:
            self.export_to(path)

    def export_to(self, path: str | Path) -> bool:
        """Write the table on screen to ``path`` (.csv or .xlsx) with its manifest, off the
        GUI thread; False, after saying why, when it cannot start."""
        path = Path(path)
        writer = WRITERS.get(path.suffix.lower())
        if self.result is None or writer is None or self.exporter.busy:
            why = ("to " + (path.suffix or "a file without suffix") + " (use .csv or .xlsx)"
                   if writer is None else "before the table is counted" if self.result is None
                   else "while another file is being written")
            show_error(self, f"{path.name}: cannot export {why}")
            return False
        extra = {"bom": True} if path.suffix.lower() == ".csv" else {}  # Excel reads Arabic
        self._set_exportable(False)
        self.exporter.start(writer, self.result, path, Source.of(self.workspace.project),
                            **extra)
        return True

    def _written(self, path: Path, manifest: Path) -> None:
        self._end_writing()
        self.workspace.message.emit(f"Wrote {path.name} (counting rules in {manifest.name})")
        self.exported.emit(manifest)

    def _end_writing(self) -> None:
        if not self.computer.busy:
            self.busy.stop()
        self._set_exportable(True)

    def dispose(self) -> None:
        """Stop counting and writing (the project is closing)."""
        self.computer.dispose()
        self.exporter.dispose()

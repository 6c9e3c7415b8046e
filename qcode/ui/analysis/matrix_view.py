"""The theme matrix view: codes by documents, attribute values or speakers, heat-shaded, with
the codings behind any cell one click away."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QPushButton, QWidget

from qcode.analysis.matrix import build_matrix
from qcode.analysis.options import Filters
from qcode.analysis.results import Matrix
from qcode.browse.matrix_cells import MatrixCell, matrix_cell_segments
from qcode.errors import QcodeError
from qcode.export.matrix_csv import write_matrix_csv
from qcode.export.xlsx import write_matrix_xlsx
from qcode.ui.analysis.base_view import AnalysisView
from qcode.ui.analysis.grid import HeatGrid, filters_text, matrix_grid
from qcode.ui.analysis.matrix_options import MatrixOptionsBar
from qcode.ui.workspace import Workspace
from qcode.wording import plural

if TYPE_CHECKING:
    from qcode.ui.survey.attributes_dialog import AttributesByCodeDialog

LIST_LIMIT = 2000  # codings listed for one cell; the heading still counts them all

MEASURE_WORDS = {"segments": "Codings", "documents": "Documents with a coding",
                 "characters": "Coded characters", "words": "Coded words",
                 "coverage": "Coverage (% of the column's characters)"}
PERCENT_WORDS = {"row": ", as % of the row total", "column": ", as % of the column total"}


class MatrixView(AnalysisView):
    writers = {".csv": write_matrix_csv, ".xlsx": write_matrix_xlsx}
    file_stem = "theme-matrix"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self.attributes_dialog: AttributesByCodeDialog | None = None
        super().__init__(workspace, MatrixOptionsBar(), build_matrix, parent)
        self.setObjectName("qcodeThemeMatrix")

    def tool_buttons(self) -> list[QWidget]:
        button = QPushButton("Attribute by code…")
        button.setToolTip("For each code, the documents with and without it and the mean, "
                          "median and spread of a number or Likert attribute in each group")
        button.clicked.connect(lambda _checked=False: self.show_attributes_by_code())
        return [button]

    def show_attributes_by_code(self) -> AttributesByCodeDialog:
        """Open the attribute-by-code table (one per view), with the matrix's roll-up and
        filters to start from."""
        from qcode.ui.survey.attributes_dialog import AttributesByCodeDialog

        if self.attributes_dialog is None:
            try:
                options = self.options_bar.options()
                filters, rollup = options.filters, options.rollup
            except QcodeError:
                filters, rollup = Filters(), False
            self.attributes_dialog = AttributesByCodeDialog(self.workspace, self,
                                                            filters=filters, rollup=rollup)
        self.attributes_dialog.show()
        self.attributes_dialog.raise_()
        return self.attributes_dialog

    def dispose(self) -> None:
        if self.attributes_dialog is not None:
            self.attributes_dialog.dispose()
            self.attributes_dialog.close()
        super().dispose()

    def grid_of(self, result: Matrix) -> HeatGrid:
        return matrix_grid(result)

    def keys_of(self, result: Matrix) -> tuple[list[object], list[object]]:
        return [r.code_id for r in result.rows], [c.key for c in result.columns]

    def describe(self, result: Matrix) -> str:
        o = result.options
        if not result.rows:
            return "The codebook has no codes yet: create codes and code passages to fill " \
                   "the matrix."
        if not result.columns:
            return f"No {result.column_heading.lower()} columns: no document matches."
        what = (f"{MEASURE_WORDS[o.measure]}{PERCENT_WORDS.get(o.percent or '', '')} by "
                f"{result.column_heading}")
        return (f"{what}: {plural(len(result.rows), 'code')} × "
                f"{plural(len(result.columns), 'column')}"
                f"{'; rows include sub-codes' if o.rollup else ''}"
                f"{filters_text(o.filters.coders, o.filters.where, o.filters.compare)}")

    def list_cell(self, row: int | None, column: int | None) -> None:
        result: Matrix = self.result
        code = result.rows[row] if row is not None else None
        label = result.columns[column] if column is not None else None
        cell = MatrixCell(code.code_id if code is not None else None,
                          label.key if label is not None else None, all_columns=label is None)
        options = result.options
        listing = self.workspace.read(
            lambda s: matrix_cell_segments(s, options, cell, limit=LIST_LIMIT))
        what = "All codes" if code is None else code.path + (
            " (with sub-codes)" if options.rollup else "")
        where = ("all columns" if label is None
                 else f"{result.column_heading} {label.label}")
        shown = "" if listing.complete else \
            f"; the first {len(listing.segments):,} are listed"
        self.cells.show_segments(
            f"{what} — {where}: {plural(listing.codings, 'coding')} in "
            f"{plural(listing.documents, 'document')}{shown}", listing.segments)

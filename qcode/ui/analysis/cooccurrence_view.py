"""The code co-occurrence view: code by code, how often codings of the two codes meet
(overlap, share a speaker turn, or lie within N characters); a cell lists the pairs."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from qcode.analysis.cooccurrence import build_cooccurrence
from qcode.analysis.results import CooccurrenceMatrix
from qcode.browse.matrix_cells import cooccurrence_cell_segments
from qcode.export.matrix_csv import write_cooccurrence_csv
from qcode.export.xlsx import write_cooccurrence_xlsx
from qcode.ui.analysis.base_view import AnalysisView
from qcode.ui.analysis.cooccurrence_options import CooccurrenceOptionsBar
from qcode.ui.analysis.grid import HeatGrid, cooccurrence_grid, filters_text
from qcode.ui.workspace import Workspace
from qcode.wording import plural

MODE_WORDS = {"overlap": "that overlap", "turn": "in the same speaker turn"}
MEASURE_WORDS = {"segments": "Pairs of codings", "documents": "Documents with a pair of codings"}


def mode_text(mode: str, distance: int) -> str:
    return MODE_WORDS.get(mode, f"at most {distance} characters apart")


class CooccurrenceView(AnalysisView):
    writers = {".csv": write_cooccurrence_csv, ".xlsx": write_cooccurrence_xlsx}
    file_stem = "code-cooccurrence"
    upright_columns = True

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, CooccurrenceOptionsBar(), build_cooccurrence, parent)
        self.setObjectName("qcodeCooccurrence")
        self.model.click_hint = "Click to list the pairs of codings behind this cell"

    def grid_of(self, result: CooccurrenceMatrix) -> HeatGrid:
        return cooccurrence_grid(result)

    def keys_of(self, result: CooccurrenceMatrix) -> tuple[list[object], list[object]]:
        keys: list[object] = [c.code_id for c in result.codes]
        return keys, list(keys)

    def describe(self, result: CooccurrenceMatrix) -> str:
        o = result.options
        if len(result.codes) < 2:
            return "Co-occurrence needs at least two codes in the codebook."
        return (f"{MEASURE_WORDS[o.measure]} {mode_text(o.mode, o.distance)}: "
                f"{plural(len(result.codes), 'code')}"
                f"{filters_text(o.filters.coders, o.filters.where)}")

    def list_cell(self, row: int | None, column: int | None) -> None:
        result: CooccurrenceMatrix = self.result
        if row is None or column is None:
            return
        a, b = result.codes[row], result.codes[column]
        if a.code_id == b.code_id:
            self.cells.clear(f"{a.path}: a code is not paired with itself (the diagonal is "
                             "empty).")
            return
        options = result.options
        found = self.workspace.read(
            lambda s: cooccurrence_cell_segments(s, options, a.code_id, b.code_id))
        self.cells.show_segments(
            f"{a.path} and {b.path}, {mode_text(options.mode, options.distance)}: "
            f"{plural(len(found.pairs), 'pair')} of codings in "
            f"{plural(found.documents, 'document')} ({plural(len(found.segments), 'coding')} "
            "listed)", found.segments)

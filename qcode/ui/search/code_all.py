"""Code all results…: one code on every hit, or on the sentence, paragraph or speaker turn
holding it, after a preview of how many codings that makes.

The preview is a dry run (:func:`qcode.ops.autocode.plan_autocode`) over *every* hit, not only
the listed ones, on a worker thread; it is counted again when the code, the unit or the project
changes. The coding itself (:mod:`qcode.ui.search.coding_run`) is one op: one undo step, whose
coder is the current one and whose codings' memo records the query.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.models import Code, Coder
from qcode.ops.autocode import AutocodePlan, autocode_memo, plan_autocode
from qcode.progress import Progress
from qcode.queries import code_paths
from qcode.search.query import SearchQuery
from qcode.search.units import UnitSpans, spans_for
from qcode.ui.analysis.compute import Recomputer
from qcode.ui.code_picker import CodePicker
from qcode.ui.search.coding_run import CodingJob
from qcode.ui.swatches import SIZE as SWATCH
from qcode.ui.swatches import swatch_icon
from qcode.ui.workspace import Workspace
from qcode.wording import plural

UNITS = (("hit", "Each hit"), ("sentence", "The sentence holding each hit"),
         ("paragraph", "The paragraph holding each hit"),
         ("turn", "The speaker turn holding each hit"))


@dataclass(frozen=True)
class Preview:
    """What coding would do: the passages (all of them) and the dry run's plan."""

    request: tuple[SearchQuery, str, int, int]
    units: UnitSpans
    plan: AutocodePlan


def preview(session: Session, request: tuple[SearchQuery, str, int, int],
            progress: Progress) -> Preview:
    """Runs on a worker thread: every hit, its units, and what coding them would make."""
    query, unit, code_id, coder_id = request
    units = spans_for(session, query, unit, progress=progress)
    plan = plan_autocode(session, spans=units.spans, code_id=code_id, coder_id=coder_id or None)
    return Preview(request, units, plan)


def code_look(session: Session, code_id: int) -> tuple[str, str] | None:
    """(path, colour) of a code, or None when it is gone."""
    colour = session.scalar(select(Code.colour).where(Code.id == code_id))
    return None if colour is None else (code_paths(session)[code_id], colour)


class CodeAllDialog(QDialog):
    """Choose the code and the unit, read the preview count, then confirm: ``confirmed``
    carries the :class:`~qcode.ui.search.coding_run.CodingJob` (coded as one undo step)."""

    confirmed = Signal(object)

    def __init__(self, workspace: Workspace, query: SearchQuery,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Code all results")
        self.workspace = workspace
        self.query = query
        self.code_id: int | None = None
        self.preview: Preview | None = None
        self.code_path = ""
        self._make_widgets()
        self._lay_out()
        self.runner = Recomputer(workspace.reader(), preview, self)
        self.runner.finished.connect(self._previewed)
        self.runner.failed.connect(self._failed)
        self.unit.currentIndexChanged.connect(lambda _i: self.recount())
        self.choose.clicked.connect(self.choose_code)
        self.buttons.accepted.connect(self.code_all)
        self.buttons.rejected.connect(self.reject)
        workspace.changed.connect(self._project_changed)
        selected = workspace.selected_code_ids
        self.set_code(selected[0] if selected else None)

    def _make_widgets(self) -> None:
        coder = self.workspace.read(lambda s: s.scalar(
            select(Coder.name).where(Coder.id == self.workspace.coder_id)))
        by = f", coded by {coder}" if coder else ""
        self.what = QLabel(f"Every result of the {self.query.describe()}{by}.", self)
        self.what.setWordWrap(True)
        self.swatch = QLabel(self)
        self.code_label = QLabel("No code chosen", self)
        self.choose = QPushButton("Choose…", self)
        self.choose.setToolTip("Type part of a code's name (Ctrl+K picker)")
        self.unit = QComboBox(self)
        for key, label in UNITS:
            self.unit.addItem(label, key)
        self.count = QLabel(self)
        self.count.setWordWrap(True)
        self.count.setMinimumHeight(self.fontMetrics().height() * 2 + 4)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _lay_out(self) -> None:
        code_row = QHBoxLayout()
        code_row.addWidget(self.swatch)
        code_row.addWidget(self.code_label, 1)
        code_row.addWidget(self.choose)
        form = QFormLayout()
        form.addRow("Code:", code_row)
        form.addRow("What to code:", self.unit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addLayout(form)
        layout.addWidget(self.count)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    # -- choosing ------------------------------------------------------------------------------

    def unit_value(self) -> str:
        return str(self.unit.currentData())

    def choose_code(self) -> CodePicker:
        picker = CodePicker(self.workspace, self, purpose="choose", title="Code all results with")
        picker.code_chosen.connect(self.set_code)
        picker.open()
        return picker

    def set_code(self, code_id: int | None) -> None:
        code = self.workspace.read(lambda s: code_look(s, code_id)) if code_id else None
        self.code_id = code_id if code is not None else None
        self.swatch.setVisible(code is not None)
        if code is None:
            self.code_label.setText("No code chosen")
        else:
            path, colour = code
            self.code_path = path
            self.swatch.setPixmap(swatch_icon(colour).pixmap(QSize(SWATCH, SWATCH)))
            self.code_label.setText(f"<b>{_escape(path)}</b>")
            self.choose.setText("Change…")
        self.recount()

    # -- the preview ---------------------------------------------------------------------------

    def recount(self) -> None:
        self.preview = None
        self.ok.setEnabled(False)
        self.ok.setText("Code")
        if self.code_id is None:
            self.runner.cancel()
            self.count.setText("Choose a code to see how many codings this makes.")
            return
        self.count.setText("Counting…")
        coder = self.workspace.coder_id
        self.runner.request((self.query, self.unit_value(), self.code_id, coder))

    def _previewed(self, result: Preview) -> None:
        self.preview = result
        self.count.setText(self._summary(result))
        self.ok.setText(f"Code {plural(result.plan.count, 'passage')}")
        self.ok.setEnabled(result.plan.count > 0 and not self.workspace.project.readonly)

    def _summary(self, result: Preview) -> str:
        units, plan = result.units, result.plan
        line = (f"Makes {plural(plan.count, 'coding')} from {plural(units.hits, 'hit')}"
                if plan.count else f"Makes no codings ({plural(units.hits, 'hit')})")
        notes = []
        if plan.skipped:
            notes.append(f"{plural(plan.skipped, 'passage')} already coded so: skipped")
        if units.uncoded:
            notes.append(f"{plural(units.uncoded, 'hit')} in no {self.unit_value()}: left out")
        return line + (" — " + "; ".join(notes) if notes else "") + "."

    def _failed(self, message: str) -> None:
        self.count.setText(message)

    def _project_changed(self, _changes: Changes) -> None:
        if self.isVisible():  # the project moved under the preview: count again
            self.recount()

    # -- coding --------------------------------------------------------------------------------

    def code_all(self) -> None:
        """Hand the previewed passages over to be coded (``confirmed``) and close."""
        result = self.preview
        if result is None or self.code_id is None or not result.plan.count:
            return
        self.confirmed.emit(CodingJob(
            result.units.spans, self.code_id, self.workspace.coder_id,
            autocode_memo(self.query, self.unit_value()), self.code_path, result.plan.count))
        self.accept()

    def done(self, result: int) -> None:
        self.runner.dispose()
        super().done(result)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

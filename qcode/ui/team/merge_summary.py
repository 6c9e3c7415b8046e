"""What a merge did: a table of documents, codes, codings and memos added, matched and in
conflict, then every other line of the report (new coders, conflicts, codings not placed).

"Copy" puts the lines ``qcode merge`` prints on the clipboard.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.team.merge_report import MergeReport
from qcode.ui.bidi import isolated
from qcode.ui.errors import reads_left_to_right

KINDS = ("documents", "codes", "codings", "memos")
COLUMNS = ("Added", "Matched", "In conflict")
NOTHING_ELSE = "Nothing else to report: no conflicts, every coding placed."



def merge_counts(report: MergeReport) -> list[tuple[str, int, int, int]]:
    """(kind, added, matched, in conflict) per kind, as the table shows them."""
    return [(kind.capitalize(), t.added, t.matched, t.conflict)
            for kind in KINDS for t in (getattr(report, kind),)]


class MergeSummaryDialog(QDialog):
    def __init__(self, report: MergeReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamMergeSummary")
        self.setWindowTitle("Merge")
        self.report = report
        headline = QLabel(reads_left_to_right(f"Merged {isolated(report.sources, files=True)}"))
        headline.setWordWrap(True)
        font = headline.font()
        font.setBold(True)
        headline.setFont(font)
        self.counts = self._counts_table(report)
        self.details = QPlainTextEdit()
        self.details.setObjectName("mergeDetails")
        self.details.setReadOnly(True)
        self.details.setPlainText("\n".join(line.strip() for line in report.lines()[1:])
                                  or NOTHING_ELSE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        copy = QPushButton("Copy")
        copy.setToolTip("Copy the report as text")
        copy.clicked.connect(self.copy)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        layout.addWidget(self.counts)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(620, 420)

    def _counts_table(self, report: MergeReport) -> QTableWidget:
        rows = merge_counts(report)
        table = QTableWidget(len(rows), len(COLUMNS))
        table.setObjectName("mergeCounts")
        table.setHorizontalHeaderLabels(list(COLUMNS))
        table.setVerticalHeaderLabels([kind for kind, *_ in rows])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for r, (_kind, *numbers) in enumerate(rows):
            for c, number in enumerate(numbers):
                item = QTableWidgetItem(f"{number:,}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(len(rows)))
        table.setFixedHeight(height)
        return table

    def shown_counts(self) -> dict[str, tuple[int, ...]]:
        """The table as numbers, by kind (the tests read it)."""
        return {self.counts.verticalHeaderItem(r).text(): tuple(
                    int(self.counts.item(r, c).text().replace(",", ""))
                    for c in range(len(COLUMNS)))
                for r in range(self.counts.rowCount())}

    def copy(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(self.report.lines()))

"""What a REFI-QDA import brought in, what it assumed per source and what it skipped and why;
or what an export wrote. One dialog for both kinds of report (:mod:`qcode.exchange.report`).

Every line of the report has a row, so nothing the import left out goes unsaid; "Copy" puts the
report's text (the lines ``qcode import`` prints) on the clipboard, for a colleague or an issue.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.exchange.report import ExportReport, ImportReport
from qcode.ui.errors import reads_left_to_right

Rows = list[tuple[str, str]]

ARRIVED = "Arrived"
WRITTEN = "Written"
ASSUMED = "Positions, as read per source"
RENAMED = "Renamed on the way in"
DIFFERENCES = "Differences not applied"
SKIPPED = "Skipped"
NOTHING_SKIPPED = "Nothing was skipped."
#: a longer list (2,000 sources read as code points) starts folded; what was skipped never does
EXPANDED_UP_TO = 50


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' * (n != 1)}"


def _counts(report: ImportReport | ExportReport) -> Rows:
    counts = ((report.documents, "document"), (report.codes, "code"),
              (report.codings, "coding"), (report.coders, "coder"), (report.memos, "memo"),
              (report.attribute_values, "attribute value"))
    return [(_plural(n, word), "") for n, word in counts if n or word in ("document", "code")]


def report_sections(report: ImportReport | ExportReport) -> dict[str, Rows]:
    """The dialog's sections, in order, each a list of (what, why or how) rows; a section
    with nothing to say is left out, except that an import always says what it skipped."""
    if isinstance(report, ExportReport):
        return {WRITTEN: _counts(report)}
    sections = {
        ARRIVED: _counts(report),
        ASSUMED: [(name, how) for name, how in report.assumptions],
        RENAMED: [(f"{what} '{old}'", f"now '{new}'") for what, old, new in report.renamed],
        DIFFERENCES: [(text, "") for text in report.differences],
        SKIPPED: [(s.what, s.reason) for s in report.skipped] or [(NOTHING_SKIPPED, "")],
    }
    return {title: rows for title, rows in sections.items() if rows}


def _section_title(title: str, rows: Rows) -> str:
    """A list's title with its length ("Skipped (3)"); the counts' title as it is."""
    if title in (ARRIVED, WRITTEN) or rows == [(NOTHING_SKIPPED, "")]:
        return title
    return f"{title} ({len(rows)})"


def report_text(report: ImportReport | ExportReport) -> str:
    lines = report.lines() if isinstance(report, ImportReport) else [report.line()]
    return "\n".join(lines)


class SummaryDialog(QDialog):
    """The report of one import or export, its sections expanded (see EXPANDED_UP_TO)."""

    def __init__(self, report: ImportReport | ExportReport, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exchangeSummary")
        self.setWindowTitle(title)
        self.report = report
        self.headline = QLabel(reads_left_to_right(report.line()))
        self.headline.setObjectName("exchangeHeadline")
        self.headline.setWordWrap(True)
        self.tree = self._tree(report_sections(report))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setFocus()
        copy = QPushButton("Copy")
        copy.setToolTip("Copy the report as text")
        copy.clicked.connect(self.copy)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(720, 460)

    def _tree(self, sections: dict[str, Rows]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName("exchangeSections")
        tree.setHeaderLabels(["What", "Why, or how it was read"])
        tree.setColumnCount(2)
        bold = QFont(tree.font())
        bold.setBold(True)
        for title, rows in sections.items():
            section = QTreeWidgetItem([_section_title(title, rows), ""])
            section.setFont(0, bold)
            for what, why in rows:
                item = QTreeWidgetItem([what, why])
                item.setToolTip(0, what)
                item.setToolTip(1, why)
                section.addChild(item)
            tree.addTopLevelItem(section)
            section.setExpanded(title == SKIPPED or len(rows) <= EXPANDED_UP_TO)
            for j in range(section.childCount()):  # a row without a why: the whole width
                section.child(j).setFirstColumnSpanned(not section.child(j).text(1))
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        tree.resizeColumnToContents(0)
        tree.setColumnWidth(0, min(tree.columnWidth(0), 380))
        return tree

    def sections(self) -> dict[str, Rows]:
        """What the dialog shows, as text (the tests read it)."""
        shown: dict[str, Rows] = {}
        for i in range(self.tree.topLevelItemCount()):
            section = self.tree.topLevelItem(i)
            shown[section.text(0)] = [(section.child(j).text(0), section.child(j).text(1))
                                      for j in range(section.childCount())]
        return shown

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(report_text(self.report))

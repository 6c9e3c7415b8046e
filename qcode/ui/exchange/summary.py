"""What a REFI-QDA import brought in, what it assumed per source and what it skipped and why;
or what an export wrote. One dialog for both kinds of report (:mod:`qcode.exchange.report`).

Every line of the report has a row, so nothing the import left out goes unsaid; "Copy" puts the
report's text (the lines ``qcode import`` prints) on the clipboard, for a colleague or an issue.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.exchange.report import CODEBOOK, ExportReport, ImportReport, counted
from qcode.ui.errors import reads_left_to_right
from qcode.wording import plural

Rows = list[tuple[str, str]]

ARRIVED = "Arrived"
WRITTEN = "Written"
CODES = "Codes"
ASSUMED = "Positions, as read per source"
RENAMED = "Renamed on the way in"
DIFFERENCES = "Differences not applied"
SKIPPED = "Skipped"
NOTHING_SKIPPED = "Nothing was skipped."
#: a longer list (2,000 sources read as code points) starts folded; what was skipped never does
EXPANDED_UP_TO = 50
#: the second column's header, by what the report is of: an export's rows have no second part
PROJECT_HEADER = "Why, or how it was read"
CODEBOOK_HEADER = "Why, or its new name"


def _counts(report: ImportReport | ExportReport) -> Rows:
    return [(plural(n, word), "") for n, word in counted(report)
            if n or word in ("document", "code")]


def _codebook_counts(report: ImportReport) -> Rows:
    return [(f"{plural(report.codes_matched, 'code')} matched (by GUID or path)", ""),
            (f"{plural(report.codes, 'code')} added", "")]


def report_sections(report: ImportReport | ExportReport) -> dict[str, Rows]:
    """The dialog's sections, in order, each a list of (what, why or how) rows; a section
    with nothing to say is left out, except that an import always says what it skipped."""
    if isinstance(report, ExportReport):
        return {WRITTEN: _counts(report)}
    counted = ((CODES, _codebook_counts(report)) if report.kind == CODEBOOK
               else (ARRIVED, _counts(report)))
    sections = {
        counted[0]: counted[1],
        ASSUMED: [(name, how) for name, how in report.assumptions],
        RENAMED: [(f"{what} '{old}'", f"now '{new}'") for what, old, new in report.renamed],
        DIFFERENCES: [(text, "") for text in report.differences],
        SKIPPED: [(s.what, s.reason) for s in report.skipped] or [(NOTHING_SKIPPED, "")],
    }
    return {title: rows for title, rows in sections.items() if rows}


def _section_title(title: str, rows: Rows) -> str:
    """A list's title with its length ("Skipped (3)"); the counts' title as it is."""
    if title in (ARRIVED, WRITTEN, CODES) or rows == [(NOTHING_SKIPPED, "")]:
        return title
    return f"{title} ({len(rows)})"


def report_headers(report: ImportReport | ExportReport) -> list[str]:
    """The tree's column headers: an export's counts need one column, a codebook reads no
    positions."""
    if isinstance(report, ExportReport):
        return ["What was written"]
    return ["What", CODEBOOK_HEADER if report.kind == CODEBOOK else PROJECT_HEADER]


def report_text(report: ImportReport | ExportReport) -> str:
    lines = report.lines() if isinstance(report, ImportReport) else [report.line()]
    return "\n".join(lines)


def _first_column_width(tree: QTreeWidget, sections: dict[str, Rows]) -> int:
    """Room for the longest "what" beside a "why" on one line, up to 380 pixels (the rows
    wrap, so the tree cannot measure its own contents)."""
    metrics = tree.fontMetrics()
    texts = [what for rows in sections.values() for what, why in rows if why]
    widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
    return min(widest + 2 * tree.indentation() + 12, 380)


class _WrapToColumn(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the width it has: the tree asks a row's height
    without a width, which keeps every row one line and cuts a long difference or reason
    off. A row spanning the whole width (a difference, a count) wraps at the view's width."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        if self.tree.isFirstColumnSpanned(index.row(), index.parent()):
            width = self.tree.viewport().width()
        else:
            width = self.tree.columnWidth(index.column())
        if index.column() == 0:
            depth = 1 if index.parent().isValid() else 0
            width -= self.tree.indentation() * (depth + 1)
        option = QStyleOptionViewItem(option)
        option.rect = QRect(option.rect.topLeft(), QSize(max(width, 100), 1))
        return super().sizeHint(option, index)


class _ReportTree(QTreeWidget):
    """The report's rows, wrapped to the width they have: laid out again when it changes."""

    def __init__(self) -> None:
        super().__init__()
        self.setItemDelegate(_WrapToColumn(self))
        self.setWordWrap(True)  # a long difference or reason is read whole, not cut off
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.doItemsLayout()


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
        self.tree = self._tree(report_headers(report), report_sections(report))
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

    def _tree(self, headers: list[str], sections: dict[str, Rows]) -> QTreeWidget:
        tree = _ReportTree()
        tree.setObjectName("exchangeSections")
        tree.setColumnCount(len(headers))
        tree.setHeaderLabels(headers)
        tree.setHeaderHidden(len(headers) == 1)
        bold = QFont(tree.font())
        bold.setBold(True)
        for title, rows in sections.items():
            section = QTreeWidgetItem([_section_title(title, rows)])
            section.setFont(0, bold)
            for what, why in rows:
                item = QTreeWidgetItem([what, why])
                item.setToolTip(0, what)
                item.setToolTip(1, why)
                section.addChild(item)
            tree.addTopLevelItem(section)
            section.setFirstColumnSpanned(True)
            section.setExpanded(title == SKIPPED or len(rows) <= EXPANDED_UP_TO)
            for j in range(section.childCount()):  # a row without a why: the whole width
                section.child(j).setFirstColumnSpanned(not section.child(j).text(1))
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        tree.setColumnWidth(0, _first_column_width(tree, sections))
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

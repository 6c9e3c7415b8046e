"""What a survey import did: respondents added, updated and unchanged, and each column's role
and type (open columns became text, closed ones typed attributes)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcode.importers.normalise import paragraph_direction
from qcode.ops.survey import SurveyColumn, SurveyReport, short_rows_line
from qcode.ops.survey_attributes import SOURCE, SURVEY
from qcode.ui.errors import reads_left_to_right
from qcode.wording import plural

TYPE_WORDS = {"integer": "whole numbers", "number": "numbers", "date": "dates", "text": "text"}
ROLE_WORDS = {"id": "id (document name)", "open": "open: text", "closed": "closed: attribute"}


def headline(report: SurveyReport) -> str:
    """One sentence: what happened to the respondents and the attribute values."""
    parts = [f"{plural(len(report.added), 'respondent')} added",
             f"{len(report.updated):,} updated", f"{len(report.unchanged):,} unchanged"]
    values = f"{plural(report.values_set, 'attribute value')} set"
    if report.values_changed:
        values += f", {report.values_changed:,} changed"
    return f"{report.source}: {', '.join(parts)}; {values}."


def column_lines(report: SurveyReport) -> str:
    columns = report.columns
    opened = sum(1 for c in columns if c.role == "open")
    closed = sum(1 for c in columns if c.role == "closed")
    proposed = any(c.proposed for c in columns)
    return (f"{plural(opened, 'open column')} became the documents' text (one section per "
            f"answer, headed by the question); {plural(closed, 'closed column')} became "
            f"attributes. Every respondent has {SOURCE} = {SURVEY}."
            + (" Roles you left as proposed are marked." if proposed else "")
            + (" Columns already imported kept their roles; only new ones were proposed."
               if any(c.kept for c in columns) else ""))


def _type_text(column: SurveyColumn) -> str:
    if column.role != "closed":
        return ""
    text = TYPE_WORDS.get(column.type, column.type)
    if column.attribute_type and column.attribute_type != ("number" if column.type == "integer"
                                                           else column.type):
        text += f" (kept as the attribute's type: {column.attribute_type})"
    return text


class SurveySummaryDialog(QDialog):
    def __init__(self, report: SurveyReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveySummary")
        self.setWindowTitle("Survey imported")
        self.report = report
        self.headline = QLabel(reads_left_to_right(headline(report)))
        self.headline.setObjectName("surveyHeadline")
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        explained = QLabel(column_lines(report))
        explained.setWordWrap(True)
        self.columns = self._columns_list(report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(explained)
        layout.addWidget(self.columns, 1)
        for line in self._update_lines(report):
            label = QLabel(reads_left_to_right(line))
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addWidget(buttons)
        self.resize(620, 460)

    @staticmethod
    def _columns_list(report: SurveyReport) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName("surveyColumns")
        tree.setRootIsDecorated(False)
        tree.setHeaderLabels(["Column", "Role", "Type"])
        for column in report.columns:
            role = ROLE_WORDS[column.role] + (" (proposed)" if column.proposed else
                                              " (kept from the earlier import)"
                                              if column.kept else "")
            item = QTreeWidgetItem([column.name, role, _type_text(column)])
            item.setToolTip(0, column.name)
            if paragraph_direction(column.name) == "rtl":
                item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
            tree.addTopLevelItem(item)
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tree.header().setStretchLastSection(False)
        tree.resizeColumnToContents(1)
        tree.resizeColumnToContents(2)
        return tree

    @staticmethod
    def _update_lines(report: SurveyReport) -> list[str]:
        lines = [f"Updated {u.document}: codings {u.moved} moved, {u.kept} kept in place, "
                 f"{len(u.unplaced)} could not be placed (listed by qcode codings --unplaced)"
                 for u in report.updated if u.moved or u.unplaced]
        if report.kept_text:
            lines.append(f"{plural(len(report.kept_text), 'respondent')} with no open answer "
                         "in the file kept their text.")
        if report.attributes_added:
            lines.append("New attributes: " + ", ".join(report.attributes_added))
        if report.short_rows:
            text = short_rows_line(report.short_rows)
            lines.append(text[0].upper() + text[1:] + ".")
        return lines

    def rows(self) -> list[tuple[str, str, str]]:
        """The columns list as shown (tests)."""
        return [tuple(self.columns.topLevelItem(i).text(c) for c in range(3))  # type: ignore
                for i in range(self.columns.topLevelItemCount())]

"""The survey import's preview: the first respondents' answers, and above each column a
drop-down with its role (id, open, closed).

The roles start as proposed (:func:`~qcode.importers.survey_columns.propose_roles`, the id
from :func:`~qcode.importers.survey_columns.propose_id_column`); choosing ``id`` for a column
makes the column that was the id closed, as there is one id. Right-to-left answers and column
names are aligned right, so an Arabic answer reads from its start.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QTableWidget, QTableWidgetItem, QWidget

from qcode.importers.normalise import paragraph_direction
from qcode.importers.survey_columns import Role
from qcode.importers.survey_table import SurveyTable

PREVIEW_ROWS = 20
ROLE_WORDS: dict[Role, str] = {"id": "id", "open": "open (text)", "closed": "closed (attribute)"}
ROLE_TIPS: dict[Role, str] = {
    "id": "Names each respondent's document: unique and never empty",
    "open": "Free text: each answer becomes a section of the document, headed by the question",
    "closed": "A value per respondent: becomes a document attribute (numbers stay numbers)",
}
MAX_CELL = 120  # characters of an answer shown in a cell (the tooltip has it whole)
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _alignment(text: str) -> Qt.AlignmentFlag:
    return _RIGHT if paragraph_direction(text) == "rtl" else _LEFT


class RolesPreview(QTableWidget):
    """Row 0: a role drop-down per column; then the first :data:`PREVIEW_ROWS` respondents.
    ``roles_changed`` after the user changes a role."""

    roles_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyPreview")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(False)
        self.header: tuple[str, ...] = ()
        self._combos: list[QComboBox] = []

    def clear_table(self) -> None:
        self.clear()
        self.setRowCount(0)
        self.setColumnCount(0)
        self.header = ()
        self._combos = []

    def show_table(self, table: SurveyTable, roles: Mapping[str, Role]) -> None:
        """Show the first rows of ``table`` with ``roles`` chosen."""
        self.clear()
        self.header = table.header
        rows = table.rows[:PREVIEW_ROWS]
        self.setColumnCount(len(table.header))
        self.setRowCount(len(rows) + 1)
        for column, name in enumerate(table.header):
            item = QTableWidgetItem(name)
            item.setToolTip(name)
            item.setTextAlignment(_alignment(name))
            self.setHorizontalHeaderItem(column, item)
        self.setVerticalHeaderLabels(["Role", *(str(line) for line in table.lines[:len(rows)])])
        self.verticalHeaderItem(0).setToolTip("Each column's role; the numbers below are the "
                                              "rows' line numbers in the file")
        self._combos = [self._role_combo(column, roles.get(name, "closed"))
                        for column, name in enumerate(table.header)]
        for row, cells in enumerate(rows, start=1):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text if len(text) <= MAX_CELL else
                                        text[:MAX_CELL - 1] + "…")
                item.setTextAlignment(_alignment(text))
                if text:
                    item.setToolTip(text)
                self.setItem(row, column, item)
        self.resizeColumnsToContents()
        for column in range(self.columnCount()):
            self.setColumnWidth(column, max(140, min(self.columnWidth(column), 260)))
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        if self._combos:
            self.setRowHeight(0, self._combos[0].sizeHint().height() + 2)

    def _role_combo(self, column: int, role: Role) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"surveyRole{column}")
        for key, text in ROLE_WORDS.items():
            combo.addItem(text, key)
            combo.setItemData(combo.count() - 1, ROLE_TIPS[key], Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(combo.findData(role))
        combo.currentIndexChanged.connect(lambda _i, c=column: self._chosen(c))
        self.setCellWidget(0, column, combo)
        return combo

    def _chosen(self, column: int) -> None:
        if self.role(self.header[column]) == "id":  # one id: the former one becomes closed
            for other, combo in enumerate(self._combos):
                if other != column and combo.currentData() == "id":
                    combo.blockSignals(True)
                    combo.setCurrentIndex(combo.findData("closed"))
                    combo.blockSignals(False)
        self.roles_changed.emit()

    # -- reading and setting -------------------------------------------------------------------

    def role(self, column: str) -> Role:
        return self._combos[self.header.index(column)].currentData()

    def set_role(self, column: str, role: Role) -> None:
        combo = self._combos[self.header.index(column)]
        combo.setCurrentIndex(combo.findData(role))

    def roles(self) -> dict[str, Role]:
        return {name: combo.currentData() for name, combo in zip(self.header, self._combos,
                                                                  strict=True)}

    def id_column(self) -> str | None:
        return next((name for name, role in self.roles().items() if role == "id"), None)

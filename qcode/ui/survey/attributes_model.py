"""The attribute-by-code table as a Qt model: one row per code (indented by depth), the
groups' sizes, means and medians (two decimals, as exported), then the with-group's count of
each value."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from qcode.analysis.attributes_by_code import FIXED_COLUMNS, AttributesByCode

Index = QModelIndex | QPersistentModelIndex
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell as the core gives it (tests compare)
INDENT = "    "
LABELS = ("Code", "With", "Without", "Mean with", "Median with", "Mean without",
          "Median without")
TIPS = ("The code (with roll-up: with the codes below it)",
        "with_n: documents with at least one coding of the code",
        "without_n: the other documents with a value for the attribute",
        "with_mean", "with_median", "without_mean", "without_median")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def format_cell(value: object) -> str:
    """Counts as they are, means and medians to two decimals, nothing for no value."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


class AttributesModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table: AttributesByCode | None = None
        self._records: list[tuple[Any, ...]] = []

    def set_table(self, table: AttributesByCode | None) -> None:
        self.beginResetModel()
        self.table = table
        self._records = table.records() if table is not None else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return len(FIXED_COLUMNS) + len(self.table.values)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.table is None:
            return None
        fixed = section < len(FIXED_COLUMNS)
        if role == Qt.ItemDataRole.DisplayRole:
            return LABELS[section] if fixed else self.table.values[section - len(FIXED_COLUMNS)]
        if role == Qt.ItemDataRole.ToolTipRole:
            if fixed:
                return TIPS[section]
            value = self.table.values[section - len(FIXED_COLUMNS)]
            return f"Documents with the code whose {self.table.attribute} is {value}"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        value = self._records[index.row()][index.column()]
        if role == VALUE_ROLE:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                code = self.table.rows[index.row()].code
                return INDENT * code.depth + code.name
            return format_cell(value)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return self.table.rows[index.row()].code.path
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return _RIGHT
        return None

"""The agreement table as a Qt model: a thin adapter over the pooled rows of an
:class:`~qcode.team.results.AgreementTable` (each code over all documents, then overall).

Percent, kappa and alpha cells are shaded by value on one calm blue-green scale, from the
view's own base colour (0 or below: unshaded) to the full tint (1, or 100 %); the text takes
near-black or near-white, whichever reads better on the cell, so the table reads the same in
a light and a dark theme. An undefined figure shows "–" and stays unshaded.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from qcode.team.figures import DECIMALS, shown_text
from qcode.team.results import AgreementTable, Row
from qcode.ui.analysis.heat import blend, is_dark_palette, text_colour

ALL_CODES = "All codes"
UNDEFINED = "–"
CALM_LIGHT = QColor("#3f9e8f")
CALM_DARK = QColor("#2b7a6f")
FIGURES = DECIMALS  # percent, kappa, alpha
TITLES = {"code": "Code", "percent": "Percent", "kappa": "Kappa", "alpha": "Alpha",
          "units": "Units", "both": "Both", "a_only": "{a} only", "b_only": "{b} only",
          "neither": "Neither", "agree": "Agree"}
AnyIndex = QModelIndex | QPersistentModelIndex


def shown_columns(table: AgreementTable) -> list[str]:
    """Code, the figures, then the counts (three coders or more: units only)."""
    counts = [c for c in table.columns[2:] if c not in FIGURES]
    if len(table.sides) > 2:
        counts = ["units"]
    return ["code", *(f for f in FIGURES if f in table.columns), *counts]


def figure_text(column: str, value: Any) -> str:
    if value is None:
        return UNDEFINED
    if column in FIGURES:
        return shown_text(column, value)
    return f"{value:,}"


def shade_share(column: str, value: Any) -> float | None:
    """How far along the scale a figure is (0..1); None when the cell is not shaded."""
    if column not in FIGURES or value is None:
        return None
    share = value / 100 if column == "percent" else value
    return min(max(share, 0.0), 1.0)


class AgreementModel(QAbstractTableModel):
    def __init__(self, table: AgreementTable | None = None) -> None:
        super().__init__()
        self.table = table
        self.rows: list[Row] = []
        self.columns: list[str] = []
        self.set_table(table)

    def set_table(self, table: AgreementTable | None) -> None:
        self.beginResetModel()
        self.table = table
        self.rows = table.pooled() if table is not None else []
        self.columns = shown_columns(table) if table is not None else []
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        assert self.table is not None
        a, b = (self.table.sides + ("", ""))[:2]
        return TITLES[self.columns[section]].format(a=a, b=b)

    def value(self, row: int, column: str) -> Any:
        return self.rows[row]._asdict()[column]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = self.value(index.row(), column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == "code":
                return value or ALL_CODES
            return figure_text(column, value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != "code":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            return self._shade(column, value, role)
        if role == Qt.ItemDataRole.FontRole and self.rows[index.row()].code is None:
            font = QGuiApplication.font()
            font.setBold(True)
            return font
        return None

    def _shade(self, column: str, value: Any, role: int) -> QColor | None:
        share = shade_share(column, value)
        if share is None or share <= 0:
            return None
        palette = QGuiApplication.palette()
        base = palette.color(QPalette.ColorRole.Base)
        background = blend(base, CALM_DARK if is_dark_palette(palette) else CALM_LIGHT, share)
        return background if role == Qt.ItemDataRole.BackgroundRole else text_colour(background)

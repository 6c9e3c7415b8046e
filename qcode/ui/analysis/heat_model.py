"""A thin table model over a :class:`~qcode.ui.analysis.grid.HeatGrid`: heat-shaded cells,
a "Total" row and column when the grid has totals, code rows carrying depth and colour for the
:class:`~qcode.ui.analysis.code_header.CodeHeader`."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QGuiApplication, QPalette

from qcode.analysis.results import Cell
from qcode.ui.analysis.grid import TOTAL, HeatGrid, format_value
from qcode.ui.analysis.heat import blend, heat_colour, text_colour

Index = QModelIndex | QPersistentModelIndex
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell's number (int, float or None)
DEPTH_ROLE = Qt.ItemDataRole.UserRole + 2  # vertical header: the code's depth
COLOUR_ROLE = Qt.ItemDataRole.UserRole + 3  # vertical header: the code's colour
CLICK_HINT = "Click to list the codings behind this cell"
NEUTRAL_SHARE = 0.07  # totals and the diagonal: a faint grey, in either palette
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _bold() -> QFont:
    font = QFont(QGuiApplication.font())
    font.setBold(True)
    return font


class HeatModel(QAbstractTableModel):
    """Rows: the grid's codes (then "Total"); columns: its columns (then "Total")."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.grid: HeatGrid | None = None
        self.colours: dict[int, str] = {}
        self.palette: QPalette = QGuiApplication.palette()
        self.click_hint = CLICK_HINT
        self._largest = 0.0

    def set_grid(self, grid: HeatGrid | None, colours: dict[int, str] | None = None) -> None:
        self.beginResetModel()
        self.grid = grid
        self.colours = dict(colours or {})
        self._largest = float(grid.largest) if grid is not None else 0.0
        self.endResetModel()

    def set_palette(self, palette: QPalette) -> None:
        """Re-shade for a new palette (the theme changed)."""
        self.palette = palette
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    # -- where a cell is -----------------------------------------------------------------------

    def cell_at(self, row: int, column: int) -> tuple[int | None, int | None]:
        """(code row or None for the total row, column or None for the total column)."""
        assert self.grid is not None
        n_rows, n_cols = len(self.grid.rows), len(self.grid.columns)
        return (row if row < n_rows else None, column if column < n_cols else None)

    def value(self, row: int, column: int) -> Cell:
        grid = self.grid
        assert grid is not None
        r, c = self.cell_at(row, column)
        if r is not None and c is not None:
            return grid.values[r][c]
        if r is not None:
            return grid.row_totals[r] if grid.row_totals is not None else None
        if c is not None:
            return grid.column_totals[c] if grid.column_totals is not None else None
        return grid.grand_total

    def _is_percent(self, row: int, column: int) -> bool:
        assert self.grid is not None
        r, c = self.cell_at(row, column)
        total = r is None or c is None
        return self.grid.totals_percent if total else self.grid.percent

    # -- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.grid is None:
            return 0
        return len(self.grid.rows) + (1 if self.grid.has_totals else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.grid is None:
            return 0
        return len(self.grid.columns) + (1 if self.grid.has_totals else 0)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        grid = self.grid
        if grid is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < self.columnCount():
                return None
            total = section >= len(grid.columns)
            if role == Qt.ItemDataRole.DisplayRole:
                return TOTAL if total else grid.columns[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Total over every column" if total else grid.column_tips[section]
        else:
            if not 0 <= section < self.rowCount():
                return None
            total = section >= len(grid.rows)
            label = None if total else grid.rows[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return TOTAL if label is None else label.name
            if role == Qt.ItemDataRole.ToolTipRole:
                if label is None:
                    return "Total over every code"
                return label.path + (f"\n\n{label.description}" if label.description else "")
            if role == DEPTH_ROLE:
                return 0 if label is None else label.depth
            if role == COLOUR_ROLE:
                return None if label is None else self.colours.get(label.code_id, "#9e9e9e")
        if role == Qt.ItemDataRole.FontRole and total:
            return _bold()
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.grid is None:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < self.rowCount() and 0 <= column < self.columnCount()):
            return None
        value = self.value(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(value, self._is_percent(row, column))
        if role == VALUE_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            return self._colours(row, column, value, role)
        if role == Qt.ItemDataRole.FontRole and None in self.cell_at(row, column):
            return _bold()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column, value)
        return None

    def _colours(self, row: int, column: int, value: Cell, role: int) -> QBrush | None:
        r, c = self.cell_at(row, column)
        if r is None or c is None or (value is None and r == c and self.grid is not None
                                      and not self.grid.has_totals):  # totals, the diagonal
            background = blend(self.palette.color(QPalette.ColorRole.Base),
                               self.palette.color(QPalette.ColorRole.Text), NEUTRAL_SHARE)
        else:
            share = float(value) / self._largest if value and self._largest else 0.0
            heat = heat_colour(share, self.palette)
            if heat is None:  # zero: unshaded, its number muted so the others stand out
                muted = self.palette.color(QPalette.ColorRole.PlaceholderText)
                return QBrush(muted) if role == Qt.ItemDataRole.ForegroundRole else None
            background = heat
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(background)
        return QBrush(text_colour(background))

    def _tooltip(self, row: int, column: int, value: Cell) -> str:
        grid = self.grid
        assert grid is not None
        r, c = self.cell_at(row, column)
        what = grid.rows[r].path if r is not None else "All codes"
        where = grid.column_tips[c] if c is not None else "All columns"
        shown = format_value(value, self._is_percent(row, column)) or "no value"
        unit = grid.unit if r is not None and c is not None else grid.totals_unit
        return f"{what}\n{where}\n{shown} ({unit})\n\n{self.click_hint}"

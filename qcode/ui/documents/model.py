"""Qt models for the documents list: a table over :class:`qcode.browse.documents.DocumentTable`
and a filter that matches words against names and attribute values."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from qcode.browse.documents import DocumentEntry, DocumentTable
from qcode.ops.survey_attributes import SOURCE, SURVEY

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_DIRECTION = {"rtl": "right-to-left", "mixed": "mixed direction", "ltr": "left-to-right"}

Index = QModelIndex | QPersistentModelIndex
FIXED_COLUMNS = ("name", "codings", "characters")
#: the column of the first attribute
FIRST_ATTRIBUTE = len(FIXED_COLUMNS)


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


class DocumentsModel(QAbstractTableModel):
    """Columns: Name, Codings, Characters, then one per attribute. Rows in project order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._table = DocumentTable((), ())
        self._rows: dict[int, int] = {}
        self._current: int | None = None

    # -- content -------------------------------------------------------------------------------

    def set_table(self, table: DocumentTable) -> None:
        self.beginResetModel()
        self._table = table
        self._rows = {entry.id: row for row, entry in enumerate(table.documents)}
        self.endResetModel()

    def update_entries(self, entries: tuple[DocumentEntry, ...]) -> None:
        """Show fresh entries of documents already listed, in their rows (no reset: the
        view keeps its selection, scroll position and sort)."""
        documents = list(self._table.documents)
        for entry in entries:
            documents[self._rows[entry.id]] = entry
        self._table = DocumentTable(self._table.attributes, tuple(documents))
        for entry in entries:
            row = self._rows[entry.id]
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def set_current(self, document_id: int | None) -> None:
        """Show the document open in the viewer in bold."""
        old, self._current = self._current, document_id
        for doc_id in {old, document_id} - {None}:
            row = self.row_of(doc_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1),
                                      [Qt.ItemDataRole.FontRole])

    def row_of(self, document_id: int | None) -> int | None:
        return self._rows.get(document_id) if document_id is not None else None

    def entry(self, row: int) -> DocumentEntry:
        return self._table.documents[row]

    @property
    def table(self) -> DocumentTable:
        return self._table

    # -- Qt model API --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._table.documents)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._table.attributes) + FIRST_ATTRIBUTE

    @staticmethod
    def _kind(column: int) -> str:
        return FIXED_COLUMNS[column] if column < len(FIXED_COLUMNS) else "attr"

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        kind = self._kind(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if kind == "attr":
                return self._table.attributes[section - FIRST_ATTRIBUTE].name
            return {"name": "Document", "characters": "Characters", "codings": "Codings"}[kind]
        if role == Qt.ItemDataRole.TextAlignmentRole and kind in ("characters", "codings"):
            return int(_RIGHT)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._table.documents):
            return None
        entry = self._table.documents[index.row()]
        kind = self._kind(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, kind, index.column())
        if role == SORT_ROLE:
            return self._sort_key(entry, kind, index.column())
        if role == ID_ROLE:
            return entry.id
        if role == Qt.ItemDataRole.TextAlignmentRole and kind in ("characters", "codings"):
            return int(_RIGHT)
        if role == Qt.ItemDataRole.FontRole and entry.id == self._current:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry)
        return None

    def _display(self, entry: DocumentEntry, kind: str, column: int) -> str:
        if kind == "name":
            return entry.name
        if kind == "characters":
            return f"{entry.characters:,}"
        if kind == "codings":
            return f"{entry.codings:,}"
        return entry.values[column - FIRST_ATTRIBUTE] or ""

    def _sort_key(self, entry: DocumentEntry, kind: str, column: int) -> Any:
        if kind == "name":
            return entry.name.casefold()
        if kind in ("characters", "codings"):
            return getattr(entry, kind)
        value = entry.values[column - FIRST_ATTRIBUTE]
        if self._table.attributes[column - FIRST_ATTRIBUTE].type == "number":
            number = _number(value) if value is not None else None
            return number if number is not None else float("-inf")
        if value is None:
            return ""
        return value.casefold()

    @staticmethod
    def _tooltip(entry: DocumentEntry) -> str:
        lines = [entry.name, f"File: {entry.original_filename}" if entry.original_filename else "",
                 f"Text: {_DIRECTION.get(entry.direction, entry.direction)}",
                 f"{entry.codings} codings with {entry.codes} different codes",
                 "Has a memo" if entry.has_memo else ""]
        return "\n".join(line for line in lines if line)


def source_column(table: DocumentTable) -> int | None:
    """The index of the ``source`` attribute among the table's values (None: no such one)."""
    return next((i for i, a in enumerate(table.attributes) if a.name.casefold() == SOURCE),
                None)


def is_respondent(entry: DocumentEntry, column: int | None) -> bool:
    """A survey respondent: its ``source`` is ``survey`` (what a survey import sets)."""
    return column is not None and entry.values[column] == SURVEY


#: which documents the list shows: (key, label)
GROUPS = (("all", "All"), ("interviews", "Interviews"), ("survey", "Survey"))


class DocumentFilter(QSortFilterProxyModel):
    """Keeps rows where every typed word occurs in the name or an attribute value, and that
    are in the chosen group (all, interviews: not survey respondents, survey respondents)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._group = "all"
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_filter_text(self, text: str) -> None:
        self._refilter(words=tuple(text.casefold().split()))

    def set_group(self, group: str) -> None:
        self._refilter(group=group)

    def _refilter(self, *, words: tuple[str, ...] | None = None, group: str | None = None
                  ) -> None:
        def apply() -> None:
            self._words = self._words if words is None else words
            self._group = self._group if group is None else group

        if not hasattr(self, "endFilterChange"):  # Qt < 6.10
            apply()
            self.invalidateRowsFilter()
            return
        self.beginFilterChange()
        apply()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words and self._group == "all":
            return True
        model = self.sourceModel()
        if not isinstance(model, DocumentsModel) or source_row >= model.rowCount():
            return True
        entry = model.entry(source_row)
        if self._group != "all" and (self._group == "survey") != is_respondent(
                entry, source_column(model.table)):
            return False
        haystack = " ".join([entry.name, *(v for v in entry.values if v)]).casefold()
        return all(word in haystack for word in self._words)

"""A codebook from a CSV file: columns ``path`` (``Parent/Child``), ``colour``, ``description``.

Only ``path`` is required; other columns are ignored (so a codebook exported with counts reads
back). An empty colour or description cell leaves an existing code's value as it is. Every line is
checked before anything is imported: a bad path or colour is refused naming its line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qcode.errors import InputError, NotFound
from qcode.importers.csv_table import CsvTable, read_csv_table
from qcode.names import check_colour, check_name
from qcode.queries import PATH_SEP, split_path


@dataclass(frozen=True)
class CodebookRow:
    """One code of a codebook CSV (plain data); None = leave as it is (or default)."""

    line: int
    path: str
    colour: str | None = None
    description: str | None = None
    source: Path | None = None


def read_codebook_csv(path: str | Path) -> list[CodebookRow]:
    table = read_csv_table(path)
    path_col = table.column("path", "code")
    if path_col is None:
        raise InputError("no 'path' column in the header (columns: path, colour, description)",
                         path=table.path)
    colour_col = table.column("colour", "color")
    description_col = table.column("description")
    rows: list[CodebookRow] = []
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        code_path = canonical_path(_cell(cells, path_col), line, table)
        if code_path in seen:
            raise InputError(f"line {line}: code {code_path!r} is already on line "
                             f"{seen[code_path]}", path=table.path)
        seen[code_path] = line
        colour = _cell(cells, colour_col) or None
        if colour is not None:
            colour = _checked(check_colour, colour, line, table)
        description = _cell(cells, description_col) or None
        rows.append(CodebookRow(line, code_path, colour, description, table.path))
    if not rows:
        raise InputError("the file has a header but no codes", path=table.path)
    return rows


def _cell(cells: tuple[str, ...], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def canonical_path(raw: str, line: int, table: CsvTable) -> str:
    """``raw`` as a clean code path (parts stripped); InputError naming ``line`` if it is none."""
    if not raw:
        raise InputError(f"line {line}: no code path", path=table.path)
    try:
        parts = split_path(raw)
    except NotFound:
        raise InputError(f"line {line}: not a code path: {raw!r} (write Parent/Child)",
                         path=table.path) from None
    return PATH_SEP.join(_checked(check_name, p, line, table) for p in parts)


def _checked(check: Callable[[str], str], value: str, line: int, table: CsvTable) -> str:
    try:
        return check(value)
    except InputError as exc:
        raise InputError(f"line {line}: {exc}", path=table.path) from None

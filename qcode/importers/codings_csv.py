"""Codings from a CSV file: ``document, code, start, end`` and optionally ``coder, memo``.

``code`` is a code path (``Parent/Child``); ``start`` and ``end`` are character offsets (Unicode
code points, end exclusive, as qcode exports them). Reading checks the shape of every line; the
import op checks each line against the project. Either refuses naming the line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from qcode.errors import InputError
from qcode.importers.codebook_csv import canonical_path
from qcode.importers.csv_table import CsvTable, read_csv_table

_WHOLE = re.compile(r"[+-]?\d+")
REQUIRED = ("document", "code", "start", "end")


class CodingCsvRow(NamedTuple):
    """One coding of a codings CSV (plain data). ``coder`` None: the importing coder.

    A named tuple, not a dataclass: a file may hold hundreds of thousands of rows."""

    line: int
    document: str
    code: str
    start: int
    end: int
    coder: str | None = None
    memo: str = ""
    source: Path | None = None


def read_codings_csv(path: str | Path) -> list[CodingCsvRow]:
    table = read_csv_table(path)
    columns = {name: table.column(name) for name in (*REQUIRED, "coder", "memo")}
    missing = [name for name in REQUIRED if columns[name] is None]
    if missing:
        raise InputError(f"missing column{'s' * (len(missing) > 1)} {', '.join(missing)} in the "
                         "header (columns: document, code, start, end, coder, memo)",
                         path=table.path)
    width = max(i for i in columns.values() if i is not None) + 1
    document, code, start, end = (columns[name] for name in REQUIRED)
    coder, memo = columns["coder"], columns["memo"]
    rows = []
    paths: dict[str, str] = {}  # a code recurs on thousands of lines: check each spelling once
    for line, cells in table.rows:
        if len(cells) < width:  # a short line: its missing cells are empty
            cells = (*cells, *("",) * (width - len(cells)))
        if not cells[document]:
            raise InputError(f"line {line}: no document", path=table.path)
        raw_code = cells[code]
        path_of = paths.get(raw_code)
        if path_of is None:
            path_of = paths[raw_code] = canonical_path(raw_code, line, table)
        rows.append(CodingCsvRow(
            line, cells[document], path_of, _whole(cells[start], "start", line, table),
            _whole(cells[end], "end", line, table),
            (cells[coder] or None) if coder is not None else None,
            cells[memo] if memo is not None else "", table.path))
    if not rows:
        raise InputError("the file has a header but no codings", path=table.path)
    return rows


def _whole(raw: str, column: str, line: int, table: CsvTable) -> int:
    if raw.isdecimal():  # what the pattern's \d+ matches, without the pattern (most cells)
        return int(raw)
    if not _WHOLE.fullmatch(raw):
        shown = repr(raw) if raw else "nothing"
        raise InputError(f"line {line}: {column} must be a whole number, not {shown}",
                         path=table.path)
    return int(raw)

"""Codings from a CSV file: ``document, code, start, end`` and optionally ``coder, memo``.

``code`` is a code path (``Parent/Child``); ``start`` and ``end`` are character offsets (Unicode
code points, end exclusive, as qcode exports them). Reading checks the shape of every line; the
import op checks each line against the project. Either refuses naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qcode.errors import InputError
from qcode.importers.codebook_csv import canonical_path
from qcode.importers.csv_table import CsvTable, read_csv_table

_WHOLE = re.compile(r"[+-]?\d+")
REQUIRED = ("document", "code", "start", "end")


@dataclass(frozen=True)
class CodingCsvRow:
    """One coding of a codings CSV (plain data). ``coder`` None: the importing coder."""

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
    rows = []
    paths: dict[str, str] = {}  # a code recurs on thousands of lines: check each spelling once
    for line, cells in table.rows:
        def cell(name: str, cells: tuple[str, ...] = cells) -> str:
            index = columns[name]
            return cells[index] if index is not None and index < len(cells) else ""

        if not cell("document"):
            raise InputError(f"line {line}: no document", path=table.path)
        raw_code = cell("code")
        code = paths.get(raw_code)
        if code is None:
            code = paths[raw_code] = canonical_path(raw_code, line, table)
        rows.append(CodingCsvRow(
            line=line, document=cell("document"), code=code,
            start=_whole(cell("start"), "start", line, table),
            end=_whole(cell("end"), "end", line, table),
            coder=cell("coder") or None, memo=cell("memo"), source=table.path))
    if not rows:
        raise InputError("the file has a header but no codings", path=table.path)
    return rows


def _whole(raw: str, column: str, line: int, table: CsvTable) -> int:
    if not _WHOLE.fullmatch(raw):
        shown = repr(raw) if raw else "nothing"
        raise InputError(f"line {line}: {column} must be a whole number, not {shown}",
                         path=table.path)
    return int(raw)

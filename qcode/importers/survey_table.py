"""Reading a survey spreadsheet (CSV or XLSX) into a plain table: one row per respondent.

CSV goes through the shared CSV reader (:mod:`qcode.importers.csv_table`: any encoding it
handles, comma, semicolon or tab). XLSX is read with openpyxl in read-only mode after the same
checks as every file qcode opens (a regular file, a size limit, a real zip package that is no
zip bomb, :mod:`qcode.importers.zipsafe`); the first sheet, or the one named.

Cells come out as text, stripped and NFC-normalised, as a spreadsheet shows them: XLSX numbers
as their canonical text (``12``, ``3.5``; a whole number stored as ``12.0`` is ``12``), dates as
ISO ``YYYY-MM-DD`` (with ``THH:MM:SS`` when the cell has a time of day), ``TRUE``/``FALSE``.
The first non-blank row is the header; blank rows are passed over.
"""

from __future__ import annotations

import io
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from qcode.errors import Cancelled, InputError
from qcode.importers.csv_table import read_csv_table
from qcode.importers.files import read_regular_file
from qcode.importers.zipsafe import open_package
from qcode.progress import Progress, report

SURVEY_SUFFIXES = (".csv", ".xlsx")
#: A survey workbook of 10,000 respondents x 40 questions is a few MiB.
MAX_XLSX_BYTES = 100 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_PROGRESS_EVERY = 500


@dataclass(frozen=True)
class SurveyTable:
    """A survey as plain data: the header, and each respondent's row as text cells (``""`` =
    no answer), padded to the header's length; ``lines`` are the rows' line (CSV) or row (XLSX)
    numbers in the file, for messages."""

    source: Path
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    sheet: str | None = None
    #: the line numbers of CSV rows with fewer cells than the header (padded with no answer)
    short: tuple[int, ...] = ()

    def column(self, name: str) -> int:
        """The index of column ``name`` (as written; else ignoring case); InputError naming
        the columns there when there is none."""
        if name in self.header:
            return self.header.index(name)
        folded = [h.casefold() for h in self.header]
        if name.casefold() in folded:
            return folded.index(name.casefold())
        raise InputError(f"no column {name!r} (the columns are: "
                         f"{', '.join(repr(h) for h in self.header)})", path=self.source)

    def cells(self, name: str) -> list[str]:
        """Every respondent's cell of column ``name``."""
        index = self.column(name)
        return [row[index] for row in self.rows]


def read_survey_table(path: str | Path, *, sheet: str | None = None,
                      max_rows: int | None = None, progress: Progress | None = None
                      ) -> SurveyTable:
    """Read a survey from ``path`` (.csv or .xlsx); ``sheet`` names an XLSX sheet (default the
    first); ``max_rows`` stops after that many respondents (a preview). InputError naming the
    file and the cause: unreadable, no header, unnamed or repeated columns, no respondents."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SURVEY_SUFFIXES:
        raise InputError(f"unsupported survey file type {suffix or '(none)'!r} (CSV or XLSX)",
                         path=path)
    if suffix == ".csv":
        if sheet is not None:
            raise InputError("a CSV file has no sheets (--sheet is for XLSX)", path=path)
        records = _csv_records(path)
    else:
        records = _xlsx_records(path, sheet, max_rows, progress)
    return _table(path, records, sheet, max_rows)


def _csv_records(path: Path) -> list[tuple[int, tuple[str, ...]]]:
    csv = read_csv_table(path)
    return [(1, csv.header), *csv.rows]


def _table(path: Path, records: list[tuple[int, tuple[str, ...]]], sheet: str | None,
           max_rows: int | None) -> SurveyTable:
    if not records:
        raise InputError("the file has no rows", path=path)
    (_, header), *body = records
    header = _header(path, header, body)
    width = len(header)
    if max_rows is not None:
        body = body[:max_rows]
    rows: list[tuple[str, ...]] = []
    short: list[int] = []
    for line, cells in body:
        if any(cells[width:]):
            raise InputError(f"row {line} has more cells than the header", path=path)
        if len(cells) < width and path.suffix.lower() == ".csv":  # a sheet leaves empty
            short.append(line)                                    # cells out: not a CSV
        rows.append(tuple(cells[:width]) + ("",) * (width - len(cells)))
    if not rows:
        raise InputError("the file has a header but no respondents", path=path)
    return SurveyTable(path, header, tuple(rows), tuple(line for line, _ in body), sheet,
                       tuple(short))


def _header(path: Path, header: tuple[str, ...], body: list[tuple[int, tuple[str, ...]]]
            ) -> tuple[str, ...]:
    """The header without trailing unnamed empty columns; refuse an unnamed column that has
    answers and a name written twice (ignoring case: attribute names are)."""
    names = list(header)
    while names and not names[-1] and not any(len(c) >= len(names) and c[len(names) - 1]
                                              for _, c in body):
        names.pop()
    seen: set[str] = set()
    for index, name in enumerate(names):
        if not name:
            raise InputError(f"column {index + 1} has answers but no name in the header",
                             path=path)
        if name.casefold() in seen:
            raise InputError(f"column {name!r} appears twice in the header", path=path)
        seen.add(name.casefold())
    return tuple(names)


def _xlsx_records(path: Path, sheet: str | None, max_rows: int | None,
                  progress: Progress | None) -> list[tuple[int, tuple[str, ...]]]:
    data = _xlsx_bytes(path)
    try:
        return _read_sheet(data, path, sheet, max_rows, progress)
    except (InputError, Cancelled):
        raise
    except MemoryError:
        raise InputError("the file is too large to read", path=path) from None
    except Exception as exc:  # noqa: BLE001 - whatever openpyxl raises is the file's fault
        raise InputError(f"damaged or unreadable .xlsx file ({type(exc).__name__})",
                         path=path) from exc


def _xlsx_bytes(path: Path) -> bytes:
    """The bytes of a regular file that is a zip package and no zip bomb, checked before
    openpyxl sees it."""
    data = read_regular_file(path, limit=MAX_XLSX_BYTES)
    if not data:
        raise InputError("the file is empty", path=path)
    if data.startswith(_OLE_MAGIC):
        raise InputError("an old Excel .xls workbook, or a password-protected one; save it as "
                         ".xlsx (or CSV UTF-8) and import that", path=path)
    open_package(data, path, ".xlsx").close()
    return data


def _read_sheet(data: bytes, path: Path, sheet: str | None, max_rows: int | None,
                progress: Progress | None) -> list[tuple[int, tuple[str, ...]]]:
    from openpyxl import load_workbook  # only for XLSX surveys

    with warnings.catch_warnings():  # "no default style", unknown extensions: not for users
        warnings.simplefilter("ignore")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False) \
            if _has_formulas(data) else None
        try:
            worksheet = _worksheet(book, path, sheet)
            total = worksheet.max_row or 0
            records: list[tuple[int, tuple[str, ...]]] = []
            for number, values in enumerate(_rows(worksheet, formulas, path, sheet), start=1):
                if number % _PROGRESS_EVERY == 0:
                    report(progress, number, max(total, number), "reading")
                cells = tuple(cell_text(v) for v in values)
                if any(cells):
                    records.append((number, cells))
                if max_rows is not None and len(records) > max_rows:
                    break
            return records
        finally:
            book.close()
            if formulas is not None:
                formulas.close()


def _has_formulas(data: bytes) -> bool:
    """True if a sheet of the workbook holds a formula (most survey exports hold none: their
    sheets are then read once)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return any(_holds_formula(package, name) for name in package.namelist()
                   if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def _holds_formula(package: zipfile.ZipFile, name: str) -> bool:
    """True if the sheet's XML has an ``<f>`` element, read a mebibyte at a time."""
    tail = b""
    with package.open(name) as member:
        while chunk := member.read(1 << 20):
            seen = tail + chunk
            if b"<f>" in seen or b"<f " in seen:
                return True
            tail = seen[-2:]
    return False


def _rows(worksheet: Any, formulas: Any, path: Path, sheet: str | None
          ) -> Iterator[tuple[object, ...]]:
    """The sheet's rows of values; a formula cell the file holds no computed value for (a
    workbook written by a program, never opened in a spreadsheet) gives its formula's text
    rather than nothing: an answer that looked like one ("=)", "-- no") is not lost."""
    values = worksheet.iter_rows(values_only=True)
    if formulas is None:
        yield from values
        return
    texts = _worksheet(formulas, path, sheet).iter_rows(values_only=True)
    for row, written in zip(values, texts, strict=False):
        yield tuple(written_text if value is None and isinstance(written_text, str)
                    and written_text.startswith("=") else value
                    for value, written_text in zip(row, written, strict=False))


def _worksheet(book: object, path: Path, sheet: str | None) -> object:
    sheets = book.worksheets  # type: ignore[attr-defined]
    if sheet is None:
        if not sheets:
            raise InputError("the workbook has no sheet of cells", path=path)
        return sheets[0]
    for candidate in sheets:
        if candidate.title == sheet:
            return candidate
    names = ", ".join(repr(s.title) for s in sheets) or "none"
    raise InputError(f"no sheet {sheet!r} (the sheets are: {names})", path=path)


def sheet_names(path: str | Path) -> list[str]:
    """The names of an XLSX file's sheets of cells, in order (for choosing one); InputError
    naming the file when it cannot be read."""
    path = Path(path)
    data = _xlsx_bytes(path)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            names = [sheet.title for sheet in book.worksheets]
            book.close()
    except Exception as exc:  # noqa: BLE001 - whatever openpyxl raises is the file's fault
        raise InputError(f"damaged or unreadable .xlsx file ({type(exc).__name__})",
                         path=path) from exc
    return names


def cell_text(value: object) -> str:
    """An XLSX cell's value as the text a CSV export of it would hold (see the module doc)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):  # to the second: a spreadsheet's float time is not exact
        value = (value + timedelta(microseconds=500_000)).replace(microsecond=0, tzinfo=None)
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value).strip())

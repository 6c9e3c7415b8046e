"""Reading a CSV file as spreadsheets write it: any common encoding, comma, semicolon or tab.

Excel writes semicolons in locales whose decimal separator is a comma, UTF-16 for "Unicode
text", and the legacy code page (e.g. Windows-1256 for Arabic) for plain "CSV". The shared reader
turns all of these into rows of stripped, NFC-normalised cells with their line numbers, or one
InputError naming the file and the cause.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from qcode.errors import InputError
from qcode.formula_guard import unguard
from qcode.importers.files import read_regular_file
from qcode.importers.signatures import not_text_reason
from qcode.importers.text_reader import decode_text

#: A CSV of codings or attributes for a study never comes near this size.
MAX_CSV_BYTES = 50 * 1024 * 1024
DELIMITERS = (",", ";", "\t")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class CsvTable:
    """A CSV file's header and non-blank rows; each row with the line where it starts."""

    path: Path
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    delimiter: str

    def column(self, *names: str) -> int | None:
        """Index of the first header cell matching one of ``names`` (case-insensitive)."""
        wanted = [n.casefold() for n in names]
        lowered = [h.casefold() for h in self.header]
        for name in wanted:
            if name in lowered:
                return lowered.index(name)
        return None


def read_csv_table(path: str | Path) -> CsvTable:
    """Read ``path`` into a :class:`CsvTable`; refuse empty, binary or undecodable files."""
    path = Path(path)
    text = decode_csv_bytes(_read_bytes(path), path)
    delimiter = sniff_delimiter(text)
    records = _parse(text, delimiter, path)
    if not records:
        raise InputError("the file has no rows", path=path)
    (_, header), *rows = records
    return CsvTable(path=path, header=header, rows=tuple(rows), delimiter=delimiter)


def _read_bytes(path: Path) -> bytes:
    """The bytes of a regular file (never a device or FIFO), at most MAX_CSV_BYTES, not binary."""
    data = read_regular_file(path, limit=MAX_CSV_BYTES)
    if not data.strip():
        raise InputError("the file is empty", path=path)
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        raise InputError("this is a spreadsheet workbook, not a CSV file; save it as CSV "
                         "(UTF-8) and import that", path=path)
    if (reason := not_text_reason(data)) is not None:
        raise InputError(f"not a text file ({reason})", path=path)
    return data


def decode_csv_bytes(data: bytes, path: Path) -> str:
    """The text of a CSV file's bytes, decoded exactly as ``qcode import`` decodes a text file
    (:func:`qcode.importers.text_reader.decode_text`: byte order marks, UTF-8, Arabic
    Windows-1256 / ISO-8859-6 and Western Windows-1252 before any guess), so a file gives the
    same text whichever importer reads it; in NFC."""
    text = decode_text(data, path)
    if "\x00" in text:
        raise InputError("not a text file (it contains NUL characters)", path=path)
    return unicodedata.normalize("NFC", text)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first non-blank line into the most cells (comma on ties)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_cells = ",", 1
    for delimiter in DELIMITERS:
        cells = len(next(csv.reader([first], delimiter=delimiter), []))
        if cells > best_cells:
            best, best_cells = delimiter, cells
    return best


def _parse(text: str, delimiter: str, path: Path) -> list[tuple[int, tuple[str, ...]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, tuple[str, ...]]] = []
    start = 1
    try:
        for cells in reader:
            stripped = tuple(unguard(c.strip()) for c in cells)
            if any(stripped):
                records.append((start, stripped))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputError(f"line {start}: a cell holds more than {csv.field_size_limit():,} "
                             "characters, the most one cell may hold", path=path) from exc
        raise InputError(f"line {start}: not valid CSV ({exc})", path=path) from exc
    return records

"""The coder agreement table as CSV or XLSX, each with its manifest (every formula included).

One row per table row: code path ("(all codes)" for the overall row), document ("(all
documents)" for a row pooled over documents), the counts, ``percent`` with two decimals and
``kappa`` and ``alpha`` with four (two would hide the difference between 0.10 and 0.095);
an undefined figure is an empty cell. CSV goes through :mod:`qcode.export.csv_file` (the
formula guard: a code or document named ``=cmd`` stays text).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from qcode import __version__
from qcode.export.csv_file import csv_extra, write_csv_rows
from qcode.export.manifest import Source, write_manifest
from qcode.export.tables import DECIMALS, Table, Value
from qcode.export.xlsx import Sheet, write_workbook
from qcode.team.figures import DECIMALS as FIGURE_DECIMALS
from qcode.team.figures import shown, shown_text
from qcode.team.results import AgreementTable

ALL_CODES = "(all codes)"
ALL_DOCUMENTS = "(all documents)"
#: the figures a CSV float cell (two decimals) would cut: written as text with their own
FIGURES = ("kappa", "alpha")


def agreement_facts(table: AgreementTable, source: Source) -> dict[str, Any]:
    """What the manifest says: who was compared, over what, and every rule and formula."""
    o = table.options
    return {"qcode_version": __version__,
            "project": {"name": source.name, "uuid": source.uuid},
            "table": "coder agreement", "unit": o.unit,
            "sides": [list(side) for side in o.sides],
            "groups": bool(o.group_a), "coded_only": o.coded_only,
            "overlap_percent": o.overlap if o.unit == "segment" else None,
            "rollup": o.rollup, "codes": list(o.codes) or "all",
            "documents": list(o.documents) or "all", "rows": len(table.rows),
            "counting_rules": list(table.rules)}


def _cell(column: str, value: Any) -> Value:
    if isinstance(value, float):
        return shown(column, value) if column in FIGURE_DECIMALS else round(value, DECIMALS)
    return value


def agreement_table(table: AgreementTable) -> Table:
    """Header and rows, figures rounded as written."""
    header = list(table.columns)
    rows: list[list[Value]] = []
    for row in table.rows:
        cells = [_cell(column, value) for column, value in zip(header, row, strict=True)]
        cells[0] = ALL_CODES if row.code is None else row.code
        cells[1] = ALL_DOCUMENTS if row.document is None else row.document
        rows.append(cells)
    return header, rows


def _csv_figures(header: list[str], rows: list[list[Value]]) -> list[list[Value]]:
    """kappa and alpha as text with four decimals (a CSV float cell has two)."""
    at = [header.index(name) for name in FIGURES]
    out = []
    for row in rows:
        row = list(row)
        for i in at:
            if isinstance(row[i], float):
                row[i] = shown_text(header[i], row[i])
        out.append(row)
    return out


def write_agreement_csv(table: AgreementTable, path: str | Path, *, source: Source,
                        bom: bool = False, now: datetime | None = None) -> Path:
    """Write the table and its manifest; returns the manifest's path."""
    header, rows = agreement_table(table)
    write_csv_rows(path, [header, *_csv_figures(header, rows)], bom=bom)
    return write_manifest(path, agreement_facts(table, source), file_format="csv", now=now,
                          **csv_extra(bom))


def write_agreement_xlsx(table: AgreementTable, path: str | Path, *, source: Source,
                         now: datetime | None = None) -> Path:
    """Write the table (sheet "Agreement") and its manifest; returns the manifest's path."""
    facts = agreement_facts(table, source)
    header, rows = agreement_table(table)
    widths = {1: 40.0, 2: 28.0, **{i: 11.0 for i in range(3, len(header) + 1)}}
    write_workbook(path, [Sheet("Agreement", (header, rows), freeze="C2", widths=widths)], facts)
    return write_manifest(path, facts, file_format="xlsx", now=now)

"""The attribute-by-code table as CSV or XLSX, each with its manifest.

Columns: ``code, with_n, without_n, with_mean, with_median, without_mean, without_median``,
then one column per value of the attribute (the with-group's counts). Means and medians are
rounded to two decimals in both formats; an empty group's (or a text attribute's) figure is an
empty cell. CSV goes through :mod:`qcode.export.csv_file` (the formula guard: a value ``=cmd``
in the header, or a code named so, stays text).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from qcode import __version__
from qcode.analysis.attributes_by_code import AttributesByCode, attributes_by_code_rules
from qcode.export.csv_file import csv_extra, write_table_csv
from qcode.export.manifest import Source, filter_facts, write_manifest
from qcode.export.tables import Table, Value, number
from qcode.export.xlsx import Sheet, write_workbook

TABLE = "attribute by code"


def attributes_by_code_facts(table: AttributesByCode, source: Source) -> dict[str, Any]:
    """What the manifest says: the attribute, roll-up, filters, sizes and every rule."""
    o = table.options
    return {"qcode_version": __version__,
            "project": {"name": source.name, "uuid": source.uuid},
            "table": TABLE, "attribute": table.attribute,
            "attribute_type": table.attribute_type, "rollup": o.rollup,
            **filter_facts(o.filters), "documents": table.documents,
            "rows": len(table.rows), "value_columns": len(table.values),
            "counting_rules": attributes_by_code_rules(o)}


def attributes_by_code_table(table: AttributesByCode) -> Table:
    """Header and rows, means and medians rounded as written."""
    rows: list[list[Value]] = [[number(v) for v in record] for record in table.records()]
    return list(table.header()), rows


def write_attributes_by_code_csv(table: AttributesByCode, path: str | Path, *,
                                 source: Source, bom: bool = False,
                                 now: datetime | None = None) -> Path:
    """Write the table and its manifest; returns the manifest's path."""
    write_table_csv(path, attributes_by_code_table(table), bom=bom)
    return write_manifest(path, attributes_by_code_facts(table, source), file_format="csv",
                          now=now, **csv_extra(bom))


def write_attributes_by_code_xlsx(table: AttributesByCode, path: str | Path, *,
                                  source: Source, now: datetime | None = None) -> Path:
    """Write the table (sheet "Attribute by code") and its manifest."""
    facts = attributes_by_code_facts(table, source)
    header, rows = attributes_by_code_table(table)
    longest = max((len(r.code.path) for r in table.rows), default=10)
    widths = {1: float(min(60, longest + 2)), **{i: 12.0 for i in range(2, len(header) + 1)}}
    sheet = Sheet("Attribute by code", (header, rows),
                  indents=[r.code.depth for r in table.rows], widths=widths)
    write_workbook(path, [sheet], facts)
    return write_manifest(path, facts, file_format="xlsx", now=now)

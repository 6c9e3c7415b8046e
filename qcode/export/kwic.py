"""Keyword in context as CSV or XLSX: one row per hit, with its manifest beside the file.

Columns: ``document``, ``speaker``, ``start``, ``end`` (code points of the stored text, end
exclusive), ``left``, ``hit``, ``right`` (the text either side, ``context`` characters at
most), ``codes`` (the paths of the codes already on the hit, ``"; "``-joined). CSV goes
through the one formula guard (:mod:`qcode.export.csv_file`): a hit reading ``=SUM(A1)``
stays text.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from qcode.export.csv_file import csv_extra, write_table_csv
from qcode.export.manifest import Source, head_facts, write_manifest
from qcode.export.tables import Table, Value
from qcode.export.xlsx import Sheet, write_workbook
from qcode.search.kwic import KWIC_COLUMNS, KwicTable
from qcode.search.span_codes import CODES_SEPARATOR, joined

WIDTHS = {"document": 24.0, "speaker": 16.0, "start": 9.0, "end": 9.0, "left": 50.0,
          "hit": 24.0, "right": 50.0, "codes": 40.0}


def kwic_rows(table: KwicTable) -> Table:
    """Header and one row per hit, in the order the search gave them."""
    rows: list[list[Value]] = [
        [hit.document, hit.speaker or "", hit.start, hit.end, hit.left, hit.text, hit.right,
         joined(codes)]
        for hit, codes in zip(table.hits, table.codes, strict=True)]
    return list(KWIC_COLUMNS), rows


def kwic_rules(table: KwicTable) -> list[str]:
    q = table.query
    rules = [
        "one row per hit; start and end are Unicode code points of the stored text, end "
        "exclusive, so the document's text[start:end] is the hit",
        f"left and right: at most {q.context} characters of the text either side of the hit",
        "codes: the codes with a coding on the document's current text that shares at least "
        f"one character with the hit{' (by the chosen coders)' if q.filters.coders else ''}, "
        f"full paths sorted and joined by {CODES_SEPARATOR!r}",
        "speaker: the speaker of the turn holding the hit (empty outside every turn)",
    ]
    if table.truncated:
        rules.append(f"only the first {len(table.hits)} of {table.total} hits are listed")
    return rules


def kwic_facts(table: KwicTable, source: Source) -> dict[str, Any]:
    q = table.query
    return {**head_facts(source, "keyword in context"), "query": q.describe(), "text": q.text,
            "mode": q.mode, "whole_words": q.whole_words, "case_sensitive": q.case_sensitive,
            "normalise": q.normalise, "speaker": q.speaker, "code": q.code,
            "coders": list(q.filters.coders) or "all", "where": list(q.filters.specs),
            "context": q.context, "hits": len(table.hits), "total": table.total,
            "counting_rules": kwic_rules(table)}


def write_kwic_csv(table: KwicTable, path: str | Path, *, source: Source, bom: bool = False,
                   now: datetime | None = None) -> Path:
    """Write the KWIC table and its manifest; returns the manifest's path."""
    write_table_csv(path, kwic_rows(table), bom=bom)
    return write_manifest(path, kwic_facts(table, source), file_format="csv", now=now,
                          **csv_extra(bom))


def write_kwic_xlsx(table: KwicTable, path: str | Path, *, source: Source,
                    now: datetime | None = None) -> Path:
    """Write the KWIC table (sheet "KWIC") and its manifest; returns the manifest's path."""
    facts = kwic_facts(table, source)
    header, rows = kwic_rows(table)
    widths = {i + 1: WIDTHS[name] for i, name in enumerate(header)}
    write_workbook(path, [Sheet("KWIC", (header, rows), freeze="A2", widths=widths)], facts)
    return write_manifest(path, facts, file_format="xlsx", now=now)

"""The coded segments table as XLSX: sheet "Segments" (one row per coding) and "About"."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from qcode.analysis.results import SegmentsTable
from qcode.export.manifest import Source, segments_facts, write_manifest
from qcode.export.tables import segments_table
from qcode.export.xlsx import Sheet, write_workbook

TEXT_WIDTH = 80


def write_segments_xlsx(table: SegmentsTable, path: str | Path, *, source: Source,
                        now: datetime | None = None) -> Path:
    """Write the segments and their manifest; returns the manifest's path."""
    facts = segments_facts(table, source)
    header, rows = segments_table(table)
    widths = {i + 1: float(TEXT_WIDTH if name == "text" else 24 if name in ("document", "code")
                           else 14) for i, name in enumerate(header)}
    write_workbook(path, [Sheet("Segments", (header, rows), freeze="A2", widths=widths)], facts)
    return write_manifest(path, facts, file_format="xlsx", now=now)

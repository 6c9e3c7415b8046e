"""The coded segments table as CSV (one row per coding), with a manifest beside the file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from qcode.analysis.results import SegmentsTable
from qcode.export.csv_file import csv_extra, write_table_csv
from qcode.export.manifest import Source, segments_facts, write_manifest
from qcode.export.tables import segments_table


def write_segments_csv(table: SegmentsTable, path: str | Path, *, source: Source,
                       bom: bool = False, now: datetime | None = None) -> Path:
    """Write the segments and their manifest; returns the manifest's path."""
    write_table_csv(path, segments_table(table), bom=bom)
    return write_manifest(path, segments_facts(table, source), file_format="csv", now=now,
                          **csv_extra(bom))

"""The manifest of an export: what was counted, how, from which project, by which qcode.

Every export writes ``FILE.manifest.json`` beside ``FILE`` (for ``matrix.csv``:
``matrix.csv.manifest.json``). XLSX files repeat the facts, all but the export time, on an
"About" sheet, so that the workbook's bytes depend on its input only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qcode import __version__
from qcode.analysis.options import Filters
from qcode.analysis.results import CooccurrenceMatrix, Matrix, SegmentsTable
from qcode.analysis.rules import cooccurrence_rules, matrix_rules, segments_rules
from qcode.export.files import MANIFEST_SUFFIX, atomic_write, target_mode

TIME_KEY = "exported_at"


@dataclass(frozen=True)
class Source:
    """The project an export comes from."""

    name: str
    uuid: str

    @classmethod
    def of(cls, project: Any) -> Source:
        """From an open :class:`qcode.project.Project`."""
        info = project.info()
        return cls(info.get("name", ""), info.get("uuid", ""))


def filter_facts(filters: Filters) -> dict[str, Any]:
    """The filters as a manifest states them: coders, = filters by attribute, comparisons."""
    where: dict[str, list[str]] = {}
    for name, value in filters.where:
        where.setdefault(name, []).append(value)
    compare = [{"attribute": n, "operator": op, "value": v} for n, op, v in filters.compare]
    return {"coders": list(filters.coders) or "all", "where": where, "compare": compare}


def head_facts(source: Source, table: str) -> dict[str, Any]:
    """The facts every manifest opens with: qcode version, project, and which table."""
    return {"qcode_version": __version__,
            "project": {"name": source.name, "uuid": source.uuid},
            "table": table}


def matrix_facts(matrix: Matrix, source: Source) -> dict[str, Any]:
    o = matrix.options
    return {**head_facts(source, "theme matrix"),
            "measure": o.measure, "unit": matrix.unit, "columns": o.columns_spec,
            "column_heading": matrix.column_heading, "rollup": o.rollup,
            **filter_facts(o.filters), "percent": o.percent,
            "totals": matrix.row_totals is not None,
            "rows": len(matrix.rows), "column_count": len(matrix.columns),
            "counting_rules": matrix_rules(o)}


def cooccurrence_facts(matrix: CooccurrenceMatrix, source: Source) -> dict[str, Any]:
    o = matrix.options
    return {**head_facts(source, "code co-occurrence"),
            "mode": o.mode_spec, "measure": o.measure, "unit": matrix.unit,
            **filter_facts(o.filters), "codes": len(matrix.codes),
            "counting_rules": cooccurrence_rules(o)}


def segments_facts(table: SegmentsTable, source: Source) -> dict[str, Any]:
    o = table.options
    return {**head_facts(source, "coded segments"),
            "codes": list(o.codes) or "all", **filter_facts(o.filters),
            "segments": len(table.segments), "counting_rules": segments_rules(o)}


def manifest_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + MANIFEST_SUFFIX)


def write_manifest(path: str | Path, facts: dict[str, Any], *, file_format: str,
                   now: datetime | None = None, **extra: Any) -> Path:
    """Write the manifest of the export at ``path``; returns the manifest's path.

    The manifest names the project, its filters and attribute values: it gets the mode of the
    export it describes (a private export, a private manifest), whatever the umask or an older
    manifest's mode would give. It is written as the export is (:func:`atomic_write`): inside
    :func:`~qcode.export.files.written_together` it lands with its export or not at all, so an
    export that fails leaves the manifest of the previous one as it was.
    """
    path = Path(path)
    when = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    manifest = {"file": path.name, "format": file_format, **extra, **facts,
                TIME_KEY: when.replace("+00:00", "Z")}
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    return atomic_write(manifest_path(path),
                        lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"),
                        mode=target_mode(path))


def about_rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """The facts as (name, value) lines for an "About" sheet; each rule on its own line."""
    rows: list[tuple[str, str]] = []
    for key, value in facts.items():
        if key == "counting_rules":
            rows.extend(("counting rule" if i == 0 else "", rule) for i, rule in enumerate(value))
        elif isinstance(value, dict | list):
            rows.append((key, json.dumps(value, ensure_ascii=False)))
        elif value is None:
            rows.append((key, "none"))
        else:
            rows.append((key, str(value).lower() if isinstance(value, bool) else str(value)))
    return rows

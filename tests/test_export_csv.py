"""Matrix, co-occurrence and segments CSV: same numbers read back, no formula can run,
a manifest that states the rules, the same bytes for the same input."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime

import pytest

from qcode.analysis import (
    MEASURES,
    CooccurrenceOptions,
    Filters,
    MatrixOptions,
    SegmentOptions,
    build_cooccurrence,
    build_matrix,
    coded_segments,
)
from qcode.export.matrix_csv import write_cooccurrence_csv, write_matrix_csv
from qcode.export.segments_csv import write_segments_csv
from tests.export_study import HOSTILE_CODE, SOURCE, write_study

RUNS_AS_FORMULA = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def guarded(text: str) -> str:
    risky = text.startswith(RUNS_AS_FORMULA) and not PLAIN_NUMBER.fullmatch(text)
    return "'" + text if risky else text


def read_csv(path) -> list[list[str]]:  # noqa: ANN001
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def as_number(cell: str) -> int | float | None:
    if cell == "":
        return None
    return float(cell) if "." in cell else int(cell)


def expected(value):  # noqa: ANN001, ANN201
    return round(value, 2) if isinstance(value, float) else value


@pytest.mark.parametrize("options", [
    *(MatrixOptions(measure=m) for m in MEASURES),
    MatrixOptions(measure="coverage", columns="speakers", rollup=True),
    MatrixOptions(measure="words", columns="attribute", attribute="role"),
    MatrixOptions(measure="characters", percent="row", filters=Filters(coders=("Amal",))),
    MatrixOptions(measure="segments", percent="column", rollup=True),
], ids=lambda o: f"{o.measure}-{o.columns}-{o.percent}-{o.rollup}")
def test_matrix_csv_reads_back_with_the_same_numbers(project, tmp_path, options):
    write_study(project)
    with project.reading() as s:
        m = build_matrix(s, options)
    out = tmp_path / "matrix.csv"
    write_matrix_csv(m, out, source=SOURCE)
    rows = read_csv(out)
    assert rows[0] == ["Code", *(guarded(c.label) for c in m.columns), "Total"]
    body = rows[1:-1]
    assert [r[0] for r in body] == ["Trust", "Trust/Credibility", "Trust/Credibility/Evidence",
                                    "'" + HOSTILE_CODE, "Infrastructure"]
    for row, values, total in zip(body, m.values, m.row_totals, strict=True):
        assert [as_number(c) for c in row[1:]] == [expected(v) for v in (*values, total)]
    assert rows[-1][0] == "Total"
    assert [as_number(c) for c in rows[-1][1:]] == [
        expected(v) for v in (*m.column_totals, m.grand_total)]


def test_no_csv_cell_can_run_as_a_formula(project, tmp_path):
    write_study(project)
    with project.reading() as s:
        segments = coded_segments(s, SegmentOptions())
        matrix = build_matrix(s, MatrixOptions(columns="attribute", attribute="role"))
    write_segments_csv(segments, tmp_path / "segments.csv", source=SOURCE)
    write_matrix_csv(matrix, tmp_path / "matrix.csv", source=SOURCE)
    cells = [c for name in ("segments.csv", "matrix.csv")
             for row in read_csv(tmp_path / name) for c in row]
    risky = [c for c in cells if c.startswith(RUNS_AS_FORMULA) and not PLAIN_NUMBER.fullmatch(c)]
    assert risky == []
    quotes = [row[8] for row in read_csv(tmp_path / "segments.csv")[1:]]
    assert "'=SUM(1+1) trust" in quotes and "'\t-tab start" in quotes
    assert "'@admin knows." in quotes
    header = read_csv(tmp_path / "matrix.csv")[0]
    assert header[1:3] == ["-5", "'@admin"]  # a plain negative number stays a number


def test_bom_is_written_only_when_asked(project, tmp_path):
    write_study(project)
    with project.reading() as s:
        m = build_matrix(s, MatrixOptions())
    write_matrix_csv(m, tmp_path / "plain.csv", source=SOURCE)
    write_matrix_csv(m, tmp_path / "excel.csv", source=SOURCE, bom=True)
    assert not (tmp_path / "plain.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "excel.csv").read_bytes() == (
        b"\xef\xbb\xbf" + (tmp_path / "plain.csv").read_bytes())


def test_manifest_states_what_was_counted_and_how(project, tmp_path):
    write_study(project)
    options = MatrixOptions(measure="words", columns="attribute", attribute="ROLE", rollup=True,
                            filters=Filters(coders=("Bashir",), where=(("years", "18"),)))
    with project.reading() as s:
        m = build_matrix(s, options)
    manifest_path = write_matrix_csv(m, tmp_path / "m.csv", source=SOURCE, bom=True)
    assert manifest_path.name == "m.csv.manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["file"] == "m.csv"
    assert manifest["project"] == {"name": SOURCE.name, "uuid": SOURCE.uuid}
    assert (manifest["measure"], manifest["rollup"], manifest["columns"]) == (
        "words", True, "attribute:ROLE")
    assert manifest["column_heading"] == "role"
    assert manifest["coders"] == ["Bashir"] and manifest["where"] == {"years": ["18"]}
    assert manifest["qcode_version"] and manifest["exported_at"].endswith("Z")
    rules = " ".join(manifest["counting_rules"])
    assert "a word cut by a span's edge counts once" in rules
    assert "Roll-up" in rules and "(missing)" in rules


def test_same_input_gives_the_same_bytes(project, tmp_path):
    write_study(project)
    with project.reading() as s:
        co = build_cooccurrence(s, CooccurrenceOptions(mode="near", distance=5))
    first = write_cooccurrence_csv(co, tmp_path / "a.csv", source=SOURCE,
                                   now=datetime(2024, 1, 1, tzinfo=UTC))
    (tmp_path / "a.csv").rename(tmp_path / "first.csv")
    first_manifest = json.loads(first.read_text(encoding="utf-8"))
    second = write_cooccurrence_csv(co, tmp_path / "a.csv", source=SOURCE,
                                    now=datetime(2025, 6, 1, tzinfo=UTC))
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "first.csv").read_bytes()
    second_manifest = json.loads(second.read_text(encoding="utf-8"))
    assert first_manifest.pop("exported_at") != second_manifest.pop("exported_at")
    assert first_manifest == second_manifest


def test_without_totals_there_is_no_total_row_or_column(project, tmp_path):
    write_study(project)
    with project.reading() as s:
        m = build_matrix(s, MatrixOptions(measure="documents", totals=False))
    write_matrix_csv(m, tmp_path / "m.csv", source=SOURCE)
    rows = read_csv(tmp_path / "m.csv")
    assert rows[0] == ["Code", "E01", "E02 عربي", "E03"]
    assert [r[0] for r in rows][-1] == "Infrastructure"
    assert rows[1] == ["Trust", "1", "0", "0"]

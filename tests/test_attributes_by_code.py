"""The attribute-by-code table equals a brute-force reading of the codings and attribute
values; its CSV/XLSX export has exactly the promised columns; the command's errors are one
line."""

from __future__ import annotations

import csv
import json
import operator
import statistics
from dataclasses import replace

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.analysis.attributes_by_code import (
    AttributesByCodeOptions,
    build_attributes_by_code,
    mean_and_median,
)
from qcode.analysis.options import Filters
from qcode.cli.main import main
from tests.analysis_brute import codebook_order, subtree
from tests.analysis_world import World, worlds, write_world
from tests.attribute_study import STUDY

PYTHON = {"=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
          ">": operator.gt, ">=": operator.ge}
NUMBERS = ("-3", "0", "2.5", "9", "10", "-2.5", "100", "4")
HEADER = ["code", "with_n", "without_n", "with_mean", "with_median", "without_mean",
          "without_median"]
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def brute_table(world: World, attribute_id: int, rollup: bool, coders: tuple[str, ...],
                compare: tuple[tuple[int, str, float], ...]) -> list[tuple]:
    """Each code's row, straight from the world's codings and values (no qcode code)."""
    coder_ids = {i for i, n in world.coders if n in coders} if coders else None
    kept = [d.id for d in world.docs
            if all((d.id, a) in world.values and PYTHON[op](float(world.values[d.id, a]), x)
                   for a, op, x in compare)]
    valued = {d: world.values[d, attribute_id] for d in kept if (d, attribute_id) in world.values}
    numeric = attribute_id == 2
    values = sorted(set(valued.values()), key=float if numeric else None)
    rows = []
    for code in codebook_order(world):
        codes = subtree(world, code) if rollup else {code}
        having = {c[1] for c in world.codings
                  if c[2] in codes and (coder_ids is None or c[3] in coder_ids)}
        with_values = [v for d, v in valued.items() if d in having]
        without_values = [v for d, v in valued.items() if d not in having]
        row = [len(with_values), len(without_values)]
        for group in (with_values, without_values):
            numbers = [float(v) for v in group] if numeric else []
            row += ([statistics.mean(numbers), statistics.median(numbers)]
                    if numbers else [None, None])
        rows.append((code, *row, *(with_values.count(v) for v in values)))
    return rows


@st.composite
def numbered_worlds(draw: st.DrawFn) -> World:
    """A random world whose number attribute (years) takes negatives, floats and zero."""
    world = draw(worlds(max_docs=6))
    values = {k: v for k, v in world.values.items() if k[1] != 2}
    for d in world.docs:
        if (value := draw(st.sampled_from((None, *NUMBERS)))) is not None:
            values[d.id, 2] = value
    return replace(world, values=values)


def close(a, b) -> bool:  # noqa: ANN001
    return a is b if a is None or b is None else a == pytest.approx(b, rel=1e-12, abs=1e-12)


@SETTINGS
@given(world=numbered_worlds(), attribute=st.sampled_from([("years", 2), ("ROLE", 1)]),
       rollup=st.booleans(), coders=st.lists(st.sampled_from(["coder1", "coder2"]),
                                             unique=True),
       compare=st.lists(st.tuples(st.sampled_from(list(PYTHON)[1:]),
                                  st.sampled_from([-2.5, 0.0, 4.0, 9.5])), max_size=2))
def test_table_equals_brute_force(project, world, attribute, rollup, coders, compare):
    write_world(project, world)
    coders = tuple(c for c in coders if c in {n for _, n in world.coders})
    filters = Filters(coders=coders, compare=tuple(("years", op, str(x)) for op, x in compare))
    with project.reading() as s:
        table = build_attributes_by_code(s, AttributesByCodeOptions(attribute[0], rollup,
                                                                    filters))
    expected = brute_table(world, attribute[1], rollup, coders,
                           tuple((2, op, x) for op, x in compare))
    assert len(table.rows) == len(expected)
    for row, want in zip(table.rows, expected, strict=True):
        got = (row.code.code_id, row.with_n, row.without_n, row.with_mean, row.with_median,
               row.without_mean, row.without_median, *row.distribution)
        assert len(got) == len(want) and all(close(a, b) for a, b in zip(got, want, strict=True)), \
            f"{row.code.path}: {got} != brute force {want}"


@given(st.lists(st.sampled_from([-3.0, 0.0, 1.0, 2.5, 4.0, 1e16]), max_size=9))
def test_mean_and_median_of_counted_values(numbers):
    counted = [(x, numbers.count(x)) for x in sorted(set(numbers))]
    mean, median = mean_and_median(counted)
    if not numbers:
        assert (mean, median) == (None, None)
    else:
        assert close(mean, statistics.mean(numbers)) and median == statistics.median(numbers)


@pytest.fixture
def study(project):  # noqa: ANN001, ANN201
    write_world(project, STUDY)
    path = str(project.path)
    project.close()
    return path


def test_csv_has_exactly_the_promised_columns(study, tmp_path):
    out = tmp_path / "likert.csv"
    assert main(["export", "attributes-by-code", study, "--attribute", "likert", "--out",
                 str(out), "--rollup", "--where", "years>=0"]) == 0
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    # kept with a Likert answer: R1 (5), R2 (4), R4 (1), R6 (5); Trust (rolled up): R1, R2
    assert rows == [HEADER + ["1", "4", "5"],
                    ["Trust", "2", "2", "4.50", "4.50", "3.00", "3.00", "0", "1", "1"],
                    ["Trust/Credibility", "2", "2", "4.50", "4.50", "3.00", "3.00", "0", "1",
                     "1"],
                    ["Portal", "0", "4", "", "", "3.75", "4.50", "0", "0", "0"],
                    ["Training", "2", "2", "3.00", "3.00", "4.50", "4.50", "1", "0", "1"]]
    manifest = json.loads((tmp_path / "likert.csv.manifest.json").read_text(encoding="utf-8"))
    assert manifest["table"] == "attribute by code" and manifest["attribute"] == "likert"
    assert manifest["compare"] == [{"attribute": "years", "operator": ">=", "value": "0"}]
    assert manifest["documents"] == 4 and manifest["rollup"] is True
    assert any("counted nowhere" in rule for rule in manifest["counting_rules"])


def test_text_attribute_gives_the_distribution_only_and_xlsx_the_same_cells(study, tmp_path):
    out = tmp_path / "ministry.xlsx"
    assert main(["export", "attributes-by-code", study, "--attribute", "Ministry", "--out",
                 str(out), "--coder", "Amal"]) == 0
    sheet = openpyxl.load_workbook(out)["Attribute by code"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == HEADER + ["=cmd", "Education", "Finance", "Health"]
    assert cells[1:] == [["Trust", 2, 6, None, None, None, None, 0, 0, 0, 2],
                         ["Trust/Credibility", 2, 6, None, None, None, None, 0, 0, 2, 0],
                         ["Portal", 0, 8, None, None, None, None, 0, 0, 0, 0],
                         ["Training", 2, 6, None, None, None, None, 0, 0, 1, 1]]
    csv_out = tmp_path / "ministry.csv"
    assert main(["export", "attributes-by-code", study, "--attribute", "ministry", "--out",
                 str(csv_out)]) == 0
    header = csv_out.read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(HEADER) + ",'=cmd,Education,Finance,Health"  # formula guard


@pytest.mark.parametrize(("args", "status", "message"), [
    (["--attribute", "city"], 1, "no attribute named 'city'"),
    (["--attribute", "likert", "--where", "ministry>A"], 1, "ministry holds text"),
    (["--attribute", "likert", "--coder", "Nobody"], 1, "no coder named 'Nobody'"),
    ([], 2, "--attribute"),
    (["--attribute", " "], 2, "name the attribute"),
])
def test_bad_requests_fail_with_one_line(study, tmp_path, capsys, args, status, message):
    out = tmp_path / "t.csv"
    assert main(["export", "attributes-by-code", study, "--out", str(out), *args]) == status
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists()

"""``--where`` comparisons (!= < <= > >=): numbers as numbers, dates as ISO text, text by !=;
the documents kept equal a brute-force reading of the study; ``=`` keeps its meaning."""

from __future__ import annotations

import json
import operator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.analysis import Filters, MatrixOptions, build_matrix, parse_where
from qcode.cli.main import main
from qcode.errors import InputError, QcodeError
from tests.analysis_world import worlds, write_world
from tests.attribute_study import LIKERT, MINISTRY, STARTED, STUDY, YEARS

PYTHON = {"=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
          ">": operator.gt, ">=": operator.ge}


@pytest.fixture
def study(project):  # noqa: ANN001, ANN201
    write_world(project, STUDY)
    return project


def kept(project, *specs: str, coders: tuple[str, ...] = ()) -> list[str]:  # noqa: ANN001
    """The documents a theme matrix keeps as its columns under ``--where`` ``specs``."""
    filters = Filters(coders=coders, where=tuple(parse_where(w) for w in specs))
    with project.reading() as s:
        matrix = build_matrix(s, MatrixOptions(filters=filters))
    return [c.label for c in matrix.columns]


def brute(table: dict[int, str], test) -> list[str]:  # noqa: ANN001
    return [f"R{doc}" for doc in range(1, 9) if doc in table and test(table[doc])]


def test_parse_where_reads_two_character_operators_first():
    assert parse_where("years_of_service>=10") == ("years_of_service", ">=", "10")
    assert parse_where(" years <= -2.5 ") == ("years", "<=", "-2.5")
    assert parse_where("role!=IT director") == ("role", "!=", "IT director")
    assert parse_where("a<b") == ("a", "<", "b") and parse_where("a>b") == ("a", ">", "b")
    assert parse_where("role=IT director") == ("role", "IT director")  # = stays a pair
    assert parse_where("note=a<b") == ("note", "a<b")  # the first operator splits
    with pytest.raises(InputError, match="ATTRIBUTE=VALUE"):
        parse_where(">=10")


@pytest.mark.parametrize("op", ["!=", "<", "<=", ">", ">="])
@pytest.mark.parametrize("typed", ["10", "9", "10.0", "-2.5", "-3", "2.5", "0", "1e2", "-100",
                                   "+4"])
def test_numbers_compare_as_numbers(study, op, typed):
    expected = brute(YEARS, lambda v: PYTHON[op](float(v), float(typed)))
    assert kept(study, f"years{op}{typed}") == expected


def test_equal_is_unchanged_and_ors_within_one_attribute_ands_across(study):
    assert kept(study, "years=10") == ["R1"]
    assert kept(study, "years=10", "years=-3") == ["R1", "R3"]
    assert kept(study, "ministry=Health", "years=10", "years=-3") == ["R1", "R3"]
    assert kept(study, "ministry=Finance", "ministry=Health", "likert=4") == ["R2", "R3"]
    with pytest.raises(InputError, match="no document has years=10.0"):
        kept(study, "years=10.0")  # = compares the stored text, as before


def test_comparisons_all_hold_together_and_with_equal_filters(study):
    assert kept(study, "years>0", "years<=10") == ["R1", "R2", "R4"]
    assert kept(study, "years>-5", "likert>=4") == ["R1", "R2", "R3", "R6"]
    assert kept(study, "ministry=Health", "ministry=Finance", "years<0") == ["R3", "R5"]
    assert kept(study, "years>1000") == []
    assert kept(study, "likert<3", coders=("Bashir",)) == ["R4", "R8"]


def test_text_takes_not_equal_and_dates_compare_as_iso_text(study):
    assert kept(study, "ministry!=Health") == brute(MINISTRY, lambda v: v != "Health")
    assert kept(study, "ministry!==cmd") == brute(MINISTRY, lambda v: v != "=cmd")
    for op in PYTHON:
        assert kept(study, f"started{op}2020-01-01") == brute(
            STARTED, lambda v, op=op: PYTHON[op](v, "2020-01-01"))
    assert kept(study, "likert!=4") == brute(LIKERT, lambda v: v != "4")  # R7 has no value


@pytest.mark.parametrize(("spec", "message"), [
    ("years>=ten", "years>=ten: years holds numbers and 'ten' is not a number"),
    ("years<1,5", "'1,5' is not a number"),
    ("years!=", "a value is missing after != in 'years!='"),
    ("ministry<Health", "ministry holds text, which has no order: use = or !="),
    ("started>2020-13-01", "write the date as YYYY-MM-DD"),
    ("started>01/02/2020", "write the date as YYYY-MM-DD"),
    ("ministry!=Helth", "no document has ministry=Helth; values: =cmd, Education"),
    ("city>3", "no attribute named 'city'"),
])
def test_comparisons_the_attribute_cannot_take_are_refused(study, spec, message):
    with pytest.raises(QcodeError) as caught:
        kept(study, spec)
    assert message in str(caught.value) and "\n" not in str(caught.value)


SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@SETTINGS
@given(world=worlds(), op=st.sampled_from(["!=", "<", "<=", ">", ">="]),
       typed=st.sampled_from(["2.5", "9", "10", "-1", "9.5", "3"]))
def test_comparison_equals_the_or_of_the_values_that_pass(project, world, op, typed):
    """Every measure and total of a matrix under ``years OP x`` equals the matrix under
    ``years=v`` for each stored value v that passes (the = filters have brute-force tests)."""
    write_world(project, world)
    passing = sorted({v for (_, a), v in world.values.items()
                      if a == 2 and PYTHON[op](float(v), float(typed))})
    with project.reading() as s:
        compared = build_matrix(s, MatrixOptions(measure="characters", filters=Filters(
            where=(("years", op, typed),))))
        if passing:
            equal = build_matrix(s, MatrixOptions(measure="characters", filters=Filters(
                where=tuple(("years", v) for v in passing))))
            assert (compared.columns, compared.values, compared.row_totals) == (
                equal.columns, equal.values, equal.row_totals)
        else:
            assert compared.columns == ()


def test_docs_and_export_matrix_take_comparisons(study, tmp_path, capsys):
    path = str(study.path)
    study.close()
    assert main(["docs", path, "--where", "years>=9.5", "--where", "likert>3", "--json"]) == 0
    assert [d["name"] for d in json.loads(capsys.readouterr().out)] == ["R1", "R6"]
    out = tmp_path / "m.csv"
    assert main(["export", "matrix", path, "--out", str(out), "--where", "years<0",
                 "--where", "ministry=Finance"]) == 0
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == "Code,R5,Total"
    manifest = json.loads((tmp_path / "m.csv.manifest.json").read_text(encoding="utf-8"))
    assert manifest["where"] == {"ministry": ["Finance"]}
    assert manifest["compare"] == [{"attribute": "years", "operator": "<", "value": "0"}]
    assert any("Comparisons" in rule for rule in manifest["counting_rules"])
    capsys.readouterr()
    assert main(["docs", path, "--where", "ministry>=A"]) == 1
    err = capsys.readouterr().err
    assert "ministry holds text" in err and err.count("\n") == 1

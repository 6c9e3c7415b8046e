"""Coder agreement equals agreement counted character by character, on random small projects:
overlapping and nested spans, empty documents, codes one coder never used, identical coders,
codings left from an earlier text, groups, roll-up, chosen codes and documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcode.project import Project
from qcode.team.agreement import measure_agreement
from qcode.team.options import AgreementOptions
from tests.team_world import (
    SETTINGS,
    World,
    brute_alpha,
    brute_kappa,
    code_order,
    coded_chars,
    current_codings,
    draw_options,
    segments_match,
    subtree,
    units_of,
    worlds,
    write_world,
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    project = Project.create(Path(tmp_path_factory.mktemp("team")) / "team.qcode")
    yield project
    project.close()


@st.composite
def choices(draw: st.DrawFn, world: World, unit: str) -> tuple[AgreementOptions, list]:
    """Options for ``world`` and each side's coder ids."""
    coders = list(range(1, world.coders + 1))
    if unit == "segment" or draw(st.booleans()):
        order = draw(st.permutations(coders))
        cut = draw(st.integers(1, len(order) - 1))
        rest = draw(st.integers(cut + 1, len(order)))
        sides = [order[:cut], order[cut:rest]]
        if draw(st.booleans()) or unit == "segment" and len(sides[0]) == 1 == len(sides[1]):
            kwargs = {"coders": (f"c{sides[0][0]}", f"c{sides[1][0]}")}
            sides = [sides[0][:1], sides[1][:1]]
        else:
            kwargs = {"group_a": tuple(f"c{c}" for c in sides[0]),
                      "group_b": tuple(f"c{c}" for c in sides[1])}
    else:
        picked = draw(st.lists(st.sampled_from(coders), min_size=2, unique=True))
        sides = [[c] for c in picked]
        kwargs = {"coders": tuple(f"c{c}" for c in picked)}
    return draw_options(draw, world, unit, kwargs), sides


def _unit_figures(matrix: list[list[int]]) -> tuple:
    n = len(matrix[0])
    alpha = brute_alpha(matrix)
    if len(matrix) != 2:
        return (n, None, None, None, None, None, None, alpha)
    a, b = matrix
    both = sum(x and y for x, y in zip(a, b, strict=True))
    a_only, b_only = sum(a) - both, sum(b) - both
    neither = n - both - a_only - b_only
    percent = 100 * (both + neither) / n if n else None
    return (n, both, a_only, b_only, neither, percent, brute_kappa(a, b), alpha)


def _unit_matrix(world: World, doc: int, codes: set[int], sides: list, options) -> list:  # noqa: ANN001
    coded = [coded_chars(world, doc, codes, set(side)) for side in sides]
    matrix = [[], *([] for _ in sides[1:])]
    for unit in units_of(world, doc, options.unit):
        marks = [int(bool(unit & chars)) for chars in coded]
        if options.coded_only and not any(marks):
            continue
        for row, mark in zip(matrix, marks, strict=True):
            row.append(mark)
    return matrix


def _segments(world: World, doc: int, codes: set[int], side: list) -> list[set[int]]:
    return [set(range(a, b)) for a, b, _ in current_codings(world, doc, codes, side)]


def _segment_counts(world: World, doc: int, codes: set[int], sides: list, overlap: float
                    ) -> tuple[int, int, int]:
    a, b = (_segments(world, doc, codes, side) for side in sides)
    agree = sum(any(segments_match(x, y, overlap) for y in b) for x in a)
    b_matched = sum(any(segments_match(y, x, overlap) for x in a) for y in b)
    return agree, len(a) - agree, len(b) - b_matched


def _segment_row(code, doc, counts) -> tuple:  # noqa: ANN001
    total = sum(counts)
    return (code, doc, *counts, 100 * counts[0] / total if total else None, None, None)


def expected_rows(world: World, options: AgreementOptions, sides: list) -> list[tuple]:
    docs = [i for i in range(1, len(world.texts) + 1)
            if not options.documents or f"d{i}" in options.documents]
    codes = [(c, p) for c, p in code_order(world) if not options.codes or p in options.codes]
    rows: list[tuple] = []
    overall: list = [[] for _ in sides] if options.unit != "segment" else [0, 0, 0]
    for code, path in codes:
        members = subtree(world, code) if options.rollup else {code}
        per_doc = []
        if options.unit == "segment":
            pooled = [0, 0, 0]
            for doc in docs:
                counts = _segment_counts(world, doc, members, sides, options.overlap)
                per_doc.append(_segment_row(path, f"d{doc}", counts))
                pooled = [x + y for x, y in zip(pooled, counts, strict=True)]
            overall = [x + y for x, y in zip(overall, pooled, strict=True)]
            rows += [_segment_row(path, None, pooled), *per_doc]
            continue
        pooled_matrix: list = [[] for _ in sides]
        for doc in docs:
            matrix = _unit_matrix(world, doc, members, sides, options)
            per_doc.append((path, f"d{doc}", *_unit_figures(matrix)))
            for whole, part in zip(pooled_matrix, matrix, strict=True):
                whole += part
        for whole, part in zip(overall, pooled_matrix, strict=True):
            whole += part
        rows += [(path, None, *_unit_figures(pooled_matrix)), *per_doc]
    if options.unit == "segment":
        return [*rows, _segment_row(None, None, overall)]
    return [*rows, (None, None, *_unit_figures(overall))]


def assert_rows(actual: list[tuple], expected: list[tuple]) -> None:
    assert [r[:2] for r in actual] == [r[:2] for r in expected]
    for got, want in zip(actual, expected, strict=True):
        assert [x is None for x in got] == [x is None for x in want], f"row {got[:2]}"
        numbers = [(x, y) for x, y in zip(got[2:], want[2:], strict=True) if y is not None]
        assert [x for x, _ in numbers] == pytest.approx([y for _, y in numbers], rel=1e-9,
                                                        abs=1e-9), f"row {got[:2]}"


def check(project, world: World, data: st.DataObject, unit: str) -> None:  # noqa: ANN001
    write_world(project, world)
    options, sides = data.draw(choices(world, unit))
    with project.reading() as s:
        table = measure_agreement(s, options)
    assert_rows([tuple(r) for r in table.rows], expected_rows(world, options, sides))


@SETTINGS
@given(world=worlds(), data=st.data())
def test_character_agreement_equals_counting_each_character(shared, world, data):
    check(shared, world, data, "character")


@SETTINGS
@given(world=worlds(), data=st.data())
def test_sentence_agreement_equals_counting_each_sentence(shared, world, data):
    check(shared, world, data, "sentence")


@SETTINGS
@given(world=worlds(), data=st.data())
def test_turn_agreement_equals_counting_each_turn(shared, world, data):
    check(shared, world, data, "turn")


@SETTINGS
@given(world=worlds(), data=st.data())
def test_segment_agreement_equals_comparing_every_pair_of_codings(shared, world, data):
    check(shared, world, data, "segment")

"""Theme matrices equal brute-force counts from the raw codings, for random small projects."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.analysis import MEASURES, Filters, MatrixOptions, build_matrix
from qcode.errors import Cancelled, InputError, NotFound
from tests.analysis_brute import ANY, Brute, codebook_order
from tests.analysis_world import World, worlds, write_world

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def close(actual, expected) -> bool:  # noqa: ANN001
    if expected is None or actual is None:
        return actual is expected
    return actual == pytest.approx(expected, rel=1e-12, abs=1e-12)


def assert_grid(actual, expected, what: str) -> None:  # noqa: ANN001
    for i, (a_row, e_row) in enumerate(zip(actual, expected, strict=True)):
        for j, (a, e) in enumerate(zip(a_row, e_row, strict=True)):
            assert close(a, e), f"{what}: cell ({i}, {j}) is {a}, brute force says {e}"


@st.composite
def filters(draw: st.DrawFn, world: World) -> Filters:
    names = [n for _, n in world.coders]
    coders = tuple(draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names))))
    present = sorted({(a, v) for (_, a), v in world.values.items()})
    where: list[tuple[str, str]] = []
    if present:
        for a, v in draw(st.lists(st.sampled_from(present), max_size=3)):
            name = "role" if a == 1 else "years"
            where.append((draw(st.sampled_from((name, name.upper()))), v))
    return Filters(coders=coders, where=tuple(where))


def check(project, world: World, kind: str, attribute: str | None, rollup: bool,  # noqa: ANN001
          chosen: Filters) -> None:
    brute = Brute(world, kind, attribute, chosen.coders, chosen.where)
    rows = codebook_order(world)
    cols = brute.columns()
    with project.reading() as s:
        for measure in MEASURES:
            m = build_matrix(s, MatrixOptions(measure=measure, columns=kind, attribute=attribute,
                                              rollup=rollup, filters=chosen))
            what = f"{measure} by {kind} (roll-up {rollup}, {chosen})"
            assert [r.code_id for r in m.rows] == rows
            assert [(c.key, c.label) for c in m.columns] == cols
            assert_grid(m.values, [[brute.measure(measure, r, c, rollup) for c, _ in cols]
                                   for r in rows], what)
            assert_grid([m.row_totals], [[brute.measure(measure, r, ANY, rollup) for r in rows]],
                        f"row totals of {what}")
            assert_grid([m.column_totals], [[brute.measure(measure, ANY, c, rollup)
                                             for c, _ in cols]], f"column totals of {what}")
            assert close(m.grand_total, brute.measure(measure, ANY, ANY, rollup)), what


@SETTINGS
@given(world=worlds(), rollup=st.booleans(), data=st.data())
def test_document_columns_match_brute_force(project, world, rollup, data):
    write_world(project, world)
    check(project, world, "documents", None, rollup, data.draw(filters(world)))


@SETTINGS
@given(world=worlds(), rollup=st.booleans(), attribute=st.sampled_from(["role", "years"]),
       data=st.data())
def test_attribute_columns_match_brute_force(project, world, rollup, attribute, data):
    write_world(project, world)
    check(project, world, "attribute", attribute, rollup, data.draw(filters(world)))


@SETTINGS
@given(world=worlds(), rollup=st.booleans(), data=st.data())
def test_speaker_columns_match_brute_force(project, world, rollup, data):
    write_world(project, world)
    check(project, world, "speakers", None, rollup, data.draw(filters(world)))


@settings(SETTINGS, max_examples=15)
@given(world=worlds(), percent=st.sampled_from(["row", "column"]),
       measure=st.sampled_from(["segments", "documents", "characters", "words"]),
       kind=st.sampled_from(["documents", "speakers"]), rollup=st.booleans())
def test_percentages_are_shares_of_the_totals(project, world, percent, measure, kind, rollup):
    write_world(project, world)
    brute = Brute(world, kind)
    rows, cols = codebook_order(world), [c for c, _ in brute.columns()]
    with project.reading() as s:
        m = build_matrix(s, MatrixOptions(measure=measure, columns=kind, rollup=rollup,
                                          percent=percent))

    def share(r, c):  # noqa: ANN001, ANN202
        part = brute.measure(measure, r, c, rollup)
        whole = brute.measure(measure, r if percent == "row" else ANY,
                              ANY if percent == "row" else c, rollup)
        return None if not whole else 100.0 * part / whole

    assert_grid(m.values, [[share(r, c) for c in cols] for r in rows], f"{percent} %")
    assert m.row_totals == tuple(brute.measure(measure, r, ANY, rollup) for r in rows)


def test_unknown_filters_are_refused_with_their_name(project):
    write_world(project, World(docs=(), codes=(), coders=((1, "Amal"),),
                               attributes=((1, "role", "text"),), values={}, turns=(),
                               codings=()))
    with project.reading() as s:
        with pytest.raises(NotFound, match="Bob"):
            build_matrix(s, MatrixOptions(filters=Filters(coders=("Bob",))))
        with pytest.raises(NotFound, match="city"):
            build_matrix(s, MatrixOptions(columns="attribute", attribute="city"))
        with pytest.raises(InputError, match="role=Judge"):
            build_matrix(s, MatrixOptions(filters=Filters(where=(("role", "Judge"),))))
    with pytest.raises(InputError, match="already a percentage"):
        MatrixOptions(measure="coverage", percent="row")


def test_cancelling_stops_the_count(project):
    write_world(project, World(docs=(), codes=((1, None, "c1", 0),), coders=(),
                               attributes=(), values={}, turns=(), codings=()))
    with project.reading() as s, pytest.raises(Cancelled):
        build_matrix(s, MatrixOptions(), progress=lambda done, total, label: False)

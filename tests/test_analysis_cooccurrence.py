"""Co-occurrence matrices equal brute-force pair counts, for random small projects."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.analysis import CooccurrenceOptions, Filters, build_cooccurrence
from tests.analysis_brute import Brute, codebook_order
from tests.analysis_world import Doc, World, worlds, write_world


def meets(brute: Brute, x: tuple, y: tuple, mode: str, distance: int) -> bool:
    if x[1] != y[1]:
        return False
    if mode == "turn":
        turn = brute.turn_at(x[1], x[4])
        return turn is not None and turn == brute.turn_at(y[1], y[4])
    between = max(x[4], y[4]) - min(x[5], y[5])  # negative when the spans overlap
    return between < 0 if mode == "overlap" else between <= distance


def brute_cooccurrence(world: World, options: CooccurrenceOptions) -> dict[frozenset, int]:
    brute = Brute(world, "documents", coders=options.filters.coders,
                  where=options.filters.where)
    pairs: dict[frozenset, set | int] = {}
    for x, y in itertools.combinations(brute.codings, 2):
        if x[2] != y[2] and meets(brute, x, y, options.mode, options.distance):
            key = frozenset((x[2], y[2]))
            if options.measure == "segments":
                pairs[key] = pairs.get(key, 0) + 1  # type: ignore[operator]
            else:
                pairs.setdefault(key, set()).add(x[1])  # type: ignore[union-attr]
    return {k: v if isinstance(v, int) else len(v) for k, v in pairs.items()}


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(world=worlds(max_codings=16), mode=st.sampled_from(["overlap", "turn", "near"]),
       distance=st.integers(0, 6), measure=st.sampled_from(["segments", "documents"]),
       data=st.data())
def test_cooccurrence_matches_brute_force(project, world, mode, distance, measure, data):
    write_world(project, world)
    names = [n for _, n in world.coders]
    coders = tuple(data.draw(st.lists(st.sampled_from(names), unique=True, max_size=2)))
    options = CooccurrenceOptions(mode=mode, distance=distance if mode == "near" else 0,
                                  measure=measure, filters=Filters(coders=coders))
    with project.reading() as s:
        m = build_cooccurrence(s, options)
    expected = brute_cooccurrence(world, options)
    order = codebook_order(world)
    assert [c.code_id for c in m.codes] == order
    for i, x in enumerate(order):
        for j, y in enumerate(order):
            want = None if x == y else expected.get(frozenset((x, y)), 0)
            assert m.values[i][j] == want, (x, y, options)


def test_near_counts_spans_exactly_n_characters_apart(project):
    # c2's coding [0, 5) is the longest span and ends 3 characters before c1's [8, 10)
    write_world(project, World(
        docs=(Doc(1, "doc1", "abcdefghijklmnop", 0),),
        codes=((1, None, "c1", 0), (2, None, "c2", 1)), coders=((1, "Amal"),), attributes=(),
        values={}, turns=(), codings=((1, 1, 1, 1, 8, 10), (2, 1, 2, 1, 0, 5))))
    with project.reading() as s:
        near3 = build_cooccurrence(s, CooccurrenceOptions(mode="near", distance=3))
        near2 = build_cooccurrence(s, CooccurrenceOptions(mode="near", distance=2))
        overlap = build_cooccurrence(s, CooccurrenceOptions(mode="overlap"))
    assert near3.values == ((None, 1), (1, None))
    assert near2.values == overlap.values == ((None, 0), (0, None))

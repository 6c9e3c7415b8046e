"""The coded segments table lists exactly the codings that count, in the promised order."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.analysis import Filters, SegmentOptions, coded_segments
from qcode.errors import NotFound
from tests.analysis_brute import Brute, codebook_order, subtree
from tests.analysis_world import World, turn_time, worlds, write_world


def time_text(turn: tuple | None) -> str | None:
    """The time of a turn as the table shows it (hh:mm:ss, tenths when there are some)."""
    seconds = None if turn is None else turn_time(turn[0])
    if seconds is None:
        return None
    whole = int(seconds)
    text = f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"
    return text + (".5" if seconds != whole else "")


def path_of(world: World, code_id: int) -> str:
    code = {c[0]: c for c in world.codes}
    names = []
    current: int | None = code_id
    while current is not None:
        names.append(code[current][2])
        current = code[current][1]
    return "/".join(reversed(names))


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(world=worlds(), data=st.data())
def test_segments_table_lists_every_counted_coding_in_order(project, world, data):
    write_world(project, world)
    chosen = data.draw(st.lists(st.sampled_from([c[0] for c in world.codes]), max_size=2,
                                unique=True))
    names = [n for _, n in world.coders]
    coders = tuple(data.draw(st.lists(st.sampled_from(names), unique=True, max_size=2)))
    options = SegmentOptions(codes=tuple(path_of(world, c) for c in chosen),
                             filters=Filters(coders=coders))
    with project.reading() as s:
        table = coded_segments(s, options)

    brute = Brute(world, "documents", coders=coders)
    wanted = set().union(*(subtree(world, c) for c in chosen)) if chosen else None
    rank = {c: i for i, c in enumerate(codebook_order(world))}
    docs = {d.id: d for d in world.docs}
    expected_rows = sorted(
        (c for c in brute.codings if wanted is None or c[2] in wanted),
        key=lambda c: (rank[c[2]], docs[c[1]].position, c[1], c[4], c[5], c[0]))
    coder_name = dict(world.coders)
    assert table.header() == ("document", "role", "years", "code", "coder", "start", "end",
                              "speaker", "text", "memo", "time")
    assert table.records() == [
        (docs[c[1]].name, world.values.get((c[1], 1)), world.values.get((c[1], 2)),
         path_of(world, c[2]), coder_name[c[3]], c[4], c[5], brute.speaker_at(c[1], c[4]),
         docs[c[1]].text[c[4]:c[5]], f"memo {c[0]}", time_text(brute.turn_at(c[1], c[4])))
        for c in expected_rows]
    assert [c.code_id for c in table.codes] == [c for c in codebook_order(world)
                                                 if wanted is None or c in wanted]


def test_unknown_code_is_refused_by_path(project):
    write_world(project, World(docs=(), codes=((1, None, "Trust", 0),), coders=(),
                               attributes=(), values={}, turns=(), codings=()))
    with project.reading() as s, pytest.raises(NotFound, match="Trust/Nope"):
        coded_segments(s, SegmentOptions(codes=("Trust/Nope",)))

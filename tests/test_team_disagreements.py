"""The disagreeing passages of an agreement row: what the table counts as A only and B only,
found again passage by passage, against sets of characters on random small projects."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcode.errors import InputError, NotFound
from qcode.project import Project
from qcode.team.agreement import measure_agreement
from qcode.team.disagreements import Disagreements, find_disagreements, merged, minus
from qcode.team.options import AgreementOptions
from tests.team_world import (
    SETTINGS,
    World,
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
def two_sides(draw: st.DrawFn, world: World, unit: str) -> tuple[AgreementOptions, list]:
    """Options comparing two coders or two groups, and each side's coder ids."""
    order = draw(st.permutations(range(1, world.coders + 1)))
    cut = draw(st.integers(1, len(order) - 1))
    sides = [order[:cut], order[cut:draw(st.integers(cut + 1, len(order)))]]
    if draw(st.booleans()):
        sides = [sides[0][:1], sides[1][:1]]
        kwargs = {"coders": (f"c{sides[0][0]}", f"c{sides[1][0]}")}
    else:
        kwargs = {"group_a": tuple(f"c{c}" for c in sides[0]),
                  "group_b": tuple(f"c{c}" for c in sides[1])}
    return draw_options(draw, world, unit, kwargs), sides


def _runs(chars: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of a set of positions, one position at a time."""
    out: list[tuple[int, int]] = []
    for p in sorted(chars):
        if out and out[-1][1] == p:
            out[-1] = (out[-1][0], p + 1)
        else:
            out.append((p, p + 1))
    return out


def _segments(world: World, doc: int, codes: set[int], side: list) -> list[tuple]:
    return [(a, b, f"c{c}") for a, b, c in current_codings(world, doc, codes, side)]


def _matches(x: tuple, y: tuple, overlap: float) -> bool:
    return segments_match(set(range(x[0], x[1])), set(range(y[0], y[1])), overlap)


def brute_passages(world: World, options: AgreementOptions, sides: list, code: str | None,
                   document: str | None) -> list[tuple]:
    """(code, document, side, start, end, coder) of each passage, counted per character,
    per unit as a set of characters, or per pair of codings."""
    docs = [i for i in range(1, len(world.texts) + 1)
            if (not options.documents or f"d{i}" in options.documents)
            and document in (None, f"d{i}")]
    out: list[tuple] = []
    for code_id, path in code_order(world):
        if options.codes and path not in options.codes or code not in (None, path):
            continue
        members = subtree(world, code_id) if options.rollup else {code_id}
        for doc in docs:
            out += [(path, f"d{doc}", side, *passage)
                    for side, passage in _doc_passages(world, options, sides, members, doc)]
    return sorted(out, key=lambda p: (p[0], p[1], p[3], p[2], p[4]))


def _doc_passages(world: World, options: AgreementOptions, sides: list, members: set[int],
                  doc: int) -> list[tuple[int, tuple]]:
    if options.unit == "segment":
        a, b = (_segments(world, doc, members, side) for side in sides)
        return [(side, x) for side, mine, theirs in ((0, a, b), (1, b, a)) for x in mine
                if not any(_matches(x, y, options.overlap) for y in theirs)]
    coded = [coded_chars(world, doc, members, set(side)) for side in sides]
    if options.unit == "character":
        return [(side, (*run, None)) for side in (0, 1)
                for run in _runs(coded[side] - coded[1 - side])]
    return [(side, (min(unit), max(unit) + 1, None)) for side in (0, 1)
            for unit in units_of(world, doc, options.unit)
            if unit & coded[side] and not unit & coded[1 - side]]


def _row_counts(table, code: str | None, document: str | None) -> tuple[int, int]:  # noqa: ANN001
    row = next(r for r in table.rows if (r.code, r.document) == (code, document))
    return row.a_only, row.b_only


def _check(project, world: World, data: st.DataObject, unit: str) -> None:  # noqa: ANN001
    write_world(project, world)
    options, sides = data.draw(two_sides(world, unit))
    with project.reading() as s:
        table = measure_agreement(s, options)
        row = data.draw(st.sampled_from(table.rows))
        found = find_disagreements(s, options, code=row.code, document=row.document)
    got = [(p.code, p.document, p.side, p.start, p.end, p.coder) for p in found.passages]
    # identical spans by two coders of one group tie on every field but the coder: the order
    # among them is not part of the answer, so both lists are sorted whole
    def order(p: tuple) -> tuple:
        return (p[0], p[1], p[3], p[2], p[4], p[5] or "")

    assert sorted(got, key=order) == \
        sorted(brute_passages(world, options, sides, row.code, row.document), key=order)
    for p in found.passages:
        assert p.text == world.texts[p.document_id - 1][p.start:p.end] and p.unit == unit
    a_only, b_only = _row_counts(table, row.code, row.document)
    if unit == "character":
        assert (found.length(0), found.length(1)) == (a_only, b_only)
    else:
        assert (found.count(0), found.count(1)) == (a_only, b_only)


@SETTINGS
@given(world=worlds(), data=st.data())
def test_character_disagreements_are_the_runs_one_side_coded(shared, world, data):
    _check(shared, world, data, "character")


@SETTINGS
@given(world=worlds(), data=st.data())
def test_sentence_disagreements_are_the_sentences_one_side_coded(shared, world, data):
    _check(shared, world, data, "sentence")


@SETTINGS
@given(world=worlds(), data=st.data())
def test_turn_disagreements_are_the_turns_one_side_coded(shared, world, data):
    _check(shared, world, data, "turn")


@SETTINGS
@given(world=worlds(), data=st.data())
def test_segment_disagreements_are_the_codings_without_a_match(shared, world, data):
    _check(shared, world, data, "segment")


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=8),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=8))
def test_runs_minus_runs_is_the_set_difference(a, b):
    spans_a = sorted((s, s + n) for s, n in a)
    spans_b = sorted((s, s + n) for s, n in b)
    chars_a = {p for s, e in spans_a for p in range(s, e)}
    chars_b = {p for s, e in spans_b for p in range(s, e)}
    assert merged(spans_a) == _runs(chars_a)
    assert list(minus(merged(spans_a), merged(spans_b))) == _runs(chars_a - chars_b)


def _fixed(tmp_path: Path) -> Project:
    world = World(texts=("Trust the ministry. Not the web.", "Arabic: الثقة مهمة."),
                  versions=(1, 1), parents=(None,), coders=3, turns=(),
                  codings=((1, 1, 1, 0, 12, 1), (1, 1, 2, 6, 19, 1), (2, 1, 2, 8, 13, 1)))
    project = Project.create(tmp_path / "fixed.qcode")
    write_world(project, world)
    return project


def test_a_fixed_case_reads_as_a_lead_would_check_it(tmp_path):
    with _fixed(tmp_path) as project, project.reading() as s:
        found = find_disagreements(s, AgreementOptions(coders=("c1", "c2")))
        assert [(found.label(p), p.document, p.text) for p in found.passages] == [
            ("c1 only", "d1", "Trust "), ("c2 only", "d1", "nistry."),
            ("c2 only", "d2", "الثقة")]
        assert isinstance(found, Disagreements) and found.as_json()[0] == {
            "code": "k1", "document": "d1", "start": 0, "end": 6, "side": "a",
            "side_name": "c1", "coder": None, "unit": "character", "text": "Trust "}
        segments = find_disagreements(s, AgreementOptions(coders=("c1", "c2"), unit="segment"),
                                      document="d1")
        assert [(p.coder, p.text) for p in segments.passages] == [
            ("c1", "Trust the mi"), ("c2", "the ministry.")]


def test_a_row_the_table_lacks_or_three_coders_is_one_clear_line(tmp_path):
    with _fixed(tmp_path) as project, project.reading() as s:
        with pytest.raises(NotFound, match="no agreement row for code 'k9'"):
            find_disagreements(s, AgreementOptions(coders=("c1", "c2")), code="k9")
        with pytest.raises(NotFound, match="no agreement row for document 'd9'"):
            find_disagreements(s, AgreementOptions(coders=("c1", "c2")), document="d9")
        with pytest.raises(InputError, match="two coders or two groups, not 3"):
            find_disagreements(s, AgreementOptions(coders=("c1", "c2", "c3")))

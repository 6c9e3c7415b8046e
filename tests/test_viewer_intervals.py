"""The viewer's interval index and the coding look-ups built on it, against brute force."""

from __future__ import annotations

import random

import pytest

from qcode.browse.codings import CodingInfo, DocumentText
from qcode.ui.viewer.intervals import IntervalIndex
from qcode.ui.viewer.model import DocumentModel


def _brute(spans: dict[int, tuple[float, float]], lo: float, hi: float) -> set[int]:
    return {k for k, (a, b) in spans.items() if a < hi and b > lo}


def test_index_finds_what_a_scan_finds_through_adds_and_removes():
    rng = random.Random(3)
    index: IntervalIndex[int] = IntervalIndex(16)
    spans: dict[int, tuple[float, float]] = {}
    for step in range(600):
        if spans and rng.random() < 0.3:
            key = rng.choice(sorted(spans))
            index.remove(key)
            del spans[key]
        else:
            lo = rng.uniform(0, 500) if step % 2 else rng.randrange(500)
            hi = lo + rng.choice((0.5, 1, 7, 16, 40, 300))  # within a bucket, across many
            index.add(step, lo, hi)
            spans[step] = (lo, hi)
        lo = rng.uniform(-10, 520)
        hi = lo + rng.choice((0.001, 1, 16, 33, 600))
        assert set(index.overlapping(lo, hi)) == _brute(spans, lo, hi)
        point = rng.uniform(0, 510)
        assert set(index.at(point)) == {k for k, (a, b) in spans.items() if a <= point < b}
    assert len(index) == len(spans)


def test_moving_a_span_files_it_under_its_new_place_only():
    index: IntervalIndex[str] = IntervalIndex(10)
    index.add("a", 0, 95)
    index.add("a", 200, 205)
    assert list(index.overlapping(50, 60)) == []
    assert list(index.overlapping(201, 202)) == ["a"]
    assert list(index.overlapping(205, 300)) == [], "ends are exclusive"


def _model(rng: random.Random, count: int) -> DocumentModel:
    text = "\n".join("Speaker: " + "word " * rng.randint(2, 60) for _ in range(30))
    codings = tuple(_coding(rng, cid, len(text)) for cid in range(1, count + 1))
    return DocumentModel(DocumentText(1, "doc", text, "ltr", (), codings))


def _coding(rng: random.Random, cid: int, length: int) -> CodingInfo:
    start = rng.randrange(length - 1)
    end = min(length, start + rng.choice((1, 5, 80, 700, 3000)))
    code = rng.randint(1, 5)
    return CodingInfo(cid, code, f"Code {code}", "#336699", 1, "Amal", start, end, "")


@pytest.mark.parametrize("count", [80, 700])  # 700: a long scan or the index, from the start
def test_codings_under_a_character_and_over_a_range_match_a_scan_through_changes(count):
    rng = random.Random(8)
    model = _model(rng, count)
    length = len(model.text)
    for round_ in range(6):
        for cp in range(0, length, 7):
            expected = sorted((c for c in model.codings.values() if c.start <= cp < c.end),
                              key=lambda c: (c.start, c.end, c.id))
            assert model.codings_at(cp) == expected
        for _ in range(40):
            lo = rng.randrange(length)
            hi = min(length, lo + rng.randint(1, 900))
            expected = sorted((c for c in model.codings.values() if c.start < hi and c.end > lo),
                              key=lambda c: (c.start, c.end, c.id))
            assert model.overlapping(lo, hi) == expected
        removed = rng.sample(sorted(model.codings), 5)
        moved = model.codings[removed[0]]
        fresh = [_coding(rng, 1000 + round_ * 10 + i, length) for i in range(4)]
        fresh.append(CodingInfo(moved.id, 9, "Code 9", "#aa0000", 2, "Omar",
                                moved.start // 2, moved.start // 2 + 40, "moved"))
        model.update(removed, fresh)
        assert model.code_ids() == {c.code_id for c in model.codings.values()}
        assert model.coder_ids() == {c.coder_id for c in model.codings.values()}

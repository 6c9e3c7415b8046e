"""The viewer's plain model: runs and stripe columns checked against brute force."""

from __future__ import annotations

import random

from qcode.browse.codings import CodingInfo, DocumentText, TurnInfo
from qcode.importers.turns import label_spans as speaker_labels
from qcode.ui.viewer.model import DocumentModel


def _document(rng: random.Random, n_codings: int) -> DocumentText:
    text = "\n".join(f"Speaker {i % 3}: " + "word " * rng.randint(3, 30) for i in range(40))
    codings = tuple(_coding(rng, i, len(text)) for i in range(1, n_codings + 1))
    return DocumentText(1, "doc", text, "ltr", (), codings)


def _coding(rng: random.Random, cid: int, length: int) -> CodingInfo:
    start = rng.randrange(length - 1)
    end = min(length, start + rng.randint(1, 400))
    code = rng.randint(1, 6)
    return CodingInfo(cid, code, f"Code {code}", f"#{code:06x}", 1, "Amal", start, end, "")


def _codes_by_character(model: DocumentModel) -> list[tuple[int, ...]]:
    return [tuple(sorted({c.code_id for c in model.codings.values() if c.start <= i < c.end}))
            for i in range(len(model.text))]


def _check(model: DocumentModel) -> None:
    # runs cover the text exactly, in order, and say which codes cover each character
    runs = model.runs(0, len(model.text))
    assert runs[0].start == 0 and runs[-1].end == len(model.text)
    assert all(a.end == b.start for a, b in zip(runs, runs[1:], strict=False))
    per_char = [run.codes for run in runs for _ in range(run.start, run.end)]
    assert per_char == _codes_by_character(model)
    # each code has one stripe column; codes touching the same paragraph never share one
    for block in range(len(model.block_starts)):
        touching = [cid for cid, c in model.codings.items()
                    if model.block_of(c.start) <= block <= model.block_of(c.end - 1)]
        entries = model.block_entries(block)
        assert sorted(cid for _, cid in entries) == sorted(touching)
        column_of_code = {model.codings[cid].code_id: col for col, cid in entries}
        assert all(column_of_code[model.codings[cid].code_id] == col for col, cid in entries)
        assert len(set(column_of_code.values())) == len(column_of_code)


def _columns(model: DocumentModel) -> dict[int, int]:
    """Column of each code, read from the paragraphs' entries."""
    return {model.codings[cid].code_id: col for b in range(len(model.block_starts))
            for col, cid in model.block_entries(b)}


def test_runs_and_columns_match_brute_force_through_changes():
    rng = random.Random(11)
    model = DocumentModel(_document(rng, 60))
    _check(model)
    next_id = 61
    for _ in range(25):
        removed = rng.sample(sorted(model.codings), 2)
        added = [_coding(rng, next_id, len(model.text)), _coding(rng, next_id + 1,
                                                                   len(model.text))]
        next_id += 2
        touched = [model.codings[cid] for cid in removed] + added
        affected = model.update(removed + [a.id for a in added], added)
        assert affected == (min(c.start for c in touched), max(c.end for c in touched))
        _check(model)


def test_coding_with_a_new_code_moves_no_other_bar():
    rng = random.Random(5)
    model = DocumentModel(_document(rng, 40))
    before = _columns(model)
    new = CodingInfo(99, 42, "New", "#123456", 1, "Amal", 10, 900, "")
    model.update([99], [new])
    after = _columns(model)
    assert {code: after[code] for code in before} == before
    assert after[42] not in {after[model.codings[cid].code_id]
                             for b in range(model.block_of(10), model.block_of(899) + 1)
                             for _, cid in model.block_entries(b) if cid != 99}
    model.update([99], [])
    assert _columns(model) == before


def test_partial_runs_only_cover_the_range_asked():
    model = DocumentModel(_document(random.Random(3), 30))
    runs = model.runs(100, 260)
    assert (runs[0].start, runs[-1].end) == (100, 260)
    assert [r.codes for r in runs for _ in range(r.start, r.end)] == \
        _codes_by_character(model)[100:260]


def test_speaker_label_ends_at_the_colon_after_the_name():
    text = "[00:12:03] Salma: well\nJane Doe  0:02\nSo we did it.\nQ: why: because"
    turns = (TurnInfo("Salma", 0, 22), TurnInfo("Jane Doe", 23, 51), TurnInfo("Q", 52, 67))
    labels = [text[s:e] for s, e in speaker_labels(text, turns)]
    assert labels == ["[00:12:03] Salma:", "Jane Doe  0:02", "Q:"]

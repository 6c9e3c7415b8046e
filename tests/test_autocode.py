"""Auto-coding: one coding per hit or unit, undone and redone exactly; a dry run writes nothing."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.errors import InputError
from qcode.models import Coding, Document, SpeakerTurn
from qcode.ops.autocode import (
    autocode,
    autocode_memo,
    ensure_autocode_code,
    existing_code,
    plan_autocode,
)
from qcode.ops.codebook import ensure_code_path
from qcode.ops.coders import ensure_coder
from qcode.ops.codings import add_coding
from qcode.project import Project
from qcode.search.query import Hit, SearchQuery
from qcode.search.units import spans_for, touched, unit_spans, units_near
from qcode.text_units import paragraphs, sentences
from tests.autocode_study import TEXTS, build_interviews
from tests.ops_helpers import check_undo_redo, dump, project_sha


@pytest.fixture
def study(tmp_path: Path) -> Project:
    project = Project.open(build_interviews(tmp_path))
    yield project
    project.close()


def _ids(s) -> dict[str, int]:
    return dict(s.execute(select(Document.name, Document.id)).all())


def _expected(s, word: str, unit: str) -> set[tuple[int, int, int]]:
    """Computed apart from the code under test: hits by ``re`` (the texts are plain ASCII),
    a unit taken when it shares a character with a hit, character by character."""
    out = set()
    for name, doc_id in _ids(s).items():
        text = TEXTS[name]
        hits = [m.span() for m in re.finditer(re.escape(word), text, re.IGNORECASE)]
        if unit == "hit":
            out |= {(doc_id, a, b) for a, b in hits}
            continue
        units = {"sentence": sentences, "paragraph": paragraphs}[unit](text) if unit != "turn" \
            else s.execute(select(SpeakerTurn.start, SpeakerTurn.end)
                           .where(SpeakerTurn.document_id == doc_id)).all()
        for a, b in units:
            if any(set(range(a, b)) & set(range(h0, h1)) for h0, h1 in hits):
                out.add((doc_id, a, b))
    return out


def _codings(s, code_id: int) -> list[tuple[int, int, int]]:
    return sorted(s.execute(select(Coding.document_id, Coding.start, Coding.end)
                            .where(Coding.code_id == code_id)).all())


def _code_and_coder(project: Project, path: str = "Budget", coder: str = "Amal"
                    ) -> tuple[int, int]:
    with project.transaction() as s:
        code_id, _ = ensure_code_path(s, path)
        coder_id, _ = ensure_coder(s, coder)
    return code_id, coder_id


@pytest.mark.parametrize("unit", ["hit", "sentence", "paragraph", "turn"])
def test_each_unit_holding_a_hit_is_coded_exactly_once(study: Project, unit: str) -> None:
    code_id, coder_id = _code_and_coder(study)
    query = SearchQuery("budget")
    with study.transaction() as s:
        found = spans_for(s, query, unit)
        changes = autocode(s, spans=found.spans, code_id=code_id, coder_id=coder_id,
                           memo=autocode_memo(query, unit))
    with study.reading() as s:
        expected = _expected(s, "budget", unit)
        coded = _codings(s, code_id)
    assert len(coded) == len(set(coded)) == len(changes.codings)
    assert set(coded) == expected
    assert found.hits == 9  # E03 has no turns: its hit is outside every turn
    assert found.uncoded == (1 if unit == "turn" else 0)


def test_a_hit_over_a_sentence_end_codes_both_sentences_and_one_in_white_space_none(
        study: Project) -> None:
    with study.reading() as s:
        e01 = _ids(s)["E01"]
        text = TEXTS["E01"]
        at = text.index("late. Budget")
        blank = text.index("\n\n")

        def hit(start: int, end: int) -> Hit:
            return Hit(e01, "E01", start, end, text[start:end], "", "")

        found = unit_spans(s, [hit(at, at + len("late. Budget")), hit(blank, blank + 2),
                               hit(at, at + 4)], "sentence")
    first = text.index("Amal: The budget is late.")  # a line's first sentence holds its label
    second = text.index("Budget cuts hurt.")
    assert found.spans == ((e01, first, first + len("Amal: The budget is late.")),
                           (e01, second, second + len("Budget cuts hurt.")))
    assert (found.hits, found.uncoded) == (3, 1)


def test_touched_units_equal_a_character_by_character_check() -> None:
    rng = random.Random(14)
    for _ in range(300):
        units = sorted((a, a + rng.randint(1, 9)) for a in rng.sample(range(60), 8))
        start = rng.randrange(70)
        end = start + rng.randint(0, 12)
        brute = [u for u in units if set(range(*u)) & set(range(start, end))]
        assert touched(units, start, end) == brute


@pytest.mark.parametrize("split", [sentences, paragraphs])
def test_units_near_the_hits_are_those_of_the_whole_text(split) -> None:
    """Only the lines holding hits are split: the units found must be the whole text's."""
    rng = random.Random(5)
    alphabet = "ab  .?!\u061f)\"\n\n\r\u2028\x85\u064e\t"
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        places = [(a, min(len(text), a + rng.randint(0, 8)))
                  for a in (rng.randint(0, len(text)) for _ in range(rng.randint(1, 4)))]
        near = units_near(text, places, split)
        whole = split(text)
        assert near == sorted(set(near))
        for start, end in places:
            assert touched(near, start, end) == touched(whole, start, end), (text, start, end)


def test_undo_removes_exactly_the_new_codings_and_redo_restores_them(study: Project) -> None:
    code_id, amal = _code_and_coder(study)
    with study.transaction() as s:
        e02 = _ids(s)["E02"]
        omar, _ = ensure_coder(s, "Omar")
        at = TEXTS["E02"].index("BUDGET")
        add_coding(s, document_id=e02, code_id=code_id, coder_id=amal, start=at, end=at + 6)
        add_coding(s, document_id=e02, code_id=code_id, coder_id=omar, start=0, end=5)
    before = dump(study)
    with study.transaction() as s:
        found = spans_for(s, SearchQuery("budget"), "hit")
        changes = autocode(s, spans=found.spans, code_id=code_id, coder_id=amal, memo="m")
    assert len(changes.codings) == 8  # 9 hits, one already coded by Amal
    assert changes.messages == ("1 passage was already coded with this code by this coder: "
                                "skipped",)
    check_undo_redo(study, before, changes)


def test_coding_twice_adds_nothing_and_says_how_many_were_skipped(study: Project) -> None:
    code_id, coder_id = _code_and_coder(study)
    with study.transaction() as s:
        spans = spans_for(s, SearchQuery("budget"), "sentence").spans
        first = autocode(s, spans=spans, code_id=code_id, coder_id=coder_id, memo="")
    with study.transaction() as s:
        again = autocode(s, spans=spans, code_id=code_id, coder_id=coder_id, memo="")
        assert len(_codings(s, code_id)) == len(first.codings) == len(spans)
    assert not again.codings
    assert again.messages == (f"{len(spans)} passages were already coded with this code by "
                              "this coder: skipped",)


def test_the_dry_run_counts_what_coding_makes_and_writes_nothing(study: Project) -> None:
    code_id, coder_id = _code_and_coder(study)
    with study.transaction() as s:
        e01 = _ids(s)["E01"]
        add_coding(s, document_id=e01, code_id=code_id, coder_id=coder_id, start=0, end=38)
    sha = project_sha(study)
    with study.reading() as s:
        spans = spans_for(s, SearchQuery("budget"), "paragraph").spans
        plan = plan_autocode(s, spans=spans, code_id=code_id, coder_id=coder_id)
        unknown = plan_autocode(s, spans=spans, code_id=None, coder_id=None)
    assert project_sha(study) == sha
    assert (plan.count, plan.skipped) == (len(spans) - 1, 1)
    assert (unknown.count, unknown.skipped) == (len(spans), 0)
    with study.transaction() as s:
        made = autocode(s, spans=spans, code_id=code_id, coder_id=coder_id, memo="")
    assert len(made.codings) == plan.count


def test_every_turn_of_a_speaker_is_coded_by_an_empty_query(study: Project) -> None:
    code_id, coder_id = _code_and_coder(study, "Answers")
    query = SearchQuery("", speaker="amal")  # the speaker's name in any case
    with study.transaction() as s:
        spans = spans_for(s, query, "turn").spans
        autocode(s, spans=spans, code_id=code_id, coder_id=coder_id,
                 memo=autocode_memo(query, "turn"))
        turns = s.execute(select(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.end)
                          .where(SpeakerTurn.speaker == "Amal")).all()
        memos = set(s.scalars(select(Coding.memo)))
        assert _codings(s, code_id) == sorted(turns) and len(turns) == 2
        assert memos == {"Auto-coded: every turn (speaker amal)"}
        with pytest.raises(InputError, match="nothing to search for"):
            spans_for(s, query, "sentence")
        with pytest.raises(InputError, match="no speaker named 'Lina'.*Amal"):
            spans_for(s, SearchQuery("", speaker="Lina"), "turn")


def test_every_coding_memo_records_the_query_and_the_unit(study: Project) -> None:
    code_id, coder_id = _code_and_coder(study)
    query = SearchQuery("budget", whole_words=True, speaker="Omar")
    with study.transaction() as s:
        spans = spans_for(s, query, "sentence").spans
        autocode(s, spans=spans, code_id=code_id, coder_id=coder_id,
                 memo=autocode_memo(query, "sentence"))
        memos = s.scalars(select(Coding.memo)).all()
    assert memos and set(memos) == {
        "Auto-coded (sentence holding each hit): exact search for 'budget' "
        "(whole words; speaker Omar)"}


def test_the_code_is_named_by_its_path_or_its_end_and_created_otherwise(study: Project) -> None:
    for path in ("Capacity/Training", "Skills/Training"):
        _code_and_coder(study, path)
    with study.transaction() as s:
        assert existing_code(s, "capacity/TRAINING").name == "Training"
        assert existing_code(s, "Capacity/Train") is None  # the start of a path names none
        with pytest.raises(InputError, match="ambiguous"):
            existing_code(s, "Training")
        code_id, made = ensure_autocode_code(s, "Capacity/Train")
        assert made is not None and existing_code(s, "Capacity/Train").id == code_id

"""Fuzzy code search for the code picker: misspelt, partial and descriptive queries."""

from __future__ import annotations

from pathlib import Path

import pytest

from qcode.code_search import CodeCandidate, exact_path_match, rank_codes, score_code
from qcode.importers.codebook_csv import read_codebook_csv

DEMO_CODEBOOK = Path(__file__).resolve().parents[1] / "resources" / "demo" / "codebook.csv"


@pytest.fixture(scope="module")
def demo_codes() -> list[CodeCandidate]:
    rows = read_codebook_csv(DEMO_CODEBOOK)
    return [CodeCandidate(i, r.path, r.description or "") for i, r in enumerate(rows, 1)]


def top(query: str, codes: list[CodeCandidate], n: int = 1) -> list[str]:
    return [m.path for m in rank_codes(query, codes, limit=n)]


@pytest.mark.parametrize(("query", "expected"), [
    ("capcity bild", "Capacity building"),
    ("retension", "Capacity building/Retention and brain drain"),
    ("vendor lockin", "Technology transfer/Vendor lock-in"),
    ("privcy", "Data privacy and cybersecurity"),
    ("trainig", "Capacity building/Training"),
])
def test_misspelt_queries_rank_the_meant_code_first(query, expected, demo_codes):
    assert top(query, demo_codes) == [expected]


def test_a_child_named_by_the_query_beats_its_parent(demo_codes):
    ranked = top("training", demo_codes, 2)
    assert ranked[0] == "Capacity building/Training"


def test_description_words_find_a_code_whose_name_lacks_them(demo_codes):
    # "Estonia" appears only in the description of "Learning from other countries"
    assert "Estonia" in next(c.description for c in demo_codes
                             if c.path == "Learning from other countries")
    assert top("estonia", demo_codes) == ["Learning from other countries"]


def test_empty_query_lists_every_code_in_codebook_order(demo_codes):
    assert [m.code_id for m in rank_codes("  ", demo_codes)] == [c.id for c in demo_codes]


def test_nonsense_finds_nothing(demo_codes):
    assert rank_codes("qqxz zzkw", demo_codes) == []


def test_scores_are_best_first_and_ties_keep_codebook_order():
    codes = [CodeCandidate(1, "Gamma"), CodeCandidate(2, "Beta/Trust"),
             CodeCandidate(3, "Alpha/Trust")]
    ranked = rank_codes("trust", codes)
    assert [m.code_id for m in ranked] == [2, 3]
    assert ranked[0].score == ranked[1].score == score_code("trust", codes[1]) == 100


def test_arabic_names_are_matched():
    codes = [CodeCandidate(1, "الثقة"), CodeCandidate(2, "التمويل")]
    assert rank_codes("التمويل", codes)[0].code_id == 2


def test_exact_path_ignores_case_and_spaces_round_the_separator(demo_codes):
    found = exact_path_match("funding / national BUDGET", demo_codes)
    assert found is not None and found.path == "Funding/National budget"
    assert exact_path_match("Funding/Loans", demo_codes) is None

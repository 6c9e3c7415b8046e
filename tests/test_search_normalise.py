"""Exact and regular-expression search in one text: hits equal the rules written out plainly
(tests/search_brute.py) on random texts with Arabic marks, alef forms, tatweel, Latin accents
(precomposed and combining), emoji and line breaks; every hit is a span of the stored text."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.errors import InputError
from qcode.search import make_matcher
from tests import search_brute

ALPHABET = ("ab EÉeéè\u0301\n-.1_😀👍🏽"
            "احكومةأإآٱىي\u064e\u064f\u0650\u0651\u0652\u0670\u0640\u093e")
texts = st.text(alphabet=ALPHABET, max_size=50)


@st.composite
def text_and_query(draw):  # noqa: ANN001, ANN201
    text = draw(texts)
    if text and draw(st.booleans()):  # a piece of the text
        i = draw(st.integers(0, len(text) - 1))
        query = text[i:i + draw(st.integers(1, 6))]
    else:
        query = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=5))
    return text, query


def _spans(text: str, query: str, **options) -> list[tuple[int, int]]:
    return [(s, e) for s, e, _ in make_matcher(query, **options).find(text)]


@settings(max_examples=500, deadline=None)
@given(text_and_query(), st.booleans(), st.booleans(), st.booleans())
def test_exact_hits_equal_the_plain_rules(case, whole_words, case_sensitive, normalised):
    text, query = case
    options = dict(whole_words=whole_words, case_sensitive=case_sensitive, normalised=normalised)
    hits = _spans(text, query, **options)
    assert hits == search_brute.exact(text, query, **options)
    for _start, end in hits:  # a hit never leaves a mark of its last letter behind
        if search_brute.word_char(text[end - 1]):
            assert end == len(text) or not search_brute.is_mark(text[end])


@settings(max_examples=200, deadline=None)
@given(texts, st.sampled_from([r"\w+", r"[اأ]\S", "é|e", r"^.", "x*", r"\n"]), st.booleans())
def test_regular_expressions_run_on_the_stored_text(text, pattern, case_sensitive):
    flags = regex.VERSION0 | regex.MULTILINE | (0 if case_sensitive else regex.IGNORECASE)
    expected = [m.span() for m in regex.finditer(pattern, text, flags) if m.end() > m.start()]
    assert _spans(text, pattern, mode="regex", case_sensitive=case_sensitive) == expected


def test_arabic_spelling_variants_are_one_word():
    text = "قالَ: الحُكومةُ أعلنت، ثم إعلان آخر، والحكــومة على مستوى ٱلدولة"
    assert [text[s:e] for s, e in _spans(text, "الحكومة")] == ["الحُكومةُ", "الحكــومة"]
    assert [text[s:e] for s, e in _spans(text, "اعلن")] == ["أعلن"]
    assert [text[s:e] for s, e in _spans(text, "اعلان")] == ["إعلان"]
    assert [text[s:e] for s, e in _spans(text, "علي")] == ["على"]
    assert [text[s:e] for s, e in _spans(text, "الدولة")] == ["ٱلدولة"]
    assert [text[s:e] for s, e in _spans(text, "الحُكُومَة")] == ["الحُكومةُ", "الحكــومة"]


def test_exact_spelling_keeps_marks_and_letters_apart():
    text = "الحُكومة و الحكومة و أعلن"
    assert [text[s:e] for s, e in _spans(text, "الحكومة", normalised=False)] == ["الحكومة"]
    assert _spans(text, "اعلن", normalised=False) == []


def test_latin_accents_fold_precomposed_and_combining():
    text = "Café, CAFE, cafe\u0301 and résumé"
    assert [text[s:e] for s, e in _spans(text, "cafe")] == ["Café", "CAFE", "cafe\u0301"]
    assert [text[s:e] for s, e in _spans(text, "CAFÉ")] == ["Café", "CAFE", "cafe\u0301"]
    assert [text[s:e] for s, e in _spans(text, "resume")] == ["résumé"]
    at = text.index("cafe\u0301")
    assert _spans(text, "cafe", case_sensitive=True) == [(at, at + 5)]


def test_a_hit_takes_the_marks_of_its_last_letter():
    text = "بِسْمِ الله"
    hits = _spans(text, "بسم")
    assert [text[s:e] for s, e in hits] == ["بِسْمِ"]
    assert _spans(text, "ب") == [(0, 2)]


def test_whole_words_and_case():
    text = "Capacity, capacity-building and incapacity. CAPACITY"
    assert len(_spans(text, "capacity")) == 4
    assert [text[s:e] for s, e in _spans(text, "capacity", whole_words=True)] == [
        "Capacity", "capacity", "CAPACITY"]
    assert [text[s:e] for s, e in _spans(text, "capacity", case_sensitive=True)] == [
        "capacity", "capacity"]


def test_offsets_are_code_points_with_astral_characters():
    text = "😀👍🏽 الحكومَة 🙂 Registration"
    (start, end), = _spans(text, "registration")
    assert (start, end) == (len(text) - len("Registration"), len(text)) == (15, 27)
    (start, end), = _spans(text, "الحكومة")
    assert (start, end) == (4, 12) and text[start:end] == "الحكومَة"


@pytest.mark.parametrize("pattern", ["a(", "[x", "*a", "(?P<1>x)"])
def test_a_bad_regular_expression_is_one_clear_line(pattern):
    with pytest.raises(InputError) as error:
        make_matcher(pattern, "regex")
    message = str(error.value)
    assert message.startswith("not a regular expression: ") and "\n" not in message


def test_white_space_in_a_query_matches_any_run_of_it():
    """A transcript from Word holds non-breaking spaces and line breaks the reader cannot
    see; a phrase typed with one space finds them all (not with --exact-spelling)."""
    text = "national\u00a0budget. national  budget. national\nbudget. nationalbudget."
    found = [text[s:e] for s, e in _spans(text, "national budget")]
    assert found == ["national\u00a0budget", "national  budget", "national\nbudget"]
    assert [text[s:e] for s, e in _spans(text, "national   budget")] == found
    assert _spans(text, "national budget", normalised=False) == []
    assert search_brute.exact(text, "national budget") == _spans(text, "national budget")

"""The search engine (qcode/search): typo-tolerant find equals its brute-force definition,
offsets are code points (Arabic, emoji), and long texts cost what they should."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.search import exact_hits, fuzzy_hits
from qcode.search.find import fuzzy_scored, fuzzy_scored_many
from qcode.search.normalise import EXPANDING, char_fold
from tests import search_brute


def brute_force(text: str, query: str, budget: int | None = None, *,
                case_sensitive: bool = False, normalised: bool = True) -> list[tuple[int, int]]:
    """The definition, written out plainly in tests/search_brute.py."""
    return [(s, e) for s, e, _ in search_brute.fuzzy(
        text, query, budget, case_sensitive=case_sensitive, normalised=normalised)]


ALPHABET = "aAbBcCdeE  -.\n_1ßİ\u064eالحكوم😀\u0345"
texts = st.text(alphabet=ALPHABET, max_size=60)


@st.composite
def text_and_query(draw):  # noqa: ANN001, ANN201
    text = draw(texts)
    if text and draw(st.booleans()):  # a piece of the text, maybe with a typo
        i = draw(st.integers(0, len(text) - 1))
        query = text[i:i + draw(st.integers(1, 14))]
        if query and draw(st.booleans()):
            j = draw(st.integers(0, len(query) - 1))
            query = query[:j] + draw(st.sampled_from(ALPHABET)) + query[j + 1:]
    else:
        query = draw(st.text(alphabet=ALPHABET, max_size=12))
    return text, query


@settings(max_examples=400, deadline=None)
@given(text_and_query(), st.sampled_from([7, 16, 1 << 18]))
def test_typo_tolerant_find_equals_the_brute_force_definition(case, chunk):
    text, query = case
    assert fuzzy_hits(text, query, chunk=chunk) == brute_force(text, query)


@settings(max_examples=100, deadline=None)
@given(text_and_query(), st.sampled_from([1, 2, 4]))
def test_other_edit_budgets_too(case, budget):
    text, query = case
    assert fuzzy_hits(text, query, budget, chunk=16) == brute_force(text, query, budget)


def test_long_words_and_sentences_across_chunks():
    text = ("The ministry's capacity-building programme, e-government and E GOVERNMENT; "
            "capcity, capacities. ") * 40
    for query in ("capacity", "e government", "egovernment", "capacity building programme",
                  "ministrys capcity"):
        assert fuzzy_hits(text, query, chunk=50) == brute_force(text, query), query


def test_offsets_are_code_points_with_arabic_and_emoji():
    text = "😀😀 قالت: الحكومَة 🙂 الإلكترونية بطيئة 👍🏽 Registration ok"
    hits = fuzzy_hits(text, "الحكومه")
    assert [text[s:e] for s, e in hits] == ["الحكومَة"]
    assert hits == [(text.index("الحكومَة"), text.index("الحكومَة") + len("الحكومَة"))]
    assert [text[s:e] for s, e in fuzzy_hits(text, "registraton")] == ["Registration"]
    assert [text[s:e] for s, e in fuzzy_hits(text, "الالكترونية")] == ["الإلكترونية"]
    assert exact_hits(text, "بطيئة") == [(text.index("بطيئة"), text.index("بطيئة") + 5)]


def test_vowel_signs_and_case_never_cost_a_typo():
    text = "الحُكُومَةُ and CAPACITY and Straße"
    assert [text[s:e] for s, e in fuzzy_hits(text, "الحكومة")] == ["الحُكُومَةُ"]
    assert [text[s:e] for s, e in fuzzy_hits(text, "capacity")] == ["CAPACITY"]
    assert [text[s:e] for s, e in fuzzy_hits(text, "strasse")] == ["Straße"]


def test_short_queries_are_searched_as_exact_whole_words():
    """No typo is allowed in a word of three letters or fewer, and a hit is a whole word: "a"
    no longer finds the "a" inside "Amal"."""
    assert fuzzy_hits("cap cat cop capital", "cap") == [(0, 3)]
    text = "Amal said a word"
    assert [text[s:e] for s, e in fuzzy_hits(text, "a")] == ["a"]


def test_a_query_of_vowel_marks_alone_is_an_exact_whole_word_whatever_the_budget():
    text = "\u064e \u064e\u064e ba"
    assert fuzzy_hits(text, "\u064e", 2) == brute_force(text, "\u064e", 2) == [(0, 1), (2, 4)]


def _found(text: str, query: str) -> list[str]:
    return [text[s:e] for s, e in fuzzy_hits(text, query)]


def test_typo_tolerant_hits_are_whole_words_never_pieces_of_one():
    text = "The e-government portal; governments govern. Governance and ungoverned areas."
    assert _found(text, "govern") == ["govern"]
    assert _found(text, "government") == ["government", "governments"]


def test_one_substitution_or_swap_finds_a_five_or_six_letter_word():
    text = "In Sabha the trust fund and the budget; the truth is told. المستشفى و مستشفى الجلاء"
    assert _found(text, "Sebha") == ["Sabha"]
    assert _found(text, "trsut") == ["trust"]
    assert _found(text, "bugdet") == ["budget"]
    assert _found(text, "مستشفا") == ["مستشفى"]


def test_two_typos_in_a_five_letter_word_are_not_a_hit():
    text = "the truth is told, and trust is earned"
    assert _found(text, "trust") == ["trust"]
    assert _found(text, "truth") == ["truth"]


def test_scores_rank_fewer_edits_first():
    hits = fuzzy_scored("Sabha, Sebha and Sbha", "Sebha")
    assert [(s, round(score)) for s, _, score in hits] == [(0, 80), (7, 100), (17, 80)]


def test_every_character_whose_case_fold_grows_is_in_the_first_plane():
    """The filter looks for such characters in the first 65,536 code points only."""
    assert all(len(chr(c).casefold()) == 1 for c in range(0x10000, 0x110000))
    assert EXPANDING.search("Straße") and not EXPANDING.search("strasse")


def test_the_growing_characters_are_exactly_those_whose_fold_grows():
    """EXPANDING is built from the fold table and the case fold apart; it must equal the
    definition (the fold of the one character is longer than one), character by character."""
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        assert bool(EXPANDING.fullmatch(ch)) == (len(char_fold(ch)) != 1), hex(code)


@settings(max_examples=150, deadline=None)
@given(st.lists(texts, max_size=6), text_and_query(), st.sampled_from([7, 1 << 18]))
def test_many_texts_at_once_give_each_text_its_own_hits(many, case, chunk):
    """The corpus search runs the filter once over many documents; no hit may cross from one
    document into the next, and none may be lost."""
    text, query = case
    many = [*many, text]
    assert fuzzy_scored_many(many, query, chunk=chunk) == [
        fuzzy_scored(t, query, chunk=chunk) for t in many]
    assert [[(s, e) for s, e, _ in hits] for hits in fuzzy_scored_many(many, query)] == [
        brute_force(t, query) for t in many]


VOCABULARY = ["capacity", "capcity", "الحكومة", "الحُكومةُ", "ٱلدولة", "الدولة", "أعلن", "اعلن",
              "café", "😀", "e-government", "the", "ministry", "\n"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), min_size=40, max_size=120),
       st.sampled_from(["capacity", "الحكومه", "الدوله", "اعلن", "cafe", "e government"]))
def test_mostly_arabic_and_english_text_with_a_few_other_characters(words, query):
    """Such text is read in the Arabic code page, each character it lacks (alef wasla, an
    emoji) replaced by a stand-in; the hits are still exactly the definition's."""
    text = " ".join(words)
    assert fuzzy_hits(text, query, chunk=64) == brute_force(text, query)


OPTIONS_ALPHABET = "aAbBcCdeEéÉ  -.\n1\u064eاأإالحكومى😀\u0301\u0640"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=OPTIONS_ALPHABET, max_size=60),
       st.text(alphabet=OPTIONS_ALPHABET, min_size=4, max_size=10),
       st.booleans(), st.booleans())
def test_case_and_exact_spelling_options_follow_the_same_definition(text, query, case, plain):
    """Case-sensitive or exact-spelling typo-tolerant search compares words as asked; the
    filter still runs on the default fold, with room for the difference."""
    hits = [(s, e) for s, e, _ in fuzzy_scored(text, query, chunk=16, case_sensitive=case,
                                              normalised=not plain)]
    assert hits == brute_force(text, query, case_sensitive=case, normalised=not plain)

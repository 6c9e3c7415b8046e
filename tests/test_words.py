"""Word frequencies equal a brute-force count, character by character, on random projects."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcode.analysis import Filters
from qcode.errors import Cancelled, InputError
from qcode.search.words import WordOptions, parse_by, word_frequencies
from tests.analysis_world import Doc, World, write_world

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# Latin (é precomposed and as e + accent, ß), Arabic letters, harakat and shadda, the alef
# forms, alef maksura, tatweel, digits (Arabic-Indic too), superscript two, apostrophes,
# punctuation, an emoji, white space.
ALPHABET = ("aAbBéeE\u0301ßz" "كتبمد\u064e\u064f\u0651" "اأإآٱىي\u0640" "19\u0663\u00b2"
            "'\u2019.,-= \n\U0001F600")
PARTS = st.sampled_from(["ministry's", "Ministry", "مُحَمَّد", "محمد", "أحمد", "احمد", "إلى",
                         "الي", "café", "cafe\u0301", "CAFÉ", "x²y", "covid19", " ", "\n"])
TEXTS = st.lists(st.text(ALPHABET, max_size=12) | PARTS, max_size=8).map("".join)


def in_word(ch: str) -> bool:
    return ch.isalpha() or (unicodedata.category(ch)[0] == "M" and ord(ch) < 0x10000)


def brute_words(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end): maximal runs of letters and marks holding a letter."""
    words, start = [], None
    for i, ch in enumerate(text + "\0"):
        if in_word(ch):
            start = i if start is None else start
        elif start is not None:
            if any(c.isalpha() for c in text[start:i]):
                words.append((text[start:i], start, i))
            start = None
    return words


def brute_key(word: str, normalise: bool = True) -> str:
    """The word as compared, computed without qcode: decomposed, marks and tatweel dropped,
    the two letters NFD does not reach mapped, case folded."""
    if not normalise:
        return word.lower().casefold()
    plain = "".join(c for c in unicodedata.normalize("NFD", word.lower())
                    if unicodedata.category(c)[0] != "M" and c != "\u0640")
    return plain.replace("\u0671", "\u0627").replace("\u0649", "\u064a").casefold()


def brute_table(found: dict[object, list[str]], order: list[object],
                total: list[str], normalise: bool = True, stop: frozenset[str] = frozenset(),
                min_length: int = 1) -> list[tuple]:
    """Rows (word, count, *group counts) from the words met: as written, per group."""
    def kept(word: str) -> bool:
        key = brute_key(word, normalise)
        return bool(key) and key not in stop and len(key) >= min_length

    written: dict[str, Counter] = {}
    for word in total:
        if kept(word):
            written.setdefault(brute_key(word, normalise), Counter())[word.lower()] += 1
    groups = {g: Counter(brute_key(w, normalise) for w in found[g] if kept(w)) for g in order}
    rows = []
    for key, forms in written.items():
        shown = min(forms, key=lambda f: (-forms[f], f != key, len(f), f))
        rows.append((shown, sum(forms.values()), *(groups[g][key] for g in order)))
    return sorted(rows, key=lambda r: (-r[1], r[0]))


@st.composite
def worlds(draw: st.DrawFn) -> World:
    texts = draw(st.lists(TEXTS, min_size=1, max_size=4))
    docs = tuple(Doc(i + 1, f"doc{i + 1}", t, draw(st.integers(0, 2)))
                 for i, t in enumerate(texts))
    values = {(d.id, 1): v for d in docs
              if (v := draw(st.sampled_from([None, "Academic", "=cmd", "IT"]))) is not None}
    codes = ((1, None, "Budget", 0), (2, None, "Trust", 1), (3, 2, "Credibility", 0))
    codings = []
    for d in docs:
        for _ in range(draw(st.integers(0, 4)) if d.text else 0):
            start = draw(st.integers(0, len(d.text) - 1))
            end = draw(st.integers(start + 1, len(d.text)))
            codings.append((len(codings) + 1, d.id, draw(st.sampled_from([1, 1, 2, 3])),
                            draw(st.sampled_from([1, 2])), start, end))
    return World(docs, codes, ((1, "Amal"), (2, "Omar")), ((1, "role", "text"),), values,
                 (), tuple(codings))


def ordered(world: World) -> list[Doc]:
    return sorted(world.docs, key=lambda d: (d.position, d.id))


def counted(project, options: WordOptions) -> list[tuple]:  # noqa: ANN001
    with project.reading() as s:
        return list(word_frequencies(s, options).records())


@SETTINGS
@given(world=worlds(), normalise=st.booleans())
def test_by_document_equals_brute_force(project, world: World, normalise: bool) -> None:
    write_world(project, world)
    docs = ordered(world)
    found = {d.id: [w for w, _, _ in brute_words(d.text)] for d in docs}
    total = [w for d in docs for w in found[d.id]]
    expected = brute_table(found, [d.id for d in docs], total, normalise)
    assert counted(project, WordOptions(by="document", normalise=normalise)) == expected
    assert counted(project, WordOptions(normalise=normalise)) == [r[:2] for r in expected]


@SETTINGS
@given(world=worlds())
def test_by_attribute_value_equals_brute_force(project, world: World) -> None:
    write_world(project, world)
    docs = ordered(world)
    value = {d.id: world.values.get((d.id, 1)) for d in docs}
    groups = sorted({v for v in value.values() if v is not None})
    groups += [None] if None in value.values() else []
    found = {g: [w for d in docs if value[d.id] == g for w, _, _ in brute_words(d.text)]
             for g in groups}
    total = [w for d in docs for w, _, _ in brute_words(d.text)]
    with project.reading() as s:
        table = word_frequencies(s, WordOptions(by="attribute", attribute="ROLE"))
    assert table.groups == tuple("(missing)" if g is None else g for g in groups)
    assert list(table.records()) == brute_table(found, groups, total)


@SETTINGS
@given(world=worlds(), coders=st.sampled_from([(), ("Amal",)]))
def test_by_code_counts_each_word_a_code_covers_once(project, world: World,
                                                     coders: tuple[str, ...]) -> None:
    write_world(project, world)
    coder_ids = {1} if coders else {1, 2}
    found: dict[int, list[str]] = {1: [], 2: [], 3: []}
    total: list[str] = []
    for d in ordered(world):
        coded: dict[int, set[int]] = {1: set(), 2: set(), 3: set()}
        for _, doc, code, coder, start, end in world.codings:
            if doc == d.id and coder in coder_ids:
                coded[code].update(range(start, end))
        every = set().union(*coded.values())
        for word, start, end in brute_words(d.text):
            chars = set(range(start, end))
            for code in coded:
                if chars & coded[code]:
                    found[code].append(word)
            if chars & every:
                total.append(word)
    with project.reading() as s:
        table = word_frequencies(s, WordOptions(by="code", filters=Filters(coders=coders)))
    assert table.groups == ("Budget", "Trust", "Trust/Credibility")
    assert list(table.records()) == brute_table(found, [1, 2, 3], total)


def test_overlapping_codings_of_one_code_count_a_word_once(project) -> None:  # noqa: ANN001
    text = "budget budget trust"
    world = World((Doc(1, "E01", text, 0),), ((1, None, "Budget", 0),), ((1, "Amal"),),
                  (), {}, (), ((1, 1, 1, 1, 0, 10), (2, 1, 1, 1, 3, 13), (3, 1, 1, 1, 9, 12)))
    write_world(project, world)
    assert counted(project, WordOptions(by="code")) == [("budget", 2, 2)]


def test_words_are_letters_and_marks_compared_as_the_search_compares(project) -> None:  # noqa: ANN001
    text = "The ministry's MINISTRY; مُحَمَّد محمد، أحمد احمد إلى الي covid19 x²y café cafe"
    write_world(project, World((Doc(1, "E01", text, 0),), (), (), (), {}, (), ()))
    rows = dict(counted(project, WordOptions()))
    assert rows == {"ministry": 2, "the": 1, "s": 1, "محمد": 2, "احمد": 2, "الي": 2,
                    "covid": 1, "x": 1, "y": 1, "cafe": 2}
    exact = dict(counted(project, WordOptions(normalise=False)))
    assert exact["ministry"] == 2 and exact["مُحَمَّد"] == 1 and exact["café"] == 1


def test_minimum_length_and_top(project) -> None:  # noqa: ANN001
    text = "a an the budget budget trust trust trust"
    write_world(project, World((Doc(1, "E01", text, 0),), (), (), (), {}, (), ()))
    assert counted(project, WordOptions(min_length=4)) == [("trust", 3), ("budget", 2)]
    assert counted(project, WordOptions(top=2)) == [("trust", 3), ("budget", 2)]


def test_filters_choose_documents(project) -> None:  # noqa: ANN001
    docs = (Doc(1, "E01", "budget", 0), Doc(2, "E02", "trust", 1))
    write_world(project, World(docs, (), (), ((1, "role", "text"),),
                               {(1, 1): "IT", (2, 1): "Academic"}, (), ()))
    where = Filters(where=(("role", "Academic"),))
    assert counted(project, WordOptions(filters=where)) == [("trust", 1)]
    with pytest.raises(InputError, match="no document has role=Nobody"):
        counted(project, WordOptions(filters=Filters(where=(("role", "Nobody"),))))


def test_an_empty_project_counts_nothing(project) -> None:  # noqa: ANN001
    with project.reading() as s:
        table = word_frequencies(s, WordOptions(by="code"))
    assert (table.rows, table.groups, table.documents) == ((), (), 0)


def test_progress_reports_and_cancels(project) -> None:  # noqa: ANN001
    write_world(project, World((Doc(1, "E01", "budget", 0),), (), (), (), {}, (), ()))
    seen = []
    with project.reading() as s:
        word_frequencies(s, WordOptions(), lambda done, total, label: seen.append((done, total)))
        with pytest.raises(Cancelled):
            word_frequencies(s, WordOptions(), lambda *_: False)
    assert seen[-1] == (1, 1)


@pytest.mark.parametrize("spec, message", [
    ("speakers", "cannot group words by 'speakers'"),
    ("attribute:", "cannot group words by 'attribute:'"),
])
def test_a_wrong_grouping_is_one_clear_line(spec: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_by(spec)


def test_coders_need_grouping_by_code() -> None:
    with pytest.raises(InputError, match="needs grouping by code"):
        WordOptions(filters=Filters(coders=("Amal",)))

"""REFI-QDA selection positions land on the words the exporting tool coded, whatever it counted.

Each test writes a source's text, marks the words a coder selected, encodes their positions as
a tool counting in one way would (code points, UTF-16 units, a BOM counted or not, CRLF as one
or two characters) and checks that qcode codes exactly those words.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.exchange.positions import place
from qcode.exchange.records import Selection, Skipped, Source
from qcode.exchange.textmap import TextMap
from qcode.importers.normalise import normalise_text

BOM = "\ufeff"
EMOJI, CJK_B = "\U0001f600", "\U00020000"  # 😀 and 𠀀: two UTF-16 units each


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def counter(*, units: Callable[[str], int] = len, bom: bool = False,
            crlf_as_one: bool = False) -> Callable[[str], int]:
    """How a tool counts the raw text before a position."""
    def count(prefix: str) -> int:
        if not bom:
            prefix = prefix.removeprefix(BOM)
        if crlf_as_one:
            prefix = prefix.replace("\r\n", "\n")
        return units(prefix)
    return count


def source(raw: str, words: list[str], count: Callable[[str], int] = len) -> Source:
    """A source over ``raw`` with one selection per word (its first occurrence after the
    previous one), positions counted by ``count``."""
    selections, at = [], 0
    for n, word in enumerate(words):
        start = raw.index(word, at)
        at = start + len(word)
        selections.append(Selection(f"{n:08d}-sel", count(raw[:start]), count(raw[:at])))
    return Source("5f0c1e2a-0000-4000-8000-000000000001", "E07", raw, "sources/e07.txt",
                  tuple(selections))


def coded(raw: str, words: list[str], count: Callable[[str], int] = len) -> list[str]:
    placed = place(source(raw, words, count))
    return [placed.text[s[1]:s[2]] for s in placed.spans if not isinstance(s, Skipped)]


INTERVIEW = (f"Q: Do you trust the portal? {EMOJI} {CJK_B}\r\n"
             "A: The ministry must own it, and the data must be published.\r\n"
             f"Q: Anything else? {EMOJI}{EMOJI}\r\n"
             "A: Citizens need to see results before they believe in it.\r\n")
WORDS = ["ministry must own it", "data", "Citizens need to see results", "believe"]


def test_astral_characters_before_a_selection_counted_as_utf16_units():
    raw = INTERVIEW.replace("\r\n", "\n")
    assert coded(raw, WORDS, counter(units=utf16)) == WORDS
    assert place(source(raw, WORDS, counter(units=utf16))).assumption == "UTF-16 code units"


def test_selections_that_start_or_end_at_an_astral_character():
    raw = f"Results{EMOJI}{EMOJI} came, {CJK_B}{CJK_B}讨论 then more {EMOJI}.\n" * 3
    words = [f"Results{EMOJI}", f"{EMOJI} came", CJK_B, f"{CJK_B}讨论", f"more {EMOJI}",
             f"came, {CJK_B}", EMOJI]
    assert coded(raw, words, counter(units=utf16)) == words
    assert coded(raw, words) == words


def test_code_points_are_the_standard_reading():
    raw = INTERVIEW.replace("\r\n", "\n")
    assert coded(raw, WORDS) == WORDS
    assert place(source(raw, WORDS)).assumption == "Unicode code points"
    tie = f"The ministry must own it. {EMOJI}"  # both readings agree: the standard's is said
    assert place(source(tie, ["ministry"], counter(units=utf16))).assumption == \
        "Unicode code points"


def test_a_byte_order_mark_counted_or_not():
    raw = BOM + INTERVIEW.replace("\r\n", "\n")
    counted = source(raw, WORDS, counter(bom=True))
    assert coded(raw, WORDS, counter(bom=True)) == WORDS
    assert place(counted).assumption == "code points, byte-order mark counted"
    not_counted = source(raw, WORDS, counter(bom=False))
    assert coded(raw, WORDS, counter(bom=False)) == WORDS
    assert place(not_counted).assumption == "code points, byte-order mark not counted"
    assert not place(counted).text.startswith(BOM)


def test_crlf_counted_as_one_or_as_two_characters():
    as_one = source(INTERVIEW, WORDS, counter(crlf_as_one=True))
    assert coded(INTERVIEW, WORDS, counter(crlf_as_one=True)) == WORDS
    assert place(as_one).assumption == "code points, CRLF counted as one character"
    assert coded(INTERVIEW, WORDS) == WORDS
    assert place(source(INTERVIEW, WORDS)).assumption == \
        "code points, CRLF counted as two characters"
    assert "\r" not in place(as_one).text


def test_every_reading_at_once_utf16_bom_and_crlf():
    raw = BOM + INTERVIEW
    count = counter(units=utf16, bom=True, crlf_as_one=True)
    assert coded(raw, WORDS, count) == WORDS
    assert place(source(raw, WORDS, count)).assumption == \
        "UTF-16 code units, byte-order mark counted, CRLF counted as one character"


def test_a_reading_one_off_that_takes_a_space_loses_the_tie():
    """UTF-16 units, BOM counted, CRLF as one: each emoji's second unit and each CR's absence
    cancel out, so code points with CRLF as two also keep every boundary between words, one
    character late; the selection it makes end after a space tells it apart."""
    raw = (f"{BOM}Q: Hello {EMOJI} there.\r\nA: The target phrase \U0001f389 matters a lot."
           "\r\nQ: next \U0001f44d one?\r\nA: final target word here.\r\n")
    words = [f"Hello {EMOJI} there", "target phrase \U0001f389 matters", "final target word"]
    count = counter(units=utf16, bom=True, crlf_as_one=True)
    assert coded(raw, words, count) == words
    assert place(source(raw, words, count)).assumption == \
        "UTF-16 code units, byte-order mark counted, CRLF counted as one character"


def test_arabic_answers_with_harakat():
    raw = ("س: هل تثق بالبوابة؟\r\n"
           f"ج: يجب أن تَملِك الوزارةُ البيانات {EMOJI} وأن تنشرها.\r\n"
           "ج: المواطنون يحتاجون إلى رؤية النتائج.\r\n")
    words = ["تَملِك الوزارةُ", "وأن تنشرها", "رؤية النتائج"]
    for count in (len, counter(units=utf16), counter(crlf_as_one=True),
                  counter(units=utf16, crlf_as_one=True)):
        assert coded(raw, words, count) == words


def test_decomposed_text_is_stored_composed_and_the_selection_follows():
    raw = unicodedata.normalize("NFD", "Le café était fermé. Les élèves ont attendu à côté.\n")
    words = [unicodedata.normalize("NFD", w) for w in ("était fermé", "élèves", "à côté")]
    got = coded(raw, words)
    assert got == [unicodedata.normalize("NFC", w) for w in words]
    assert place(source(raw, words)).text == unicodedata.normalize("NFC", raw).rstrip()


def test_control_characters_vanish_and_selections_after_them_still_fit():
    raw = "The\x00 ministry\x0b must own\x07 it.\f Citizens need results."
    words = ["ministry", "must own", "Citizens need results"]
    assert coded(raw, words) == words


def test_a_selection_outside_its_text_is_skipped_and_named():
    raw = "Trust in the portal grew after the ministry published data."
    selections = (Selection("aaaa1111-x", 9, 19), Selection("bbbb2222-x", 40, 400))
    placed = place(Source("g", "E07", raw, "PlainTextContent", selections))
    assert placed.text[placed.spans[0][1]:placed.spans[0][2]] == "the portal"
    skipped = placed.spans[1]
    assert isinstance(skipped, Skipped)
    assert "E07" in skipped.what and "bbbb2222" in skipped.what
    assert "outside the text" in skipped.reason


def test_empty_or_backwards_selections_and_ones_empty_after_normalising_are_skipped():
    raw = "Trust in the portal.   \r\n\t  \r\n"
    end = len(raw)
    selections = (Selection("e1", 5, 5), Selection("e2", 8, 3), Selection("e3", 20, end))
    placed = place(Source("g", "E07", raw, "PlainTextContent", selections))
    assert placed.text == "Trust in the portal."
    reasons = [s.reason for s in placed.spans if isinstance(s, Skipped)]
    assert len(reasons) == 3 and not any("skipped" in r for r in reasons)  # said once, in front
    assert "empty" in reasons[0] and "before it starts" in reasons[1]
    assert "drops" in reasons[2]


def test_a_source_without_selections_keeps_its_normalised_text():
    raw = BOM + "Line one\r\nLine two  \r\n"
    placed = place(Source("g", "E01", raw, "sources/e01.txt"))
    assert (placed.text, placed.spans) == ("Line one\nLine two", ())


def test_many_selections_are_decided_on_a_sample_and_all_converted():
    line = f"{EMOJI} trust and credibility of the state\r\n"
    raw = line * 3000
    words = ["credibility"] * 3000
    count = counter(units=utf16, crlf_as_one=True)
    assert coded(raw, words, count) == words


# -- random texts ---------------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ" + "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "éàçü"
word = st.text(LETTERS, min_size=2, max_size=9)
#: what may come before a word: nothing, an astral character (word or not), a line end
prefix = st.sampled_from(["", f"{EMOJI} ", f"{CJK_B} ", "\r\n", f"{EMOJI}\r\n", "\n", "\t"])
readings = st.sampled_from([
    counter(), counter(units=utf16), counter(bom=True), counter(crlf_as_one=True),
    counter(units=utf16, bom=True, crlf_as_one=True), counter(units=utf16, crlf_as_one=True),
])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(prefix, word), min_size=1, max_size=12), st.booleans(), readings)
def test_words_come_back_under_every_reading(segments, bom, count):
    raw = (BOM if bom else "") + " ".join(p + w for p, w in segments) + "\r\n"
    words = [w for _, w in segments]
    assert coded(raw, words, count) == words


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", " ", "\r", "\n", "\r\n", "\t", "\x00", "\x0b", BOM,
                                 "e\u0301", "\u0301", "\u0323", "\u1100\u1161", EMOJI, "ا",
                                 "\u2028", "\x85"]), max_size=30).map("".join))
def test_the_offset_map_follows_normalisation(raw):
    text_map = TextMap(raw)
    assert text_map.text == normalise_text(raw)
    for i in range(len(raw) + 1):
        if i < len(raw) and (raw[i] not in " \t\n" or raw[i - 1:i + 1] == "\r\n"):
            continue  # only where nothing before can compose with what follows
        expected = min(len(normalise_text(raw[:i] + "|")) - 1, len(text_map.text))
        assert text_map.offset(i) == expected, i


def test_a_file_qcode_wrote_is_read_as_the_code_points_it_wrote():
    """A coding ending inside a word after an emoji looks like a UTF-16 selection ending
    between words; qcode's own export counts code points, and says so."""
    raw = f"{EMOJI}aa and more"
    selection = (Selection("00000000-sel", 0, 2),)
    from_qcode = place(Source("5f0c1e2a-0000-4000-8000-000000000002", "E01", raw,
                              "sources/e01.txt", selection, origin="qcode 0.9"))
    assert [from_qcode.text[s[1]:s[2]] for s in from_qcode.spans] == [f"{EMOJI}a"]
    assert from_qcode.assumption == "Unicode code points (written by qcode)"
    elsewhere = place(Source("5f0c1e2a-0000-4000-8000-000000000002", "E01", raw,
                             "sources/e01.txt", selection, origin="Another tool 1.0"))
    assert [elsewhere.text[s[1]:s[2]] for s in elsewhere.spans] == [EMOJI]  # scored: UTF-16

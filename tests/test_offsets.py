"""The one helper pair between qcode's code point offsets and Qt's UTF-16 positions."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from qcode.offsets import OffsetMap, cp_to_utf16, utf16_to_cp


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def test_emoji_counts_two_units_in_qt_and_one_code_point():
    text = "Trust 🤝 matters 👍🏽 here"
    start = text.index("matters")
    assert cp_to_utf16(text, start) == utf16_len(text[:start]) == start + 1
    end_of_skin_tone = text.index(" here")
    assert cp_to_utf16(text, end_of_skin_tone) == end_of_skin_tone + 3
    assert utf16_to_cp(text, start + 1) == start


def test_arabic_with_diacritics_and_combining_marks_map_one_to_one():
    arabic = "الحُكُومَة الإلِكْتْرُونِيَّة"
    combining = unicodedata.normalize("NFD", "café naïve")
    for text in (arabic, combining):
        for i in range(len(text) + 1):
            assert cp_to_utf16(text, i) == i
            assert utf16_to_cp(text, i) == i


def test_position_inside_a_surrogate_pair_snaps_to_the_character_start():
    text = "a😀b"
    assert utf16_to_cp(text, 2) == 1  # between the halves of 😀
    assert utf16_to_cp(text, 3) == 2


def test_out_of_range_offsets_are_refused():
    m = OffsetMap("ab😀")
    for bad in (-1, 4):
        try:
            m.to_utf16(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad} accepted")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_round_trip_matches_utf16_encoding(text: str):
    m = OffsetMap(text)
    assert m.utf16_length == utf16_len(text)
    for cp in range(len(text) + 1):
        u16 = m.to_utf16(cp)
        assert u16 == utf16_len(text[:cp])
        assert m.from_utf16(u16) == cp

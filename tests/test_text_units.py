"""Sentences and paragraphs: what a reader would call one, in English and Arabic, and spans
that are always disjoint, trimmed and never cross a line break."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcode.text_units import paragraphs, sentences


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


@pytest.mark.parametrize(("text", "expected"), [
    ("Training matters. Donors fund it! Why?  Trust.", ["Training matters.", "Donors fund it!",
                                                        "Why?", "Trust."]),
    ("ما رأيك في الحكومة الإلكترونية؟ الثقة هي الأساس. نعم۔ لا",
     ["ما رأيك في الحكومة الإلكترونية؟", "الثقة هي الأساس.", "نعم۔", "لا"]),
    ('He said "stop." Then he left… Later', ['He said "stop."', "Then he left…", "Later"]),
    ("It costs 3.5 million (e.g.x) today", ["It costs 3.5 million (e.g.x) today"]),
    ("First line\nsecond line. Third", ["First line", "second line.", "Third"]),
    ("Wait?! Really?)  Yes", ["Wait?!", "Really?)", "Yes"]),
    ("   \n\n  ", []),
    ("", []),
])
def test_sentences_end_at_marks_followed_by_space_and_at_line_breaks(text, expected):
    assert _texts(text, sentences(text)) == expected


def test_paragraphs_are_lines_without_their_outer_white_space():
    text = "  Interviewer: Why?\r\n\nE01: Because. It works.  \u2029last"
    assert _texts(text, paragraphs(text)) == ["Interviewer: Why?", "E01: Because. It works.",
                                              "last"]


ALPHABET = "ab .!?\u061f\u06d4\u2026\"')\n\r\u2029\t"


@given(st.text(ALPHABET, max_size=60))
def test_units_are_disjoint_trimmed_and_never_cross_a_line_break(text):
    for split in (sentences, paragraphs):
        spans = split(text)
        assert all(a < b for a, b in spans)
        assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))
        for piece in _texts(text, spans):
            assert piece == piece.strip()
            assert len(piece.splitlines()) == 1
        covered = {i for a, b in spans for i in range(a, b)}
        assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


@given(st.text(ALPHABET, max_size=60))
def test_every_sentence_lies_in_one_paragraph(text):
    inside = paragraphs(text)
    for a, b in sentences(text):
        assert any(p <= a and b <= q for p, q in inside)

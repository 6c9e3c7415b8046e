"""Normalisation and the writing direction, made fast, give exactly what they gave before."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qcode.importers.normalise import _TRANSLATION, document_direction, text_direction
from qcode.importers.normalise import normalise_text as normalise
from qcode.importers.turns import find_turns, label_spans

_NEEDS = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATION) + "]")


def reference_normalise(raw: str) -> str:
    """normalise_text as it was first written."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if _NEEDS.search(text):
        text = text.translate(_TRANSLATION)
    return unicodedata.normalize("NFC", text).rstrip()


# Control characters, line breaks of every kind, BOMs, combining marks (NFC composes them),
# Latin-1, Arabic and Hebrew letters, brackets (transcriber notes), labels.
ALPHABET = ("\x00\x01\x08\t\n\x0b\x0c\r\x1a\x1c\x1f \x7f\x80\x85\x9f\xa0é\xff"
            "\ufeff\u2028\u2029\u0301\u0308e\u0627\u0644\u05d0[]:0aZ\u200f\u2067")
RAW = st.text(alphabet=ALPHABET, max_size=60)
LINES = st.lists(st.one_of(RAW, st.sampled_from([
    "Interviewer: Hello", "E07: مرحبا", "[00:01:02] E07: [laughs] نعم", "المحاور: what?",
    "E07: [note] ok", "Q:", "A: 123", "الخبير:", "E07\tنعم", "Interviewer\tyes", ""])),
    max_size=12).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(RAW)
@example("Z\u0301\x00")  # a dropped character must not hide a letter that NFC composes
def test_normalise_equals_the_reference(raw: str) -> None:
    assert normalise(raw) == reference_normalise(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0xff), max_size=40))
def test_latin1_text_is_in_nfc_already(text: str) -> None:
    """Why normalisation may skip NFC for text of characters below U+0100."""
    assert unicodedata.normalize("NFC", text) == text


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_document_direction_equals_text_direction_with_every_label(raw: str) -> None:
    text = normalise(raw)
    turns = tuple(find_turns(text))
    assert document_direction(text, turns) == text_direction(text, label_spans(text, turns))


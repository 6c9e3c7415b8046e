"""Plain text and Markdown import: encodings written as real bytes, binary refused."""

from __future__ import annotations

import codecs
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcode.errors import InputError
from qcode.importers import read_document
from qcode.importers.normalise import normalise_text
from qcode.importers.text_reader import read_txt

ARABIC_PARAGRAPH = (
    "المحاور: ما هي أهم التحديات التي تواجه الحكومة الإلكترونية في ليبيا؟\n"
    "الخبير: في الحقيقة، البنية التحتية ضعيفة جداً، والإنترنت غير مستقر في كثير من المدن. "
    "كما أن الموظفين يحتاجون إلى تدريب على الأنظمة الجديدة."
)
ENGLISH = "Interviewer: How long did the registration take?\nExpert 07: About three weeks."
FRENCH = "Intervieweur : Le café était très animé, et l'élève répondit à la question."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
])
def test_unicode_encodings_with_and_without_bom_read_the_same_text(tmp_path, encoding, bom):
    text = ENGLISH + "\n" + ARABIC_PARAGRAPH
    doc = read_document(write(tmp_path, "t.txt", bom + text.encode(encoding)))
    assert doc.text == text
    assert "\ufeff" not in doc.text
    assert doc.direction == "mixed"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(tmp_path, encoding):
    text = ENGLISH + "\n" + ARABIC_PARAGRAPH + "\nAlso 一 and Ā, whose UTF-16 holds a NUL byte."
    doc = read_document(write(tmp_path, "t.txt", text.encode(encoding)))
    assert doc.text == text


def test_arabic_windows_1256_paragraph(tmp_path):
    doc = read_document(write(tmp_path, "ar.txt", ARABIC_PARAGRAPH.encode("cp1256")))
    assert doc.text == ARABIC_PARAGRAPH
    assert doc.direction == "rtl"
    assert [t.speaker for t in doc.turns] == ["المحاور", "الخبير"]


@pytest.mark.parametrize("text", [
    "نعم",  # a one-word answer: detectors guess EBCDIC here
    "الخبير: لا أعرف.",
    "Interviewer: And then?\nالخبير: البوابة الإلكترونية لم تكتمل بعد.",
])
def test_short_arabic_windows_1256_is_not_misread(text):
    assert read_txt(text.encode("cp1256"), Path("short.txt")) == text


def test_arabic_iso_8859_6_paragraph():
    assert read_txt(ARABIC_PARAGRAPH.encode("iso8859_6"), Path("iso.txt")) == ARABIC_PARAGRAPH


@pytest.mark.parametrize("text, encoding", [
    (FRENCH, "latin-1"),
    ("Café crème", "latin-1"),
    ("Grüße aus München, die Fähre über den Fluß.", "latin-1"),
    ("Fähre Öl", "latin-1"),  # would be Arabic letters in Windows-1256
    ("El niño comió jamón en la mañana.", "latin-1"),
    ("He said \u201cyes\u201d \u2014 it\u2019s fine, 5\u20ac.", "cp1252"),
])
def test_western_legacy_encodings(text, encoding):
    assert read_txt(text.encode(encoding), Path("w.txt")) == text


@pytest.mark.parametrize("text, encoding", [
    ("Привет, как дела? Это тестовый текст интервью.", "cp1251"),
    ("Καλημέρα, τι κάνεις σήμερα;", "cp1253"),
])
def test_other_legacy_encodings_go_to_the_detector(text, encoding):
    assert read_txt(text.encode(encoding), Path("o.txt")) == text


def test_utf8_with_one_damaged_byte_stays_utf8():
    text = (FRENCH + "\n") * 3
    data = text.encode() + b"\xe9t\xe9"  # a Latin-1 word pasted at the end
    decoded = read_txt(data, Path("d.txt"))
    assert decoded.startswith(text)  # accents intact, not "Ã©"
    assert decoded.endswith("\ufffdt\ufffd")


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends_become_lf(tmp_path, ending):
    lines = ["Interviewer: one", "Expert 07: two", "", "Interviewer: three"]
    doc = read_document(write(tmp_path, "le.txt", ending.join(lines).encode()))
    assert doc.text == "\n".join(lines)
    assert [doc.text[t.start:t.end] for t in doc.turns] == [
        "Interviewer: one", "Expert 07: two", "Interviewer: three"]


def test_decomposed_accents_are_composed_to_nfc(tmp_path):
    decomposed = "Interviewer: Cafe\u0301 et e\u0301le\u0300ve"
    doc = read_document(write(tmp_path, "nfd.txt", decomposed.encode()))
    assert doc.text == "Interviewer: Café et élève"
    assert doc.text == unicodedata.normalize("NFC", decomposed)
    assert len(doc.text) == len(decomposed) - 3


def test_markdown_source_is_kept_as_written(tmp_path):
    source = "# Interview 7\n\n**Interviewer:** Why *online*?\n\n**Expert 07:** Trust.\n"
    doc = read_document(write(tmp_path, "i7.md", codecs.BOM_UTF8 + source.encode()))
    assert doc.text == source.rstrip()
    assert doc.format == "md"
    assert [(t.speaker, doc.text[t.start:t.end]) for t in doc.turns] == [
        ("Interviewer", "**Interviewer:** Why *online*?"),
        ("Expert 07", "**Expert 07:** Trust."),
    ]


def test_markdown_in_windows_1256(tmp_path):
    source = "## مقابلة\n\n" + ARABIC_PARAGRAPH
    doc = read_document(write(tmp_path, "ar.markdown", source.encode("cp1256")))
    assert doc.text == source


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8,
    b"\x7fELF\x02\x01\x01" + bytes(200),
    bytes(range(256)) * 4,
    b"text with NUL\x00inside it, like a word processor's binary file",
])
def test_binary_data_named_txt_is_refused(tmp_path, data):
    path = write(tmp_path, "photo.txt", data)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.reason.startswith("not a text file (")  # binary data, or what it is
    assert str(caught.value).startswith("photo.txt: ")


def test_random_bytes_named_txt_are_refused(tmp_path):
    path = write(tmp_path, "random.txt", os.urandom(4096))
    with pytest.raises(InputError, match="binary data"):
        read_document(path)


def test_control_characters_text_is_refused():
    with pytest.raises(InputError, match="binary data"):
        read_txt(b"a\x01b\x02c\x03d\x04e\x05f", Path("ctl.txt"))


def test_a_few_stray_controls_are_tolerated_and_removed(tmp_path):
    data = b"Interviewer: page one\x0cExpert 07: page two\x1a"
    doc = read_document(write(tmp_path, "ff.txt", data))
    assert doc.text == "Interviewer: page one\nExpert 07: page two"


def test_damaged_utf16_after_bom_is_refused():
    data = codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8"  # lone surrogate
    with pytest.raises(InputError, match="damaged UTF-16"):
        read_txt(data, Path("bad.txt"))


def test_empty_file_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        read_document(write(tmp_path, "empty.txt", b""))
    assert caught.value.reason == "the file is empty"


def test_blank_file_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        read_document(write(tmp_path, "blank.txt", b"\xef\xbb\xbf  \r\n\r\n\t"))
    assert caught.value.reason == "the file has no text"


def test_sha256_is_of_the_original_bytes(tmp_path):
    import hashlib

    data = ARABIC_PARAGRAPH.encode("cp1256")
    doc = read_document(write(tmp_path, "h.txt", data))
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn")),
               max_size=200))
def test_any_utf8_text_round_trips_up_to_normalisation(text):
    decoded = read_txt(text.encode("utf-8"), Path("h.txt"))
    assert normalise_text(decoded) == normalise_text(text)

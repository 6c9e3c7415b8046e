"""RTF and PDF import from real files built in the test (RTF and PDF written by hand)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from qcode.errors import InputError
from qcode.importers import read_document
from qcode.importers.pdf_reader import read_pdf

ARABIC_QUESTION = "المحاور: ما هي التحديات؟"
ARABIC_ANSWER = "الخبير: البنية التحتية ضعيفة."


def rtf_hex(text: str, encoding: str) -> str:
    return "".join(f"\\'{b:02x}" for b in text.encode(encoding))


def rtf_unicode(text: str) -> str:
    """\\uN escapes with a '?' fallback, surrogate halves as signed 16-bit numbers like Word."""
    units = text.encode("utf-16-le")
    out = []
    for i in range(0, len(units), 2):
        n = int.from_bytes(units[i:i + 2], "little")
        out.append(f"\\u{n - 65536 if n > 32767 else n}?")
    return "".join(out)


def arabic_rtf() -> bytes:
    return (
        "{\\rtf1\\ansi\\ansicpg1256\\deff0"
        "{\\fonttbl{\\f0\\fnil\\fcharset178 Arial;}{\\f1\\fswiss\\fcharset0 Arial;}}\r\n"
        "{\\colortbl ;\\red0\\green0\\blue0;}{\\*\\generator Msftedit 5.41.21.2510;}\r\n"
        "\\viewkind4\\uc1\\pard\\f1\\fs22 Interviewer: Caf\\'e9 or tea?\\par\r\n"
        "\\f0 " + rtf_hex(ARABIC_QUESTION, "cp1256") + "\\par\r\n"
        "\\pard\\rtlpar " + rtf_unicode(ARABIC_ANSWER) + "\\par\r\n"
        "\\f1 Expert 07: a smile " + rtf_unicode("\U0001F600") + " and "
        "\\ldblquote quotes\\rdblquote .\\par\r\n}"
    ).encode("ascii")


def test_rtf_with_code_page_bytes_and_unicode_escapes(tmp_path):
    path = tmp_path / "interview.rtf"
    path.write_bytes(arabic_rtf())
    doc = read_document(path)
    assert doc.text == (
        "Interviewer: Café or tea?\n" + ARABIC_QUESTION + "\n" + ARABIC_ANSWER + "\n"
        "Expert 07: a smile \U0001F600 and \u201cquotes\u201d."
    )
    assert [t.speaker for t in doc.turns] == ["Interviewer", "المحاور", "الخبير", "Expert 07"]
    assert doc.direction == "mixed"
    assert doc.format == "rtf"


def test_rtf_raw_8bit_bytes_are_read_in_the_ansicpg_code_page(tmp_path):
    path = tmp_path / "raw.rtf"
    path.write_bytes(b"{\\rtf1\\ansi\\ansicpg1256\\deff0 " + ARABIC_ANSWER.encode("cp1256")
                     + b"\\par}")
    assert read_document(path).text == ARABIC_ANSWER


def test_rtf_without_ansicpg_defaults_to_windows_1252(tmp_path):
    path = tmp_path / "western.rtf"
    path.write_bytes(b"{\\rtf1\\ansi \\'c9l\\'e8ve: \\'93oui\\'94\\par}")
    assert read_document(path).text == "Élève: \u201coui\u201d"


def test_file_not_starting_with_rtf_header_is_refused(tmp_path):
    path = tmp_path / "fake.rtf"
    path.write_bytes(b"Interviewer: this is plain text named .rtf")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.reason == "not an RTF file (it does not start with {\\rtf)"


def pdf_with_text(pages: list[list[str]]) -> bytes:
    """A minimal PDF 1.4 with a Helvetica text layer, one content stream per page."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        shown = " ".join(f"({line}) Tj T*" for line in lines)
        stream = f"BT /F1 12 Tf 72 720 Td 14 TL {shown} ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


TWO_PAGES = [["Interviewer: Hello and welcome.", "Expert 07: Thank you."], ["Interviewer: Bye."]]


def test_pdf_text_layer_pages_joined_by_blank_line(tmp_path):
    path = tmp_path / "interview.pdf"
    path.write_bytes(pdf_with_text(TWO_PAGES))
    doc = read_document(path)
    assert doc.text == ("Interviewer: Hello and welcome.\nExpert 07: Thank you.\n\n"
                        "Interviewer: Bye.")
    assert [(t.speaker, doc.text[t.start:t.end]) for t in doc.turns] == [
        ("Interviewer", "Interviewer: Hello and welcome."),
        ("Expert 07", "Expert 07: Thank you."),
        ("Interviewer", "Interviewer: Bye."),
    ]


def encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_text(TWO_PAGES))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_pdf_is_refused(tmp_path):
    path = tmp_path / "secret.pdf"
    path.write_bytes(encrypted("secret"))
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.reason == "password-protected PDF"
    assert str(caught.value) == "secret.pdf: password-protected PDF"


def test_pdf_encrypted_with_owner_password_only_opens(tmp_path):
    path = tmp_path / "restricted.pdf"
    data = encrypted("")
    assert b"/Encrypt" in data and b"Hello and welcome" not in data
    path.write_bytes(data)
    assert read_document(path).text.startswith("Interviewer: Hello and welcome.")


def test_scanned_pdf_without_text_layer_is_refused(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as f:
        writer.write(f)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.reason == "no text layer (scanned PDF?); run OCR first"


@pytest.mark.parametrize("data, reason", [
    (b"%PDF-1.4\nthis is not a PDF body", "damaged PDF"),
    (pdf_with_text(TWO_PAGES)[:300], "damaged PDF"),
    (b"Interviewer: plain text named .pdf", "not a PDF file (no %PDF header)"),
])
def test_damaged_pdf_gives_one_clear_message(tmp_path, data, reason):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.reason.startswith(reason)
    assert "\n" not in str(caught.value) and str(caught.value).startswith("broken.pdf: ")


def test_pdf_with_cyclic_page_tree_does_not_hang():
    data = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 >>\nendobj\n"
            b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    with pytest.raises(InputError, match="damaged PDF"):
        read_pdf(data, Path("loop.pdf"))


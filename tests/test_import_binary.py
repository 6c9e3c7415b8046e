"""Binary files named .txt, .md or .csv: refused saying what they look like, never imported as a
document of garbage characters; real text (UTF-16 with a BOM, a few stray controls) still is."""

from __future__ import annotations

import codecs
import struct
from pathlib import Path

import pytest

from qcode.cli.main import main
from qcode.errors import InputError
from qcode.importers import read_document
from qcode.importers.csv_table import read_csv_table
from qcode.project import Project

#: Bytes a binary body may well hold: accented Latin letters and ASCII, no NUL, few controls,
#: so only the signature tells that the file is not text.
BODY = ("Résumé café naïve déjà vu " * 40).encode("latin-1") + bytes(range(0xa0, 0x100)) * 4

SIGNED = {
    "a PNG image": b"\x89PNG\r\n\x1a\n",
    "a PDF document": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    "a ZIP archive or an Office document": b"PK\x03\x04\x14",
    "a GIF image": b"GIF89a\x10\x01",
    "a JPEG image": b"\xff\xd8\xff\xe0",
    "an old Word or Excel file (.doc, .xls)": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    "a program (ELF)": b"\x7fELF\x02\x01\x01",
    "a gzip archive": b"\x1f\x8b\x08",
    "an SQLite database (a qcode project?)": b"SQLite format 3\x00",
    "an MP3 audio file": b"ID3\x04\x00\x40",
    "a WAV audio file": b"RIFF\xa4\xf1\x02\x01WAVEfmt ",
    "an AVI video": b"RIFF\xa4\xf1\x02\x01AVI LIST",
    "an MP4 video or audio file": b"\x01\x02\x03\x18ftypisom",
    "a 7z archive": b"7z\xbc\xaf\x27\x1c",
    "a RAR archive": b"Rar!\x1a\x07\x01",
}


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("suffix", [".txt", ".md"])
@pytest.mark.parametrize("kind", list(SIGNED))
def test_a_binary_file_named_as_text_says_what_it_looks_like(tmp_path: Path, kind: str,
                                                            suffix: str) -> None:
    path = write(tmp_path, f"interview{suffix}", SIGNED[kind] + BODY)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"interview{suffix}: not a text file (it looks like {kind})"


def test_a_windows_program_is_told_by_its_pe_header_not_by_two_letters(tmp_path: Path) -> None:
    header = bytearray(b"MZ" + bytes(range(1, 63)))
    header[60:64] = struct.pack("<I", 64)
    path = write(tmp_path, "setup.txt", bytes(header) + b"PE\x00\x00" + BODY)
    with pytest.raises(InputError, match=r"it looks like a Windows program\)$"):
        read_document(path)
    # A text that merely starts with those letters is text.
    text = write(tmp_path, "mz.txt", b"MZ stands for Mark Zbikowski.\nInterviewer: Yes.\n")
    assert read_document(text).text.startswith("MZ stands")


def test_a_folder_of_text_and_binary_files_imports_the_text_only(tmp_path: Path, capsys) -> None:
    """A PNG renamed .txt is refused by name and kind; UTF-16 with a BOM and a text with a few
    stray control characters (a form feed, a bell from a copy-paste) are imported."""
    folder = tmp_path / "interviews"
    folder.mkdir()
    write(folder, "photo.txt", SIGNED["a PNG image"] + BODY)
    utf16 = "Interviewer: كيف الثقة؟\nE01: Trust is low.\n" * 20
    write(folder, "E01.txt", codecs.BOM_UTF16_LE + utf16.encode("utf-16-le"))
    write(folder, "E02.md", b"# E02\x07\n\x0c" + b"Interviewer: Trust?\nE02: Low.\n" * 10)
    project = tmp_path / "study.qcode"
    Project.create(project).close()
    capsys.readouterr()
    assert main(["import", str(project), str(folder)]) == 1
    captured = capsys.readouterr()
    assert captured.err == "qcode: photo.txt: not a text file (it looks like a PNG image)\n"
    assert captured.out.startswith("imported 2 documents")


@pytest.mark.parametrize("kind", ["a PNG image", "a PDF document", "an MP3 audio file"])
def test_a_binary_file_named_csv_says_what_it_looks_like(tmp_path: Path, kind: str) -> None:
    path = write(tmp_path, "codes.csv", SIGNED[kind] + b"path,colour\nTrust,#ff0000\n" + BODY)
    with pytest.raises(InputError) as caught:
        read_csv_table(path)
    assert str(caught.value) == f"codes.csv: not a text file (it looks like {kind})"


def test_a_csv_full_of_control_characters_is_not_text_but_utf16_with_a_bom_is(
        tmp_path: Path, capsys) -> None:
    garbage = bytes(b for b in range(1, 128) if b not in b"\t\n\r,\"") * 8
    path = write(tmp_path, "codes.csv", b"path,colour\n" + garbage)
    project = tmp_path / "study.qcode"
    Project.create(project).close()
    capsys.readouterr()
    assert main(["codebook", "import", str(project), str(path)]) == 1
    assert capsys.readouterr().err == "qcode: codes.csv: not a text file (binary data)\n"
    # Arabic in UTF-16 is full of 0x06 bytes, and a stray bell is no reason to refuse it.
    text = "document,role\nE01,مسؤول\x07\nE02,Vendor\n"
    path = write(tmp_path, "experts.csv", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    table = read_csv_table(path)
    assert [cells for _, cells in table.rows] == [("E01", "مسؤول\x07"), ("E02", "Vendor")]

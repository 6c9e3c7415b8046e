"""Damaged and hostile .docx/.odt files: one clear message naming the file, no blow-up."""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from qcode.errors import InputError
from qcode.importers import read_document, read_documents
from qcode.importers.zipsafe import MAX_UNCOMPRESSED_TOTAL, open_package, read_member
from qcode.models import Document
from tests.docx_build import remove_member, replace_member

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + str(i - 1 or "") + ";") * 10}">\n'
              for i in range(1, 10))
    + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)


def good_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Interviewer: Thank you for joining.")
    document.save(str(path))
    return path


@pytest.fixture(autouse=True, scope="module")
def _readers_loaded(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Load every reader module once, so that memory traced in a test is the reading alone."""
    read_document(good_docx(tmp_path_factory.mktemp("warm") / "warm.docx"))


def refusal(path: Path) -> InputError:
    """The InputError reading ``path`` raises, checked to name the file; memory kept small."""
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            read_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.path == path and str(caught.value).startswith(f"{path.name}: ")
    assert "\n" not in str(caught.value)
    assert peak < 16 * 2**20 + 2 * path.stat().st_size, f"peak {peak} bytes"
    return caught.value


def patch_member_headers(path: Path, member: str, *, size: int | None = None,
                         flags: int | None = None) -> None:
    """Overwrite the declared uncompressed size and/or flag bits of ``member`` in both the local
    header and the central directory, as a hostile tool would."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, name_len_at, name_at, size_at, flags_at in (
            (b"PK\x03\x04", 26, 30, 22, 6), (b"PK\x01\x02", 28, 46, 24, 8)):
        start = data.find(signature)
        while start != -1:
            (name_len,) = struct.unpack_from("<H", data, start + name_len_at)
            if bytes(data[start + name_at:start + name_at + name_len]) == name:
                if size is not None:
                    struct.pack_into("<I", data, start + size_at, size)
                if flags is not None:
                    struct.pack_into("<H", data, start + flags_at, flags)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(("content", "expected"), [
    (b"just some text, not a zip at all", "not a zip"),
    (b"{\\rtf1\\ansi Hello}", "RTF file renamed .docx"),
    (b"%PDF-1.7\n...", "PDF file renamed .docx"),
    (OLE_MAGIC + b"\0" * 200 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64,
     "password-protected or encrypted document; save it unprotected"),
    (OLE_MAGIC + b"\0" * 200 + "WordDocument".encode("utf-16-le") + b"\0" * 64,
     "old Word .doc format"),
    (OLE_MAGIC + b"\0" * 500,
     "password-protected or encrypted document (or old .doc format); save it unprotected"),
])
def test_files_that_are_not_docx_packages(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "interview.docx"
    path.write_bytes(content)
    assert expected in refusal(path).reason


def test_truncated_docx(tmp_path: Path) -> None:
    path = good_docx(tmp_path / "cut.docx")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert "truncated or corrupt" in refusal(path).reason


def test_package_without_main_document(tmp_path: Path) -> None:
    path = remove_member(good_docx(tmp_path / "hollow.docx"), "word/document.xml")
    assert "word/document.xml" in refusal(path).reason


def test_opendocument_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "renamed.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<x/>")
    assert "rename it to .odt" in refusal(path).reason


def test_declared_size_over_the_limit_is_refused_before_inflating(tmp_path: Path) -> None:
    path = good_docx(tmp_path / "bomb.docx")
    patch_member_headers(path, "word/document.xml", size=MAX_UNCOMPRESSED_TOTAL + 1)
    assert "zip bomb" in refusal(path).reason


def test_absurd_compression_ratio_is_refused(tmp_path: Path) -> None:
    path = replace_member(good_docx(tmp_path / "ratio.docx"), "word/media/blank.bin",
                          b"\0" * (8 * 2**20))
    reason = refusal(path).reason
    assert "zip bomb" in reason and "word/media/blank.bin" in reason


def test_member_that_inflates_past_its_declared_size(tmp_path: Path) -> None:
    path = replace_member(good_docx(tmp_path / "liar.docx"), "word/document.xml",
                          b"<" * (40 * 2**20))
    patch_member_headers(path, "word/document.xml", size=1000)
    assert "word/document.xml" in refusal(path).reason


def test_streamed_read_stops_at_the_cap(tmp_path: Path) -> None:
    path = replace_member(good_docx(tmp_path / "big.docx"), "word/big.xml", b"a" * (3 * 2**20))
    with open_package(path.read_bytes(), path, ".docx") as archive, \
            pytest.raises(InputError, match="zip bomb"):
        read_member(archive, "word/big.xml", path, limit=2**20)


def test_zip_encrypted_member_is_password_protected(tmp_path: Path) -> None:
    path = good_docx(tmp_path / "locked.docx")
    patch_member_headers(path, "word/document.xml", flags=0x1)
    assert "password-protected" in refusal(path).reason


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_billion_laughs_is_refused(tmp_path: Path, encoding: str) -> None:
    xml = BILLION_LAUGHS if encoding == "utf-8" else BILLION_LAUGHS.replace(
        'version="1.0"?>', 'version="1.0" encoding="UTF-16"?>')
    path = replace_member(good_docx(tmp_path / "lol.docx"), "word/document.xml",
                          xml.encode(encoding))
    reason = refusal(path).reason
    assert "entities" in reason and "word/document.xml" in reason


def test_external_entity_cannot_leak_a_local_file(tmp_path: Path) -> None:
    path = replace_member(good_docx(tmp_path / "xxe.docx"), "word/document.xml", XXE.encode())
    error = refusal(path)
    assert "entities" in error.reason
    assert "root:" not in str(error)


def test_doctype_without_entities_is_refused_too(tmp_path: Path) -> None:
    xml = XXE.replace(' [<!ENTITY xxe SYSTEM "file:///etc/passwd">]', "").replace("&xxe;", "x")
    path = replace_member(good_docx(tmp_path / "dtd.docx"), "word/document.xml", xml.encode())
    assert "DOCTYPE" in refusal(path).reason


def test_malformed_document_xml(tmp_path: Path) -> None:
    path = replace_member(good_docx(tmp_path / "bad.docx"), "word/document.xml",
                          b"<w:document><w:body><w:p>")
    assert "not well-formed XML" in refusal(path).reason


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    assert "empty" in refusal(path).reason


def test_hostile_odt_content(tmp_path: Path) -> None:
    path = tmp_path / "lol.odt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", BILLION_LAUGHS)
    assert "entities" in refusal(path).reason


def test_batch_reports_each_hostile_file_and_keeps_the_good_one(tmp_path: Path) -> None:
    good = good_docx(tmp_path / "good.docx")
    bomb = replace_member(good_docx(tmp_path / "lol.docx"), "word/document.xml",
                          BILLION_LAUGHS.encode())
    fake = tmp_path / "old.docx"
    fake.write_bytes(OLE_MAGIC + b"\0" * 100)
    batch = read_documents([good, bomb, fake])
    assert [d.original_filename for d in batch.documents] == ["good.docx"]
    assert {p.name for p, _ in batch.failures} == {"lol.docx", "old.docx"}


def test_hostile_file_leaves_the_project_unchanged(tmp_path: Path, project) -> None:
    add_documents = pytest.importorskip("qcode.ops.documents").add_documents
    with project.transaction() as s:
        add_documents(s, documents=[read_document(good_docx(tmp_path / "first.docx"))])
    second = tmp_path / "second.docx"
    docx_document = docx.Document()
    docx_document.add_paragraph("A second, good interview.")
    docx_document.save(str(second))
    bomb = replace_member(good_docx(tmp_path / "lol.docx"), "word/document.xml",
                          BILLION_LAUGHS.encode())
    with pytest.raises(InputError, match="lol.docx"), project.transaction() as s:
        add_documents(s, documents=[read_document(second)])
        add_documents(s, documents=[read_document(bomb)])
    with project.transaction() as s:
        assert s.scalars(select(Document.name)).all() == ["first"]

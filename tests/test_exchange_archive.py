"""Opening a REFI-QDA archive (.qdpx) without trusting it: layouts other tools write, and each
hostile or broken archive refused with one line naming the file and the cause."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from qcode.errors import InputError
from qcode.exchange.archive import open_qdpx
from qcode.exchange.qde_read import read_project
from qcode.exchange.records import Skipped, Source
from tests.qdpx_build import (
    SOURCE,
    project,
    sources,
    text_source,
    write_qdpx,
    write_zip,
)

TEXT = "Interviewer: Do you trust the ministry?\nE07: Not yet."


def read_all(path: Path) -> list:
    with open_qdpx(path) as archive:
        return list(read_project(archive))


def refusal(path: Path) -> str:
    """The one line a refused archive gets, checked to name the file."""
    with pytest.raises(InputError) as caught:
        read_all(path)
    message = str(caught.value)
    assert message.startswith(f"{path.name}: ") and "\n" not in message
    return message


def one_source(path: Path, **paths: str) -> Path:
    xml = project(sources(text_source(SOURCE, "E07", **paths)))
    return write_qdpx(path, xml, {"a.txt": TEXT})


@pytest.mark.parametrize(("xml_name", "folder"), [
    ("project.qde", "sources"),
    ("Expert interviews 2024.qde", "sources"),  # ATLAS.ti names it after the project
    ("project.qde", "Sources"),
])
def test_the_layouts_other_tools_write_are_read(tmp_path, xml_name, folder):
    xml = project(sources(text_source(SOURCE, "E07", plainTextPath="internal://a.txt")))
    path = write_qdpx(tmp_path / "study.qdpx", xml, {"a.txt": TEXT}, xml_name=xml_name,
                      folder=folder)
    [source, _facts] = read_all(path)
    assert isinstance(source, Source) and source.raw_text == TEXT


def test_project_qde_is_chosen_beside_other_qde_files(tmp_path):
    path = tmp_path / "study.qdpx"
    write_zip(path, {"project.qde": project(), "backup.qde": "<broken"})
    assert read_all(path)[-1].name == "Libya study"


@pytest.mark.parametrize(("content", "cause"), [
    (b"Interviewer: hello\n", "not a zip archive"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    (b'<?xml version="1.0"?><Project name="x"/>', "XML file"),
    (b"", "empty"),
])
def test_a_file_that_is_not_a_zip_is_named_as_not_a_project(tmp_path, content, cause):
    path = tmp_path / "study.qdpx"
    path.write_bytes(content)
    message = refusal(path)
    assert "not a REFI-QDA project (.qdpx): " in message and cause in message


def test_a_damaged_zip_is_refused(tmp_path):
    path = one_source(tmp_path / "study.qdpx", plainTextPath="internal://a.txt")
    path.write_bytes(path.read_bytes()[:-30])  # the central directory cut short
    assert "damaged" in refusal(path)


def test_a_damaged_member_is_refused_naming_it(tmp_path):
    path = tmp_path / "study.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project() * 50)
    data = bytearray(path.read_bytes())
    data[60:90] = b"\xff" * 30  # inside the deflated stream of project.qde
    path.write_bytes(bytes(data))
    message = refusal(path)
    assert "project.qde" in message and ("corrupt" in message or "well-formed" in message)


@pytest.mark.parametrize("member", ["../evil.txt", "sources/../../evil.txt", "/etc/cron.d/x",
                                    "C:/Windows/evil.dll", "sources\\..\\..\\evil.txt"])
def test_a_member_named_outside_the_archive_refuses_it(tmp_path, member):
    path = write_zip(tmp_path / "study.qdpx", {"project.qde": project(), member: "x"})
    message = refusal(path)
    assert f"member {member!r} points outside the archive" in message


def test_a_bomb_member_is_refused_before_it_is_inflated(tmp_path):
    path = write_zip(tmp_path / "study.qdpx", {"project.qde": project(),
                                               "sources/a.txt": b"\0" * (8 * 2**20)})
    message = refusal(path)
    assert "'sources/a.txt' inflates" in message and "zip bomb" in message


def test_an_archive_without_project_xml_is_refused(tmp_path):
    path = write_zip(tmp_path / "study.qdpx", {"sources/a.txt": TEXT,
                                               "inner/project.qde": project()})
    assert "has no project XML (project.qde)" in refusal(path)


def test_two_project_xml_files_without_project_qde_are_refused(tmp_path):
    path = write_zip(tmp_path / "study.qdpx", {"a.qde": project(), "b.qde": project()})
    assert "several project XML files (a.qde, b.qde)" in refusal(path)


@pytest.mark.parametrize("reference", [
    "../../etc/passwd", "internal://../project.qde", "internal://../../x.txt",
    "absolute:///etc/passwd", "/etc/passwd", "C:\\Users\\me\\a.txt", "sub/../../../a.txt",
])
def test_a_source_pointing_outside_the_archive_is_refused_naming_it(tmp_path, reference):
    path = one_source(tmp_path / "study.qdpx", plainTextPath=reference)
    message = refusal(path)
    assert f"source 'E07' points outside the archive ({reference})" in message


def test_a_base_path_climbing_out_of_the_sources_is_refused(tmp_path):
    xml = project(sources(text_source(SOURCE, "E07", plainTextPath="a.txt")),
                  basePath="../../home")
    path = write_qdpx(tmp_path / "study.qdpx", xml, {"a.txt": TEXT})
    assert "source 'E07' points outside the archive (a.txt)" in refusal(path)


def test_a_source_missing_from_the_archive_is_refused_naming_it(tmp_path):
    path = one_source(tmp_path / "study.qdpx", plainTextPath="internal://gone.txt")
    assert "source 'E07' is missing from the archive (internal://gone.txt)" in refusal(path)


def test_a_source_without_any_text_reference_needs_its_guid_file(tmp_path):
    xml = project(sources(text_source(SOURCE, "E07")))
    path = write_qdpx(tmp_path / "study.qdpx", xml, {"other.txt": TEXT})
    assert f"source 'E07' is missing from the archive (internal://{SOURCE}.txt)" in \
        refusal(path)


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE Project [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + str(i - 1 or "") + ";") * 10}">\n'
              for i in range(1, 10))
    + ']>\n<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>'
)
XXE = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>')
PLAIN_DOCTYPE = '<?xml version="1.0"?><!DOCTYPE Project><Project name="x"/>'


@pytest.mark.parametrize(("xml", "cause"), [
    (BILLION_LAUGHS, "declares XML entities"), (XXE, "declares XML entities"),
    (PLAIN_DOCTYPE, "has a DOCTYPE declaration"),
])
def test_a_doctype_or_entities_in_the_project_xml_are_refused(tmp_path, xml, cause):
    path = write_qdpx(tmp_path / "study.qdpx", xml)
    message = refusal(path)
    assert "project.qde" in message and cause in message


def test_a_source_that_is_binary_data_is_refused_naming_it(tmp_path):
    xml = project(sources(text_source(SOURCE, "E07", plainTextPath="internal://a.txt")))
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    path = write_qdpx(tmp_path / "study.qdpx", xml, {"a.txt": png})
    assert "source 'E07' (sources/a.txt) is not text: it looks like a PNG image" in \
        refusal(path)


def test_a_codebook_file_renamed_qdpx_is_refused(tmp_path):
    qdc = '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>'
    path = write_qdpx(tmp_path / "study.qdpx", qdc)
    assert "holds <CodeBook>, not a <Project>" in refusal(path)


def test_nothing_is_written_beside_the_archive(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = write_zip(folder / "study.qdpx", {
        "project.qde": project(sources(text_source(SOURCE, "E07",
                                                   plainTextPath="internal://a.txt"))),
        "sources/a.txt": TEXT})
    records = read_all(path)
    assert not any(isinstance(r, Skipped) for r in records)
    assert sorted(p.name for p in folder.iterdir()) == ["study.qdpx"]

"""Exporting a project as a REFI-QDA project (.qdpx): what another tool reads from the file.

Every file is checked against the shipped Project.xsd, positions are checked on the exported
texts (sliced by code points), and a failed or cancelled export must leave nothing behind.
"""

from __future__ import annotations

import errno
import io
import os
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from qcode.errors import Cancelled, InputError
from qcode.exchange import qde_write as qde
from qcode.exchange.export_qdpx import export_qdpx
from qcode.exchange.snapshot import DocumentRow, derived_guid_of, guid_text
from qcode.exchange.zip_stream import BackgroundWriter
from qcode.models import Attribute, Coding, Document, ProjectInfo
from qcode.ops.attributes import set_attribute_value
from qcode.ops.codings import add_coding
from qcode.ops.document_text import replace_document_text
from qcode.project import Project
from tests.exchange_export_study import (
    E01,
    E02,
    NS,
    build_study,
    read_qdpx,
    schema_errors,
    span,
    study_uuids,
)
from tests.safety_support import read_only_folder, small_file_system


@pytest.fixture
def exported(project: Project, tmp_path: Path):  # noqa: ANN201
    study = build_study(project)
    out = tmp_path / "study.qdpx"
    with project.reading() as s:
        report = export_qdpx(s, out)
    root, texts = read_qdpx(out)
    return project, study, report, root, texts


def _one(root, path: str):  # noqa: ANN001, ANN202
    [element] = root.xpath(path, namespaces=NS)
    return element


def test_the_project_xml_is_valid_against_the_shipped_schema(exported):
    *_, root, _texts = exported
    assert root.tag == "{urn:QDA-XML:project:1.0}Project"
    assert schema_errors(root, "Project.xsd") == []


def test_a_project_with_nothing_in_it_is_still_valid(project: Project, tmp_path: Path):
    with project.reading() as s:
        report = export_qdpx(s, tmp_path / "empty.qdpx")
    root, texts = read_qdpx(tmp_path / "empty.qdpx")
    assert schema_errors(root, "Project.xsd") == []
    assert texts == {}
    assert report.line() == f"wrote {tmp_path / 'empty.qdpx'}: 0 codes"


def test_every_document_is_a_utf8_text_named_by_its_uuid(exported):
    project, study, report, root, texts = exported
    ids = study_uuids(project, study)["docs"]
    assert list(texts) == [f"sources/{ids[n]}.txt" for n in ("E01", "E02", "Empty")]
    assert texts[f"sources/{ids['E01']}.txt"] == E01
    assert texts[f"sources/{ids['E02']}.txt"] == E02
    assert texts[f"sources/{ids['Empty']}.txt"] == ""
    sources = root.xpath("//q:TextSource", namespaces=NS)
    assert [(s.get("guid"), s.get("name"), s.get("plainTextPath")) for s in sources] == [
        (ids[n], name, f"internal://{ids[n]}.txt")
        for n, name in (("E01", "E01"), ("E02", "E02 عربي"), ("Empty", "Empty"))]
    assert report.documents == 3


def test_each_selection_lands_on_the_text_its_coding_covers(exported):
    """Positions count code points: the emoji before and inside the codings would shift
    them by one each if counted as UTF-16 units."""
    project, study, report, root, texts = exported
    ids = study_uuids(project, study)
    landed = {}
    for source in root.xpath("//q:TextSource", namespaces=NS):
        text = texts[f"sources/{source.get('guid')}.txt"]
        for sel in source.xpath("q:PlainTextSelection", namespaces=NS):
            coding = _one(sel, "q:Coding")
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            landed[coding.get("guid")] = (text[start:end], _one(coding, "q:CodeRef")
                                          .get("targetGUID"), coding.get("creatingUser"))
    expected = {
        "trust": ("trust the ministry 👍", "Trust", "Amal"),
        "cred": ("ministry 👍🏽 when", "Credibility", "Omar"),
        "ministry": ("ministry 👍🏽 when", "Ministry", "Amal"),
        "emoji": ("😀", "Trust", "Omar"),
        "arabic": ("تنشر الميزانية", "Funding", "Amal"),
        "arabic2": ("أثق بالوزارة 🌍", "Trust", "Omar"),
    }
    assert landed == {ids["codings"][k]: (piece, ids["codes"][code], ids["coders"][coder])
                      for k, (piece, code, coder) in expected.items()}
    assert report.codings == 6 and report.coders == 2


def test_selections_come_in_document_then_span_order(exported):
    *_, root, texts = exported
    spans = [[(int(s.get("startPosition")), int(s.get("endPosition")))
              for s in source.xpath("q:PlainTextSelection", namespaces=NS)]
             for source in root.xpath("//q:TextSource", namespaces=NS)]
    assert spans == [sorted([span(E01, "trust the ministry 👍"), span(E01, "ministry 👍🏽 when"),
                             span(E01, "ministry 👍🏽 when"), span(E01, "😀")]),
                     sorted([span(E02, "تنشر الميزانية"), span(E02, "أثق بالوزارة 🌍")]), []]


def test_the_codebook_keeps_hierarchy_colours_descriptions_and_uuids(exported):
    project, study, report, root, _texts = exported
    ids = study_uuids(project, study)["codes"]
    trust = _one(root, "q:CodeBook/q:Codes/q:Code[@name='Trust']")
    assert (trust.get("guid"), trust.get("color"), trust.get("isCodable")) == (
        ids["Trust"], "#1f77b4", "true")
    assert _one(trust, "q:Description").text == "Belief in institutions"
    cred = _one(trust, "q:Code")
    assert (cred.get("name"), cred.get("guid"), cred.get("color")) == (
        "Credibility", ids["Credibility"], "#abcdef")
    assert _one(cred, "q:Code").get("guid") == ids["Ministry"]
    tops = root.xpath("q:CodeBook/q:Codes/q:Code", namespaces=NS)
    assert [c.get("name") for c in tops] == ["Trust", "التمويل"]
    assert _one(tops[1], "q:Description").text == "المال العام"
    assert report.codes == 4


def test_coders_are_users_with_their_uuids(exported):
    project, study, _report, root, _texts = exported
    ids = study_uuids(project, study)["coders"]
    users = root.xpath("q:Users/q:User", namespaces=NS)
    assert [(u.get("guid"), u.get("name")) for u in users] == [
        (ids["Amal"], "Amal"), (ids["Omar"], "Omar")]


def test_memos_are_notes_referenced_from_their_owners(exported):
    project, study, report, root, _texts = exported
    ids = study_uuids(project, study)
    notes = {n.get("guid"): _one(n, "q:PlainTextContent").text
             for n in root.xpath("q:Notes/q:Note", namespaces=NS)}

    def memo_of(owner) -> str:  # noqa: ANN001
        return notes[_one(owner, "q:NoteRef").get("targetGUID")]

    assert memo_of(root) == "Pilot study, spring"
    assert memo_of(_one(root, f"//q:TextSource[@guid='{ids['docs']['E02']}']")) == "مقابلة هاتفية"
    assert memo_of(_one(root, f"//q:Code[@guid='{ids['codes']['Credibility']}']")) == (
        "Merge with Legitimacy?")
    selection = _one(root, f"//q:Coding[@guid='{ids['codings']['cred']}']/..")
    assert memo_of(selection) == "Omar: ironic tone"
    assert len(notes) == report.memos == 4
    assert root.xpath("count(//q:NoteRef)", namespaces=NS) == 4


def test_attributes_are_typed_variables_with_a_case_per_document(exported):
    project, study, report, root, _texts = exported
    variables = {v.get("name"): (v.get("typeOfVariable"), _one(v, "q:Description").text)
                 for v in root.xpath("q:Variables/q:Variable", namespaces=NS)}
    assert variables == {
        "role": ("Text", "qcode attribute type: choice"),
        "years": ("Float", "qcode attribute type: number"),
        "age": ("Integer", "qcode attribute type: number"),
        "interviewed": ("Date", "qcode attribute type: date"),
        "city": ("Text", "qcode attribute type: text")}
    names = {v.get("guid"): v.get("name") for v in root.xpath("//q:Variable", namespaces=NS)}
    docs = study_uuids(project, study)["docs"]
    cases = {}
    for case in root.xpath("q:Cases/q:Case", namespaces=NS):
        values = {names[_one(v, "q:VariableRef").get("targetGUID")]: (v[1].tag.split("}")[1],
                                                                      v[1].text)
                  for v in case.xpath("q:VariableValue", namespaces=NS)}
        cases[_one(case, "q:SourceRef").get("targetGUID")] = values
    assert cases == {  # the empty document has no values, so no case; E02 has no city
        docs["E01"]: {"role": ("TextValue", "Ministry official"), "years": ("FloatValue", "12"),
                      "age": ("IntegerValue", "41"), "interviewed": ("DateValue", "2024-03-05"),
                      "city": ("TextValue", "Tripoli")},
        docs["E02"]: {"role": ("TextValue", "Academic"), "years": ("FloatValue", "7.5"),
                      "age": ("IntegerValue", "58"), "interviewed": ("DateValue", "2024-03-09")}}
    assert report.attribute_values == 9


def test_a_tiny_fraction_is_written_without_an_exponent(project: Project, tmp_path: Path):
    """xsd:decimal has no exponent; Python writes 0.00001 as 1e-05."""
    study = build_study(project)
    with project.transaction() as s:
        years = s.scalar(select(Attribute.id).where(Attribute.name == "years"))
        set_attribute_value(s, document_id=study.docs["E01"], attribute_id=years,
                            value="0.00001")
    with project.reading() as s:
        export_qdpx(s, tmp_path / "tiny.qdpx")
    root, _ = read_qdpx(tmp_path / "tiny.qdpx")
    assert "0.00001" in root.xpath("//q:FloatValue/text()", namespaces=NS)
    assert schema_errors(root, "Project.xsd") == []


def test_text_xml_cannot_hold_is_replaced_not_fatal(project: Project, tmp_path: Path):
    build_study(project)
    with project.transaction() as s:
        s.get(ProjectInfo, "memo").value = "bell \x07 in a pasted memo"
    with project.reading() as s:
        export_qdpx(s, tmp_path / "bell.qdpx")
    root, _ = read_qdpx(tmp_path / "bell.qdpx")
    assert "bell \ufffd in a pasted memo" in root.xpath("//q:PlainTextContent/text()",
                                                         namespaces=NS)


def test_exporting_twice_gives_the_same_bytes(exported, tmp_path: Path):
    project, *_ = exported
    with project.reading() as s:
        export_qdpx(s, tmp_path / "again.qdpx")
    assert (tmp_path / "again.qdpx").read_bytes() == (tmp_path / "study.qdpx").read_bytes()
    with zipfile.ZipFile(tmp_path / "again.qdpx") as archive:
        infos = archive.infolist()
    assert infos[0].filename == "project.qde"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_codings_on_an_earlier_text_are_left_out_and_counted(project: Project, tmp_path: Path):
    study = build_study(project)
    with project.transaction() as s:
        replace_document_text(s, document_id=study.docs["E02"], text="A new text altogether.")
        add_coding(s, document_id=study.docs["E02"], code_id=study.codes["Trust"],
                   coder_id=study.coders["Amal"], start=2, end=5)
        stale = s.scalar(select(Coding.uuid).where(Coding.id == study.codings["arabic"]))
    with project.reading() as s:
        report = export_qdpx(s, tmp_path / "new.qdpx")
    root, texts = read_qdpx(tmp_path / "new.qdpx")
    e02 = _one(root, "//q:TextSource[@name='E02 عربي']")
    assert [(int(x.get("startPosition")), int(x.get("endPosition")))
            for x in e02.xpath("q:PlainTextSelection", namespaces=NS)] == [(2, 5)]
    assert not root.xpath(f"//q:Coding[@guid='{stale}']", namespaces=NS)
    assert (report.codings, report.earlier_codings) == (5, 2)
    assert report.line().endswith("; left out 2 codings made on an earlier text of their document")
    assert schema_errors(root, "Project.xsd") == []


def test_a_missing_folder_gives_one_line_and_leaves_nothing(project: Project, tmp_path: Path):
    build_study(project)
    out = tmp_path / "gone" / "study.qdpx"
    with project.reading() as s, pytest.raises(InputError) as caught:
        export_qdpx(s, out)
    assert str(caught.value) == f"study.qdpx: cannot write the file: folder {out.parent} " \
                                "does not exist"
    assert not out.parent.exists()


def test_a_read_only_folder_gives_one_line_and_leaves_nothing(project: Project, tmp_path: Path):
    build_study(project)
    folder = tmp_path / "share"
    folder.mkdir()
    with read_only_folder(folder), project.reading() as s, \
            pytest.raises(InputError) as caught:
        export_qdpx(s, folder / "study.qdpx")
    assert str(caught.value).startswith("study.qdpx: cannot write the file (")
    assert "\n" not in str(caught.value)
    assert list(folder.iterdir()) == []


def test_a_read_only_file_is_not_replaced(project: Project, tmp_path: Path):
    """Its owner made it read-only to keep it: writing beside it and renaming over it (as
    every export does) would replace it all the same."""
    build_study(project)
    (tmp_path / "share").mkdir()
    kept = tmp_path / "share" / "supervisor.qdpx"
    kept.write_bytes(b"last year's export")
    kept.chmod(0o444)  # marked read-only (which root, too, is held to here)
    with project.reading() as s, pytest.raises(InputError) as caught:
        export_qdpx(s, kept)
    assert str(caught.value) == "supervisor.qdpx: cannot write the file: it is read-only"
    assert kept.read_bytes() == b"last year's export"
    assert [p.name for p in kept.parent.iterdir()] == ["supervisor.qdpx"]


def test_a_cancelled_export_leaves_nothing(project: Project, tmp_path: Path):
    build_study(project)
    heard = []

    def progress(done: int, total: int, label: str) -> bool:
        heard.append((done, total))
        return done <= 6  # cancel at the first document text, after the 6 codings

    with project.reading() as s, pytest.raises(Cancelled):
        export_qdpx(s, tmp_path / "study.qdpx", progress=progress)
    assert heard == [(0, 9), (4, 9), (6, 9), (6, 9), (7, 9)]  # after each document, then texts
    assert [p.name for p in tmp_path.iterdir() if "qdpx" in p.name] == []


def test_documents_come_in_their_list_order(project: Project, tmp_path: Path):
    build_study(project)
    with project.transaction() as s:
        for position, name in enumerate(("Empty", "E02 عربي", "E01")):
            s.scalars(select(Document).where(Document.name == name)).one().position = position
    with project.reading() as s:
        export_qdpx(s, tmp_path / "order.qdpx")
    root, _ = read_qdpx(tmp_path / "order.qdpx")
    assert [x.get("name") for x in root.xpath("//q:TextSource", namespaces=NS)] == [
        "Empty", "E02 عربي", "E01"]


def test_a_full_disk_gives_one_line_and_leaves_nothing(project: Project, tmp_path: Path):
    build_study(project)
    with small_file_system(tmp_path / "small") as folder:
        stats = os.statvfs(folder)
        (folder / "filler").write_bytes(b"\0" * stats.f_bavail * stats.f_frsize)  # no room left
        with project.reading() as s, pytest.raises(InputError) as caught:
            export_qdpx(s, folder / "study.qdpx")
        assert str(caught.value) == "study.qdpx: cannot write the file: the disk is full"
        assert [p.name for p in folder.iterdir()] == ["filler"]


def test_a_full_disk_met_while_compressing_stops_the_writer(tmp_path: Path):
    """The XML is compressed and written on a second thread: its failure must reach the
    export (or the file would be reported written while half of it is missing)."""
    with small_file_system(tmp_path / "small") as folder:
        stats = os.statvfs(folder)
        (folder / "filler").write_bytes(b"\0" * stats.f_bavail * stats.f_frsize)
        with (folder / "big").open("wb") as target, pytest.raises(OSError) as caught, \
                BackgroundWriter(target) as writer:
            for _ in range(64):
                writer.write(os.urandom(1 << 16))
        assert caught.value.errno == errno.ENOSPC


def test_selections_written_as_text_are_what_lxml_writes():
    """The export writes each coding's selection as markup text (its hot loop); the bytes must
    be those lxml's own writer gives for the same elements, memo reference included."""
    doc = DocumentRow(7, "0f498859-3193-4f6f-8809-35f3802bc632", "E07 — مقابلة", "",
                      datetime(2024, 5, 1, 10), 1)
    codings = [(bytes(range(16)), 0, 12, 1, 2, 1714557600, False),
               (bytes(range(16, 32)), 5, 40, 3, 2, 1714557601, True)]
    codes = {1: "11111111-1111-4111-8111-111111111111", 3: "33333333-3333-4333-8333-333333333333"}
    coders = {2: "22222222-2222-4222-8222-222222222222"}

    ours = io.BytesIO()
    with etree.xmlfile(ours, encoding="utf-8") as xf, xf.element(
            qde.tag("Project"), nsmap={None: qde.PROJECT_NS}):
        written = qde.write_source(xf, ours.write, doc, codings, qde.attribute_guids(codes),
                                   qde.attribute_guids(coders))
    assert written == 2

    expected = io.BytesIO()
    with etree.xmlfile(expected, encoding="utf-8") as xf, xf.element(
            qde.tag("Project"), nsmap={None: qde.PROJECT_NS}), xf.element(
            qde.tag("TextSource"), {"guid": doc.uuid, "name": doc.name,
                                    "plainTextPath": f"internal://{doc.uuid}.txt",
                                    "creationDateTime": qde.xml_time(doc.created)}):
        for raw, start, end, code, coder, created, memo in codings:
            when = qde.epoch_time(created)
            with xf.element(qde.tag("PlainTextSelection"), {
                    "guid": derived_guid_of(raw, "selection"), "startPosition": str(start),
                    "endPosition": str(end), "creatingUser": coders[coder],
                    "creationDateTime": when}):
                with xf.element(qde.tag("Coding"), {"guid": guid_text(raw),
                                                    "creatingUser": coders[coder],
                                                    "creationDateTime": when}), \
                        xf.element(qde.tag("CodeRef"), {"targetGUID": codes[code]}):
                    pass
                if memo:
                    with xf.element(qde.tag("NoteRef"),
                                    {"targetGUID": derived_guid_of(raw, "note")}):
                        pass
    assert ours.getvalue() == expected.getvalue()
    assert b"<NoteRef" in ours.getvalue()


def test_times_are_written_with_four_digit_years():
    """xsd:dateTime wants four digits; the C library's %Y writes the year 1 as "1"."""
    assert qde.xml_time(datetime(1, 1, 1)) == "0001-01-01T00:00:00Z"
    assert qde.epoch_time(-62135596800) == "0001-01-01T00:00:00Z"
    assert qde.epoch_time(1714557600) == "2024-05-01T10:00:00Z"

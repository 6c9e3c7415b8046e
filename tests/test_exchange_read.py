"""Reading a REFI-QDA project XML into records: what another tool's file holds arrives in the
file's order, with its text as the file has it, typed values, and every part qcode does not
keep listed as skipped with its reason."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import docx
import pytest

from qcode.errors import Cancelled, InputError
from qcode.exchange.archive import open_qdpx
from qcode.exchange.qde_read import read_codebook, read_project
from qcode.exchange.records import (
    Case,
    Code,
    Note,
    ProjectFacts,
    Skipped,
    Source,
    User,
    Variable,
    VariableValue,
)
from tests.qdpx_build import (
    CASE,
    CHILD,
    CODING,
    NOTE,
    PARENT,
    SELECTION,
    SOURCE,
    USER,
    VARIABLE,
    attrs,
    code,
    codebook,
    guid,
    project,
    selection,
    sources,
    text_source,
    write_qdpx,
)

TEXT = "Interviewer: Do you trust the ministry?\nE07: Not yet, they must earn it."
TRUST = TEXT.index("Not yet")


def read_all(path):
    with open_qdpx(path) as archive:
        return list(read_project(archive))


def the(kind, records):
    [found] = [r for r in records if isinstance(r, kind)]
    return found


def skipped_lines(records):
    return [f"{r.what}: {r.reason}" for r in records if isinstance(r, Skipped)]


def test_a_whole_project_arrives_in_file_order_with_parents_first(tmp_path):
    xml = project(
        f"<Users><User{attrs(guid=USER, name='Amal')}/></Users>",
        codebook(code(PARENT, "Trust", "<Description>Whom people trust</Description>",
                      code(CHILD, "Credibility", color="#ABC"), color="#FF7F0E")),
        f"<Variables><Variable{attrs(guid=VARIABLE, name='role', typeOfVariable='Text')}/>"
        "</Variables>",
        sources(text_source(SOURCE, "E07", selection(SELECTION, TRUST, len(TEXT), CHILD),
                            f"<NoteRef targetGUID='{NOTE}'/>",
                            plainTextPath="internal://e07.txt")),
        f"<Notes><Note{attrs(guid=NOTE, name='Memo', creatingUser=USER)}>"
        "<PlainTextContent>Ask about trust again.</PlainTextContent></Note></Notes>",
        "<Description>Twenty-three experts</Description>",
        origin="NVivo 15", creationDateTime="2024-09-15T15:36:45Z", creatingUserGUID=USER)
    records = read_all(write_qdpx(tmp_path / "study.qdpx", xml, {"e07.txt": TEXT}))
    assert [type(r) for r in records] == [User, Code, Code, Variable, Source, Note, ProjectFacts]
    trust, credibility = records[1:3]
    assert (trust.name, trust.parent_guid, trust.colour, trust.description) == (
        "Trust", None, "#ff7f0e", "Whom people trust")
    assert (credibility.parent_guid, credibility.colour) == (PARENT, "#aabbcc")
    source = the(Source, records)
    [coded] = source.selections
    assert source.raw_text[coded.start:coded.end] == "Not yet, they must earn it."
    assert [(c.guid, c.code_guid, c.user_guid) for c in coded.codings] == [
        (CODING, CHILD, USER)]
    assert source.note_guids == (NOTE,) and source.text_from == "sources/e07.txt"
    assert the(Note, records).text == "Ask about trust again."
    facts = records[-1]
    assert (facts.name, facts.origin, facts.description, facts.creating_user_guid) == (
        "Libya study", "NVivo 15", "Twenty-three experts", USER)
    assert facts.created == datetime(2024, 9, 15, 15, 36, 45, tzinfo=UTC)


def test_a_file_without_namespace_is_read_the_same(tmp_path):
    xml = project(codebook(code(PARENT, "Trust")), namespace=False)
    records = read_all(write_qdpx(tmp_path / "study.qdpx", xml))
    assert [(type(r), r.name) for r in records] == [(Code, "Trust"), (ProjectFacts,
                                                                      "Libya study")]


@pytest.mark.parametrize(("paths", "files", "base", "text_from"), [
    ({"plainTextPath": "internal://e07.txt"}, {"e07.txt": TEXT}, None, "sources/e07.txt"),
    ({"plainTextPath": "relative://texts/e07.txt"}, {"texts/e07.txt": TEXT},
     "C:/Users/amal/Exports", "sources/texts/e07.txt"),
    ({"plainTextPath": "texts/e07.txt"}, {"texts/e07.txt": TEXT}, "sources",
     "sources/texts/e07.txt"),
    ({"plainTextPath": "e07.txt"}, {"e07.txt": TEXT}, None, "sources/e07.txt"),  # qc
    ({}, {f"{SOURCE}.txt": TEXT}, None, f"sources/{SOURCE}.txt"),
    ({}, {f"{SOURCE.upper()}.txt": TEXT}, None, f"sources/{SOURCE.upper()}.txt"),
])
def test_the_text_is_found_wherever_the_standard_lets_it_be(tmp_path, paths, files, base,
                                                             text_from):
    xml = project(sources(text_source(SOURCE, "E07", **paths)), basePath=base)
    source = the(Source, read_all(write_qdpx(tmp_path / "s.qdpx", xml, files)))
    assert (source.raw_text, source.text_from) == (TEXT, text_from)


def test_plain_text_content_in_the_xml_is_the_text(tmp_path):
    xml = project(sources(text_source(SOURCE, "E07", "<PlainTextContent>Bonjour\r\nà tous"
                                      "</PlainTextContent>")))
    source = the(Source, read_all(write_qdpx(tmp_path / "s.qdpx", xml)))
    assert (source.raw_text, source.text_from) == ("Bonjour\nà tous", "PlainTextContent")


def test_a_bom_and_crlf_are_kept_as_the_file_has_them(tmp_path):
    raw = "\ufeffE07: مرحبا\r\nE08: 😀 yes\r\n"
    xml = project(sources(text_source(SOURCE, "E07", plainTextPath="internal://a.txt")))
    source = the(Source, read_all(write_qdpx(tmp_path / "s.qdpx", xml,
                                             {"a.txt": raw.encode("utf-8")})))
    assert source.raw_text == raw


def test_utf16_with_its_bom_and_a_legacy_code_page_are_decoded(tmp_path):
    french = "Les élèves préfèrent l'école numérique, dit-elle. " * 4
    xml = project(sources(text_source(SOURCE, "E07", plainTextPath="internal://a.txt"),
                          text_source(guid(2), "E08", plainTextPath="internal://b.txt")))
    files = {"a.txt": "\ufeffE07: yes\r\n".encode("utf-16-le"), "b.txt": french.encode("cp1252")}
    first, second = [r for r in read_all(write_qdpx(tmp_path / "s.qdpx", xml, files))
                     if isinstance(r, Source)]
    assert first.raw_text == "\ufeffE07: yes\r\n" and second.raw_text == french


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_source_with_only_a_docx_is_read_through_the_docx_reader(tmp_path):
    xml = project(sources(text_source(SOURCE, "E07", richTextPath="internal://e07.docx")))
    files = {"e07.docx": docx_bytes("Interviewer: Welcome.", "E07: Thank you.")}
    source = the(Source, read_all(write_qdpx(tmp_path / "s.qdpx", xml, files)))
    assert source.raw_text == "Interviewer: Welcome.\nE07: Thank you."
    assert source.text_from == "sources/e07.docx"


def test_an_empty_txt_beside_a_docx_with_text_gives_the_docx_text(tmp_path):
    xml = project(sources(text_source(SOURCE, "E07", plainTextPath="internal://e07.txt",
                                      richTextPath="internal://e07.docx")))
    files = {"e07.txt": "\n", "e07.docx": docx_bytes("E07: The ministry must own it.")}
    source = the(Source, read_all(write_qdpx(tmp_path / "s.qdpx", xml, files)))
    assert source.raw_text == "E07: The ministry must own it."
    assert source.text_from == "sources/e07.docx (the .txt was empty)"


def test_an_empty_txt_beside_an_empty_docx_stays_as_it_is(tmp_path):
    xml = project(sources(text_source(SOURCE, "E07", plainTextPath="internal://e07.txt",
                                      richTextPath="internal://e07.docx")))
    files = {"e07.txt": "\n", "e07.docx": docx_bytes()}
    assert the(Source, read_all(write_qdpx(tmp_path / "s.qdpx", xml, files))).raw_text == "\n"


def test_a_pdf_source_arrives_through_its_text_representation(tmp_path):
    rep = guid(9)
    pdf = (f"<PDFSource{attrs(guid=SOURCE, name='Report.pdf', path='internal://r.pdf')}>"
           f"<PDFSelection{attrs(guid=guid(7), page=0, firstX=1, firstY=1, secondX=9, secondY=9)}"
           f"><Coding guid='{guid(8)}'><CodeRef targetGUID='{PARENT}'/></Coding></PDFSelection>"
           f"<Representation{attrs(guid=rep, plainTextPath=f'internal://{rep}.txt')}>"
           + selection(SELECTION, TRUST, len(TEXT), PARENT) + "</Representation></PDFSource>")
    xml = project(codebook(code(PARENT, "Trust")), sources(pdf))
    records = read_all(write_qdpx(tmp_path / "s.qdpx", xml, {"r.pdf": b"%PDF-1.7",
                                                            f"{rep}.txt": TEXT}))
    source = the(Source, records)
    assert (source.guid, source.name, source.kind) == (SOURCE, "Report.pdf", "pdf")
    assert source.raw_text[source.selections[0].start:] == "Not yet, they must earn it."
    assert source.text_from == f"the PDF's text representation (sources/{rep}.txt)"
    assert skipped_lines(records) == [
        f"PDF region {guid(7)} in 'Report.pdf': qcode codes a PDF's text; a region of a page "
        "is not kept (its text selection in the representation is)"]


def value(tag: str, text: str, variable: str = VARIABLE) -> str:
    return (f"<VariableValue><VariableRef targetGUID='{variable}'/><{tag}>{text}</{tag}>"
            "</VariableValue>")


def test_case_values_are_typed_by_the_element_that_holds_them(tmp_path):
    values = [("TextValue", " ministry  "), ("BooleanValue", "true"), ("IntegerValue", "12"),
              ("FloatValue", "3.5"), ("DateValue", "2024-03-01"),
              ("DateTimeValue", "2024-03-01T10:30:00Z"), ("IntegerValue", "")]
    case = (f"<Cases><Case{attrs(guid=CASE, name='E07')}>"
            + "".join(value(tag, text, guid(i)) for i, (tag, text) in enumerate(values))
            + value("IntegerValue", "twelve", guid(99))
            + f"<SourceRef targetGUID='{SOURCE}'/></Case></Cases>")
    records = read_all(write_qdpx(tmp_path / "s.qdpx", project(case)))
    found = the(Case, records)
    assert found.values == (
        VariableValue(guid(0), " ministry  "), VariableValue(guid(1), True),
        VariableValue(guid(2), 12), VariableValue(guid(3), 3.5),
        VariableValue(guid(4), date(2024, 3, 1)),
        VariableValue(guid(5), datetime(2024, 3, 1, 10, 30, tzinfo=UTC)),
        VariableValue(guid(6), None))
    assert found.source_guids == (SOURCE,)
    assert skipped_lines(records) == [
        "a value of case 'E07': IntegerValue 'twelve' is not a whole number"]


def test_what_qcode_does_not_keep_is_listed_as_skipped_never_dropped(tmp_path):
    xml = project(
        sources(f"<PictureSource{attrs(guid=guid(1), name='map.png')}/>",
                f"<AudioSource{attrs(guid=guid(2), name='E07.m4a')}/>",
                f"<VideoSource{attrs(guid=guid(3), name='E07.mp4')}/>",
                "<Vendor:Extra xmlns:Vendor='urn:vendor'/>"),
        f"<Links><Link{attrs(guid=guid(4), name='causes')}/></Links>",
        f"<Sets><Set{attrs(guid=guid(5), name='Experts')}/></Sets>",
        f"<Graphs><Graph{attrs(guid=guid(6), name='Map')}/></Graphs>")
    records = read_all(write_qdpx(tmp_path / "s.qdpx", xml))
    assert skipped_lines(records) == [
        "picture source 'map.png': qcode holds text documents only",
        "audio source 'E07.m4a': qcode holds text documents only",
        "video source 'E07.mp4': qcode holds text documents only",
        "<Extra> in the sources: not part of REFI-QDA 1.0; qcode does not keep it",
        "link 'causes': qcode has no links between items",
        "set 'Experts': qcode has no sets (groups of codes or documents)",
        "graph 'Map': qcode has no graphs"]
    assert isinstance(records[-1], ProjectFacts)


def test_a_selection_with_positions_that_are_not_numbers_is_skipped_naming_its_source(
        tmp_path):
    bad = (f"<PlainTextSelection{attrs(guid=guid(3), startPosition='ten', endPosition=12)}/>")
    xml = project(sources(text_source(SOURCE, "E07", bad, selection(SELECTION, 0, 5, PARENT),
                                      plainTextPath="internal://a.txt")))
    records = read_all(write_qdpx(tmp_path / "s.qdpx", xml, {"a.txt": TEXT}))
    assert [s.guid for s in the(Source, records).selections] == [SELECTION]
    assert skipped_lines(records) == [f"selection {guid(3)} in 'E07': its start or end "
                                      "position is not a whole number"]


@pytest.mark.parametrize(("xml", "files", "kind", "dup"), [
    (project(codebook(code(PARENT, "Trust"), code(PARENT.upper(), "Distrust"))), {},
     "codes", PARENT.upper()),
    (project(sources(text_source(SOURCE, "E07", plainTextPath="internal://a.txt"),
                     text_source("{" + SOURCE + "}", "E08", plainTextPath="internal://a.txt"))),
     {"a.txt": TEXT}, "sources", "{" + SOURCE + "}"),
    (project(sources(text_source(SOURCE, "E07", selection(SELECTION, 0, 4, PARENT),
                                 selection(SELECTION, 5, 9, PARENT),
                                 plainTextPath="internal://a.txt"))),
     {"a.txt": TEXT}, "selections", SELECTION),
])
def test_duplicate_guids_are_refused_naming_the_guid(tmp_path, xml, files, kind, dup):
    path = write_qdpx(tmp_path / "study.qdpx", xml, files)
    with pytest.raises(InputError) as caught:
        read_all(path)
    assert str(caught.value) == f"study.qdpx: refused: two {kind} have the same GUID {dup}"


def test_progress_counts_bytes_of_the_xml_and_can_cancel(tmp_path):
    many = "".join(selection(guid(i), 0, 5, PARENT, coding=guid(10**6 + i))
                   for i in range(8_000))
    xml = project(sources(text_source(SOURCE, "E07", many, plainTextPath="internal://a.txt")))
    path = write_qdpx(tmp_path / "s.qdpx", xml, {"a.txt": TEXT})
    seen: list[tuple[int, int]] = []
    with open_qdpx(path) as archive:
        records = list(read_project(archive, progress=lambda d, t, _: seen.append((d, t))))
    assert len(the(Source, records).selections) == 8_000
    size = len(xml.encode())
    assert seen[-1] == (size, size) and len(seen) > 1
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    with open_qdpx(path) as archive, pytest.raises(Cancelled):
        list(read_project(archive, progress=lambda *_: False))


def test_a_codebook_file_is_read_with_the_same_rules(tmp_path):
    path = tmp_path / "supervisor.qdc"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" '
        f'origin="MAXQDA"><Codes>{code(PARENT, "Trust", code(CHILD, "Credibility"), color="#F00")}'
        f'</Codes><Sets><Set{attrs(guid=guid(5), name="Core")}/></Sets></CodeBook>',
        encoding="utf-8")
    skipped: list[Skipped] = []
    codes = read_codebook(path, skipped=skipped)
    assert [(c.name, c.parent_guid, c.colour) for c in codes] == [
        ("Trust", None, "#ff0000"), ("Credibility", PARENT, None)]
    assert skipped_lines(skipped) == ["set 'Core': qcode has no sets (groups of codes or "
                                      "documents)"]


@pytest.mark.parametrize(("content", "cause"), [
    ('<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "declares XML entities"),
    ('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>', "its root element is <Project>"),
    ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>', "not well-formed"),
    (f'<CodeBook><Codes>{code(PARENT, "A")}{code(PARENT, "B")}</Codes></CodeBook>',
     f"two codes have the same GUID {PARENT}"),
])
def test_a_bad_codebook_file_is_refused_in_one_line(tmp_path, content, cause):
    path = tmp_path / "book.qdc"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_codebook(path)
    message = str(caught.value)
    assert message.startswith("book.qdc: ") and cause in message and "\n" not in message

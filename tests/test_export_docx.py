"""The coded segments report read back with python-docx: the codebook as headings, each code's
description, every quote with its source, Arabic quotes right to left, stable bytes."""

from __future__ import annotations

import zipfile

import docx
from docx.oxml.ns import qn

from qcode.analysis import SegmentOptions, coded_segments
from qcode.export.segments_docx import write_segments_docx
from tests.export_study import HOSTILE_CODE, SOURCE, write_study


def write_report(project, path, codes=()):  # noqa: ANN001, ANN201
    write_study(project)
    with project.reading() as s:
        table = coded_segments(s, SegmentOptions(codes=codes))
    write_segments_docx(table, path, source=SOURCE)
    return table, docx.Document(str(path))


def test_codebook_becomes_headings_with_descriptions(project, tmp_path):
    _, report = write_report(project, tmp_path / "r.docx")
    paragraphs = report.paragraphs
    headings = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings == [("Heading 1", "Trust"), ("Heading 2", "Credibility"),
                        ("Heading 3", "Evidence"), ("Heading 1", HOSTILE_CODE),
                        ("Heading 1", "Infrastructure")]
    texts = [p.text for p in paragraphs]
    assert texts[texts.index("Trust") + 1] == "Trust in public institutions"
    assert texts[texts.index("Credibility") + 1] == "Whether officials are believed"


def test_every_quote_appears_with_document_speaker_and_coder(project, tmp_path):
    table, report = write_report(project, tmp_path / "r.docx")
    paragraphs = report.paragraphs
    quotes = [i for i, p in enumerate(paragraphs) if p.style.name == "Quote"]
    assert [paragraphs[i].text for i in quotes] == [s.text for s in table.segments]
    for i, segment in zip(quotes, table.segments, strict=True):
        source = paragraphs[i + 1].text
        assert segment.document in source and f"coded by {segment.coder}" in source
        assert segment.speaker is None or segment.speaker in source


def test_arabic_quotes_are_right_to_left_paragraphs(project, tmp_path):
    _, report = write_report(project, tmp_path / "r.docx", codes=("Trust/Credibility",))
    quotes = {p.text: p for p in report.paragraphs if p.style.name == "Quote"}
    arabic = quotes["الثقة ضعيفة جدا"]
    assert arabic._p.pPr.find(qn("w:bidi")) is not None
    assert all(r.font.rtl for r in arabic.runs)
    english = quotes["trust is low. @admin"]
    assert english._p.pPr is None or english._p.pPr.find(qn("w:bidi")) is None


def test_same_input_gives_the_same_bytes(project, tmp_path):
    write_report(project, tmp_path / "a.docx")
    first = (tmp_path / "a.docx").read_bytes()
    write_report(project, tmp_path / "a.docx")
    assert (tmp_path / "a.docx").read_bytes() == first
    with zipfile.ZipFile(tmp_path / "a.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}

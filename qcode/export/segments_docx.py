"""A DOCX report of coded segments, grouped by code.

The codebook's hierarchy becomes the heading levels (a top-level code is Heading 1); under each
heading come the code's description and its quotes in "Quote" style, each followed by where it
comes from: document, speaker (with the time stamp of the turn, if any), coder and offsets. A
quote whose first strong character is right-to-left (Arabic) is a right-to-left paragraph.
Fixed document properties and zip timestamps make the same input give the same bytes.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from qcode import __version__
from qcode.analysis.results import CodedSegment, CodeLabel, SegmentsTable
from qcode.export.files import FIXED_TIME, atomic_write, restamp_zip, xml_safe
from qcode.export.manifest import Source, segments_facts, write_manifest
from qcode.importers.normalise import paragraph_direction
from qcode.importers.timestamps import format_timestamp

MAX_HEADING_LEVEL = 9
#: What may follow w:bidi inside w:pPr (ECMA-376 order), so w:bidi goes in the right place.
_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
               "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _right_to_left(paragraph: Paragraph) -> None:
    """Mark a paragraph and its runs right-to-left (w:bidi, w:rtl)."""
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(OxmlElement("w:bidi").tag) is None:
        ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    for run in paragraph.runs:
        run.font.rtl = True


def _source_line(segment: CodedSegment) -> str:
    parts = [segment.document]
    if segment.speaker:
        time = format_timestamp(segment.time)
        parts.append(f"{segment.speaker} [{time}]" if time else segment.speaker)
    parts += [f"coded by {segment.coder}", f"characters {segment.start}\u2013{segment.end}"]
    return "\u2014 " + " \u00b7 ".join(parts)


def _add_segment(doc: Document, segment: CodedSegment) -> None:
    quote = doc.add_paragraph(xml_safe(segment.text), style="Quote")
    if paragraph_direction(segment.text) == "rtl":
        _right_to_left(quote)
    source = doc.add_paragraph()
    run = source.add_run(xml_safe(_source_line(segment)))
    run.italic = True
    run.font.size = Pt(9)
    if segment.memo:
        doc.add_paragraph(xml_safe(f"Memo: {segment.memo}"))


def _add_code(doc: Document, code: CodeLabel, segments: list[CodedSegment]) -> None:
    doc.add_heading(xml_safe(code.name), level=min(code.depth + 1, MAX_HEADING_LEVEL))
    if code.description:
        doc.add_paragraph(xml_safe(code.description))
    if not segments:
        doc.add_paragraph().add_run("No coded segments.").italic = True
    for segment in segments:
        _add_segment(doc, segment)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def build_report(table: SegmentsTable, source: Source) -> Document:
    doc = Document()
    props = doc.core_properties
    props.title = xml_safe(f"Coded segments \u2014 {source.name}")
    props.author = props.last_modified_by = f"qcode {__version__}"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    doc.add_heading(xml_safe(f"Coded segments: {source.name}"), level=0)
    by_code: dict[int, list[CodedSegment]] = {c.code_id: [] for c in table.codes}
    for segment in table.segments:
        by_code[segment.code_id].append(segment)
    doc.add_paragraph(f"{_count(len(table.segments), 'coded segment')} of "
                      f"{_count(len(table.codes), 'code')}.")
    for code in table.codes:
        _add_code(doc, code, by_code[code.code_id])
    return doc


def write_segments_docx(table: SegmentsTable, path: str | Path, *, source: Source,
                        now: datetime | None = None) -> Path:
    """Write the report and its manifest; returns the manifest's path."""
    buffer = io.BytesIO()
    build_report(table, source).save(buffer)
    data = restamp_zip(buffer.getvalue())
    atomic_write(path, lambda tmp: tmp.write_bytes(data))
    return write_manifest(path, segments_facts(table, source), file_format="docx", now=now)

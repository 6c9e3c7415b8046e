"""Reading .docx: the text a user sees in Word, with tracked changes accepted."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from qcode.errors import InputError
from qcode.importers import read_document
from tests.docx_build import p, r, remove_member, replace_member, table, write_docx


def text_of(tmp_path: Path, *blocks: str) -> str:
    return read_document(write_docx(tmp_path / "interview.docx", *blocks)).text


def test_paragraphs_made_with_python_docx_come_out_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Interview 7", level=1)
    document.add_paragraph("Q: How do you file a permit?")
    document.add_paragraph("A: At the municipality, ").add_run("in person.").bold = True
    document.save(str(tmp_path / "i7.docx"))
    imported = read_document(tmp_path / "i7.docx")
    assert imported.text == ("Interview 7\nQ: How do you file a permit?\n"
                             "A: At the municipality, in person.")
    assert imported.format == "docx" and imported.name == "i7"


def test_arabic_paragraphs_keep_their_text_and_direction(tmp_path: Path) -> None:
    document = docx.Document()
    lines = ["الحكومة الإلكترونية في ليبيا", "س: كيف تقدم الطلب؟", "ج: عبر البوابة."]
    for line in lines:
        document.add_paragraph(line)
    document.save(str(tmp_path / "ar.docx"))
    imported = read_document(tmp_path / "ar.docx")
    assert imported.text == "\n".join(lines)
    assert imported.direction == "rtl"


def test_tables_sit_between_paragraphs_cells_by_tab_rows_by_newline(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Before")
    grid = document.add_table(rows=2, cols=3)
    for i, row in enumerate(grid.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"r{i}c{j}"
    document.add_paragraph("After")
    document.save(str(tmp_path / "t.docx"))
    assert read_document(tmp_path / "t.docx").text == (
        "Before\nr0c0\tr0c1\tr0c2\nr1c0\tr1c1\tr1c2\nAfter")


def test_nested_table_text_comes_inside_its_cell(tmp_path: Path) -> None:
    inner = table([[p(r("x")), p(r("y"))]])
    text = text_of(tmp_path, table([[p(r("outer")), inner + p(r("tail"))]]), p(r("end")))
    assert text == "outer\tx\ty\ntail\nend"


def test_tab_break_carriage_return_and_page_break(tmp_path: Path) -> None:
    text = text_of(tmp_path, p(
        r("a"), "<w:r><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t>"
        '<w:br w:type="page"/><w:t>e</w:t></w:r>'))
    assert text == "a\tb\nc\nd\ne"


def test_tab_stops_in_paragraph_properties_are_not_text(tmp_path: Path) -> None:
    props = '<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
    assert text_of(tmp_path, f"<w:p>{props}{r('Speaker 1: yes')}</w:p>") == "Speaker 1: yes"


def test_hyperlink_text_is_kept(tmp_path: Path) -> None:
    link = f'<w:hyperlink w:anchor="top">{r("the portal")}</w:hyperlink>'
    assert text_of(tmp_path, p(r("See "), link, r(" today."))) == "See the portal today."


def test_tracked_insertions_kept_and_deletions_dropped(tmp_path: Path) -> None:
    ins = f'<w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z">{r("new ")}</w:ins>'
    deleted = ('<w:del w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z">'
               '<w:r><w:delText>old </w:delText></w:r></w:del>')
    assert text_of(tmp_path, p(r("The "), deleted, ins, r("system"))) == "The new system"


def test_moves_keep_the_destination_only(tmp_path: Path) -> None:
    move_from = f'<w:moveFrom w:id="3" w:author="A">{r("moved ")}</w:moveFrom>'
    move_to = f'<w:moveTo w:id="4" w:author="A">{r("moved ")}</w:moveTo>'
    assert text_of(tmp_path, p(move_from, r("text")), p(r("now "), move_to)) == "text\nnow moved"


def test_deleted_paragraph_mark_joins_the_paragraphs(tmp_path: Path) -> None:
    mark = '<w:pPr><w:rPr><w:del w:id="5" w:author="A"/></w:rPr></w:pPr>'
    text = text_of(tmp_path, f"<w:p>{mark}{r('one ')}</w:p>", p(r("two")), p(r("three")))
    assert text == "one two\nthree"


def test_deleted_table_row_is_dropped(tmp_path: Path) -> None:
    grid = table([[p(r("keep"))], [p(r("gone"))]]).replace(
        "<w:tr><w:tc><w:p><w:r><w:t xml:space=\"preserve\">gone",
        "<w:tr><w:trPr><w:del w:id=\"6\" w:author=\"A\"/></w:trPr><w:tc><w:p><w:r>"
        "<w:t xml:space=\"preserve\">gone")
    assert "<w:trPr>" in grid
    assert text_of(tmp_path, grid) == "keep"


def test_content_controls_block_and_inline(tmp_path: Path) -> None:
    block = f'<w:sdt><w:sdtPr><w:alias w:val="Name"/></w:sdtPr><w:sdtContent>{p(r("Block"))}' \
            "</w:sdtContent></w:sdt>"
    inline = f"<w:sdt><w:sdtPr/><w:sdtContent>{r('Tripoli')}</w:sdtContent></w:sdt>"
    assert text_of(tmp_path, block, p(r("City: "), inline)) == "Block\nCity: Tripoli"


def test_smart_tag_text_is_kept(tmp_path: Path) -> None:
    tag = f'<w:smartTag w:uri="urn:x" w:element="place">{r("Benghazi")}</w:smartTag>'
    assert text_of(tmp_path, p(r("In "), tag)) == "In Benghazi"


def test_simple_field_shows_its_result(tmp_path: Path) -> None:
    field = f'<w:fldSimple w:instr=" DATE \\@ &quot;d MMMM yyyy&quot; ">{r("3 May 2024")}' \
            "</w:fldSimple>"
    assert text_of(tmp_path, p(r("Date: "), field)) == "Date: 3 May 2024"


def test_complex_field_keeps_result_and_drops_instruction(tmp_path: Path) -> None:
    runs = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{r("12")}<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    assert text_of(tmp_path, p(r("Page "), runs)) == "Page 12"


def test_symbols_and_hyphens(tmp_path: Path) -> None:
    runs = ('<w:r><w:t>e</w:t><w:noBreakHyphen/><w:t>government</w:t><w:softHyphen/>'
            '<w:t>s</w:t></w:r><w:r><w:sym w:font="Symbol" w:char="F061"/>'
            '<w:sym w:font="Cambria Math" w:char="2265"/></w:r>')
    assert text_of(tmp_path, p(runs)) == "e-governments\u03b1\u2265"


def test_text_box_text_comes_once_after_its_paragraph(tmp_path: Path) -> None:
    box = f"<w:txbxContent>{p(r('Box text'))}</w:txbxContent>"
    alternate = (
        "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>"
        f"{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        f"<v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent>")
    text = text_of(tmp_path, p(r("Anchor "), f"<w:r>{alternate}</w:r>", r("line")), p(r("Next")))
    assert text == "Anchor line\nBox text\nNext"


def test_footnote_reference_mark_is_not_text(tmp_path: Path) -> None:
    ref = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>' \
          '<w:footnoteReference w:id="1"/></w:r>'
    assert text_of(tmp_path, p(r("Claim"), ref, r(" here."))) == "Claim here."


def test_math_text_is_kept(tmp_path: Path) -> None:
    math = "<m:oMath><m:r><m:t>x=2</m:t></m:r></m:oMath>"
    assert text_of(tmp_path, p(r("where "), math)) == "where x=2"


def test_document_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("   ")
    document.save(str(path))
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert "no text" in caught.value.reason and caught.value.path == path


def test_strict_open_xml_document(tmp_path: Path) -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    path = write_docx(tmp_path / "strict.docx", p(r("placeholder")))
    xml = (f'<w:document xmlns:w="{strict}"><w:body>{p(r("Strict one"))}'
           f'{p(r("two"), "<w:r><w:tab/></w:r>", r("three"))}</w:body></w:document>')
    replace_member(path, "word/document.xml", xml.encode())
    assert read_document(path).text == "Strict one\ntwo\tthree"


def test_main_part_is_found_through_the_package_relationships(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "renamed_part.docx", p(r("Found it")))
    with zipfile.ZipFile(path) as z:
        body, rels = z.read("word/document.xml"), z.read("_rels/.rels")
    remove_member(path, "word/document.xml")
    replace_member(path, "word/main.xml", body)
    replace_member(path, "_rels/.rels", rels.replace(b"word/document.xml", b"word/main.xml"))
    assert read_document(path).text == "Found it"


def test_moved_away_paragraph_mark_joins_the_paragraphs(tmp_path: Path) -> None:
    mark = '<w:pPr><w:rPr><w:moveFrom w:id="7" w:author="A"/></w:rPr></w:pPr>'
    assert text_of(tmp_path, f"<w:p>{mark}{r('one ')}</w:p>", p(r("two"))) == "one two"

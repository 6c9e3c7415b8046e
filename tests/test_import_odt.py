"""Reading OpenDocument text (.odt): what LibreOffice shows, tracked changes accepted."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from odf import table as odf_table
from odf import text as odf_text
from odf.opendocument import OpenDocumentText

from qcode.errors import InputError
from qcode.importers import read_document

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def write_odt(path: Path, body: str, manifest: str = _MANIFEST) -> Path:
    """An .odt package whose office:text holds ``body`` (raw ODF XML), written as LibreOffice
    lays it out: an uncompressed mimetype first, then the manifest and content."""
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS} '
               f'office:version="1.2"><office:body><office:text>{body}</office:text>'
               "</office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    return path


def text_of(tmp_path: Path, body: str) -> str:
    return read_document(write_odt(tmp_path / "interview.odt", body)).text


def test_odfpy_document_headings_lists_and_tables_in_order(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.text.addElement(odf_text.H(outlinelevel=1, text="Interview 3"))
    document.text.addElement(odf_text.P(text="Q: Which services are online?"))
    items = odf_text.List()
    for service in ("Passports", "Civil registry"):
        item = odf_text.ListItem()
        item.addElement(odf_text.P(text=service))
        items.addElement(item)
    document.text.addElement(items)
    grid = odf_table.Table(name="T1")
    grid.addElement(odf_table.TableColumn(numbercolumnsrepeated=2))
    for row_values in (("Year", "Users"), ("2023", "1200")):
        row = odf_table.TableRow()
        for value in row_values:
            cell = odf_table.TableCell()
            cell.addElement(odf_text.P(text=value))
            row.addElement(cell)
        grid.addElement(row)
    document.text.addElement(grid)
    document.text.addElement(odf_text.P(text="ج: مرحبا"))
    document.save(str(tmp_path / "i3.odt"))
    imported = read_document(tmp_path / "i3.odt")
    assert imported.text == ("Interview 3\nQ: Which services are online?\nPassports\n"
                             "Civil registry\nYear\tUsers\n2023\t1200\nج: مرحبا")
    assert imported.direction == "mixed" and imported.format == "odt"


def test_tab_line_break_and_counted_spaces(tmp_path: Path) -> None:
    body = ('<text:p>a<text:tab/>b<text:line-break/>c<text:s/>d<text:s text:c="3"/>e</text:p>')
    assert text_of(tmp_path, body) == "a\tb\nc d   e"


def test_xml_white_space_is_collapsed_but_spans_keep_their_text(tmp_path: Path) -> None:
    body = ("<text:p>\n   Speaker  1:\n  <text:span>yes,</text:span> "
            "<text:a>indeed</text:a></text:p>")
    assert text_of(tmp_path, body) == "Speaker 1: yes, indeed"


def test_tracked_changes_deleted_text_dropped_inserted_kept(tmp_path: Path) -> None:
    region = (
        '<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion>'
        "<office:change-info><dc:creator>A</dc:creator></office:change-info>"
        "<text:p>old wording</text:p></text:deletion></text:changed-region>"
        '<text:changed-region text:id="ct2"><text:insertion><office:change-info>'
        "<dc:creator>A</dc:creator></office:change-info></text:insertion></text:changed-region>"
        "</text:tracked-changes>")
    body = (region + '<text:p>The <text:change text:change-id="ct1"/>'
            '<text:change-start text:change-id="ct2"/>new<text:change-end text:change-id="ct2"/>'
            " system</text:p>")
    assert text_of(tmp_path, body) == "The new system"


def test_nested_table_and_covered_cells_keep_the_grid(tmp_path: Path) -> None:
    inner = ("<table:table><table:table-row><table:table-cell><text:p>x</text:p>"
             "</table:table-cell><table:table-cell><text:p>y</text:p></table:table-cell>"
             "</table:table-row></table:table>")
    body = ("<table:table><table:table-header-rows><table:table-row>"
            '<table:table-cell table:number-columns-spanned="2"><text:p>head</text:p>'
            "</table:table-cell><table:covered-table-cell/></table:table-row>"
            "</table:table-header-rows><table:table-row><table:table-cell><text:p>a</text:p>"
            f"</table:table-cell><table:table-cell>{inner}<text:p>b</text:p>"
            "</table:table-cell></table:table-row></table:table><text:p>end</text:p>")
    assert text_of(tmp_path, body) == "head\t\na\tx\ty\nb\nend"


def test_notes_and_comments_are_not_body_text(tmp_path: Path) -> None:
    body = ('<text:p>Claim<text:note text:note-class="footnote"><text:note-citation>1'
            "</text:note-citation><text:note-body><text:p>Source</text:p></text:note-body>"
            "</text:note> here.<office:annotation><dc:creator>B</dc:creator>"
            "<text:p>check</text:p></office:annotation></text:p>")
    assert text_of(tmp_path, body) == "Claim here."


def test_text_box_comes_after_its_paragraph(tmp_path: Path) -> None:
    body = ('<text:p>Anchor <draw:frame draw:name="f"><draw:text-box><text:p>Boxed</text:p>'
            "</draw:text-box></draw:frame>line</text:p><text:p>Next</text:p>")
    assert text_of(tmp_path, body) == "Anchor line\nBoxed\nNext"


def test_encrypted_odt_is_refused_as_password_protected(tmp_path: Path) -> None:
    manifest = _MANIFEST.replace(
        'manifest:media-type="text/xml"/>',
        'manifest:media-type="text/xml"><manifest:encryption-data '
        'manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry>')
    path = write_odt(tmp_path / "secret.odt", "<text:p>x</text:p>", manifest)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert "password-protected" in caught.value.reason and caught.value.path == path


def test_spreadsheet_renamed_odt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sheet.odt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("content.xml", f"<office:document-content {_NS}><office:body>"
                                  "<office:spreadsheet/></office:body></office:document-content>")
    with pytest.raises(InputError, match="not an OpenDocument text document"):
        read_document(path)


def test_odt_without_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no text"):
        read_document(write_odt(tmp_path / "blank.odt", "<text:p/><text:p>  </text:p>"))

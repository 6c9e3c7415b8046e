"""XLSX exports read back with openpyxl: same numbers, frozen headers, a heatmap, an About
sheet with the rules, text that never runs as a formula, the same bytes for the same input."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime

import openpyxl
from openpyxl.formatting.rule import ColorScale

from qcode.analysis import (
    CooccurrenceOptions,
    MatrixOptions,
    SegmentOptions,
    build_cooccurrence,
    build_matrix,
    coded_segments,
)
from qcode.export.segments_xlsx import write_segments_xlsx
from qcode.export.tables import segments_table
from qcode.export.xlsx import Sheet, write_cooccurrence_xlsx, write_matrix_xlsx, write_workbook
from tests.export_study import HOSTILE_CODE, SOURCE, write_study


def rounded(value):  # noqa: ANN001, ANN201
    return round(value, 2) if isinstance(value, float) else value


def test_matrix_xlsx_reads_back_with_the_same_numbers(project, tmp_path):
    write_study(project)
    with project.reading() as s:
        m = build_matrix(s, MatrixOptions(measure="coverage", columns="speakers", rollup=True))
    write_matrix_xlsx(m, tmp_path / "m.xlsx", source=SOURCE)
    wb = openpyxl.load_workbook(tmp_path / "m.xlsx")
    assert wb.sheetnames == ["Matrix", "About"]
    rows = list(wb["Matrix"].iter_rows(values_only=True))
    assert rows[0] == ("Code", *(c.label for c in m.columns), "Total")
    for row, label, values, total in zip(rows[1:-1], m.rows, m.values, m.row_totals,
                                         strict=True):
        assert row == (label.path, *(rounded(v) for v in values), rounded(total))
    assert rows[-1] == ("Total", *(rounded(v) for v in m.column_totals), rounded(m.grand_total))
    assert wb["Matrix"].freeze_panes == "B2"


def test_matrix_has_a_heatmap_over_the_cells_without_totals(project, tmp_path):
    write_study(project)
    with project.reading() as s:
        m = build_matrix(s, MatrixOptions(measure="characters"))
    write_matrix_xlsx(m, tmp_path / "m.xlsx", source=SOURCE)
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx")["Matrix"]
    formats = list(sheet.conditional_formatting)
    assert [str(f.sqref) for f in formats] == ["B2:D6"]  # 5 codes x 3 documents
    assert isinstance(formats[0].rules[0].colorScale, ColorScale)


def test_about_sheet_states_the_rules(project, tmp_path):
    write_study(project)
    with project.reading() as s:
        m = build_matrix(s, MatrixOptions(measure="documents", rollup=True))
    write_matrix_xlsx(m, tmp_path / "m.xlsx", source=SOURCE)
    about = dict(openpyxl.load_workbook(tmp_path / "m.xlsx")["About"].iter_rows(
        values_only=True, max_col=2))
    assert about["measure"] == "documents" and about["rollup"] == "true"
    assert SOURCE.uuid in about["project"]
    assert about["counting rule"].startswith("Offsets are Unicode code points")


def test_formula_text_stays_text(project, tmp_path):
    write_study(project)
    with project.reading() as s:
        m = build_matrix(s, MatrixOptions())
        segments = coded_segments(s, SegmentOptions())
    write_matrix_xlsx(m, tmp_path / "m.xlsx", source=SOURCE)
    write_segments_xlsx(segments, tmp_path / "s.xlsx", source=SOURCE)
    cell = openpyxl.load_workbook(tmp_path / "m.xlsx")["Matrix"]["A5"]
    assert (cell.value, cell.data_type) == (HOSTILE_CODE, "s")
    quotes = [c for c in openpyxl.load_workbook(tmp_path / "s.xlsx")["Segments"]["I"]]
    assert {(c.value, c.data_type) for c in quotes} >= {("=SUM(1+1) trust", "s"),
                                                         ("=SUM(1+1)", "s")}
    for name in ("m.xlsx", "s.xlsx"):
        with zipfile.ZipFile(tmp_path / name) as z:
            sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
            assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n)
                                      for n in sheets)


def test_segments_xlsx_reads_back(project, tmp_path):
    write_study(project)
    with project.reading() as s:
        table = coded_segments(s, SegmentOptions(codes=("Trust",)))
    write_segments_xlsx(table, tmp_path / "s.xlsx", source=SOURCE)
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx")["Segments"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == table.header()
    assert rows[1:] == [tuple(r) for r in table.records()]
    assert sheet.freeze_panes == "A2"


def test_same_input_gives_the_same_bytes(project, tmp_path):
    write_study(project)
    with project.reading() as s:
        co = build_cooccurrence(s, CooccurrenceOptions())
    write_cooccurrence_xlsx(co, tmp_path / "a.xlsx", source=SOURCE,
                            now=datetime(2024, 1, 1, tzinfo=UTC))
    first = (tmp_path / "a.xlsx").read_bytes()
    write_cooccurrence_xlsx(co, tmp_path / "a.xlsx", source=SOURCE,
                            now=datetime(2025, 1, 1, tzinfo=UTC))
    assert (tmp_path / "a.xlsx").read_bytes() == first
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_matrix_looks_as_it_did_bold_header_indented_codes_quoted_formulas(project, tmp_path):
    write_study(project)
    with project.reading() as s:
        m = build_matrix(s, MatrixOptions())
    write_matrix_xlsx(m, tmp_path / "m.xlsx", source=SOURCE)
    wb = openpyxl.load_workbook(tmp_path / "m.xlsx")
    sheet = wb["Matrix"]
    assert all(c.font.b for c in sheet[1]) and not sheet["A2"].font.b
    assert [sheet[f"A{i}"].alignment.indent for i in range(2, 7)] == [0, 1, 2, 0, 0]
    assert [sheet[f"A{i}"].value for i in range(2, 5)] == ["Trust", "Trust/Credibility",
                                                            "Trust/Credibility/Evidence"]
    assert sheet["A5"].quotePrefix and not sheet["A2"].quotePrefix
    assert sheet.column_dimensions["A"].width >= len(HOSTILE_CODE)
    about = wb["About"]
    assert about["A1"].font.b and about["B1"].alignment.wrap_text
    assert wb.properties.creator.startswith("qcode ")


def test_every_part_of_the_package_has_a_content_type(project, tmp_path):
    """Excel refuses a workbook whose parts are not all declared (openpyxl does not care)."""
    write_study(project)
    with project.reading() as s:
        m = build_matrix(s, MatrixOptions())
    write_matrix_xlsx(m, tmp_path / "m.xlsx", source=SOURCE)
    with zipfile.ZipFile(tmp_path / "m.xlsx") as z:
        types = z.read("[Content_Types].xml").decode()
        for name in z.namelist():
            if not name.endswith((".rels", "[Content_Types].xml")):
                assert f'PartName="/{name}"' in types, name


def test_text_keeps_line_breaks_carriage_returns_and_edge_spaces(project, tmp_path):
    write_study(project)
    with project.reading() as s:
        segments = coded_segments(s, SegmentOptions())
    odd = "  two\r\nlines & <tags> \x01 "
    header, rows = segments_table(segments)
    rows[0][header.index("text")] = odd
    write_workbook(tmp_path / "s.xlsx", [Sheet("Segments", (header, rows))], {"table": "x"})
    column = header.index("text") + 1
    cell = openpyxl.load_workbook(tmp_path / "s.xlsx")["Segments"].cell(2, column)
    assert cell.value == "  two\r\nlines & <tags> \ufffd "

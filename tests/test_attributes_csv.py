"""Attribute CSV: encodings, delimiters, type inference, all-or-nothing import, exact undo."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.errors import InputError
from qcode.importers.attributes_csv import infer_type, parse_date, read_attribute_csv
from qcode.models import Attribute, Document, DocumentAttribute
from qcode.ops.attributes import (
    apply_attribute_table,
    define_attribute,
    remove_attribute,
    set_attribute_value,
)
from qcode.project import Project
from tests.factories import add_doc
from tests.ops_helpers import check_undo_redo, counts, dump, project_sha, sha256

ROSTER = ("expert,role,city,years,interviewed\n"
          "E01,Ministry official,Tripoli,18,2024-03-05\n"
          "E02,IT director,Tripoli,12,2024-03-07\n"
          "E03,Academic,Benghazi,22,2024-04-11\n"
          "E04,IT director,Tripoli,9,2024-04-12\n"
          "E05,Academic,Misrata,,2024-05-02\n")


def write(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "roster.csv"
          ) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def docs(project: Project) -> dict[str, int]:
    with project.transaction() as s:
        return {name: add_doc(s, name, f"Interview {name}.") for name in
                ("E01", "E02", "E03", "E04", "E05")}


def values(project: Project) -> dict[tuple[str, str], str]:
    with project.reading() as s:
        rows = s.execute(select(Document.name, Attribute.name, DocumentAttribute.value)
                         .join(Document, Document.id == DocumentAttribute.document_id)
                         .join(Attribute, Attribute.id == DocumentAttribute.attribute_id))
        return {(d, a): v for d, a, v in rows}


def types(project: Project) -> dict[str, str]:
    with project.reading() as s:
        return dict(s.execute(select(Attribute.name, Attribute.type)).all())


def apply(project: Project, path: Path):
    table = read_attribute_csv(path)
    with project.transaction() as s:
        return apply_attribute_table(s, table=table)


# -- reading ----------------------------------------------------------------------------------

def test_types_are_inferred_per_column(tmp_path):
    table = read_attribute_csv(write(tmp_path, ROSTER))
    assert [(c.name, c.type) for c in table.columns] == [
        ("role", "choice"), ("city", "choice"), ("years", "number"), ("interviewed", "date")]
    assert table.documents == ("E01", "E02", "E03", "E04", "E05")
    assert table.lines == (2, 3, 4, 5, 6)
    assert table.value_count == 19  # 5 rows x 4 columns, one empty cell


@pytest.mark.parametrize(("cells", "expected"), [
    (["12", "3.5", "-2", "1e3"], ("number", None)),
    (["1,200", "3"], ("text", None)),             # thousands separator: not a number
    (["007", "12"], ("text", None)),              # leading zeros: an identifier
    (["31/12/2020", "05/01/2021"], ("date", "dmy")),
    (["12/31/2020", "01/05/2021"], ("date", "mdy")),
    (["05/06/2020", "07/08/2021"], ("text", None)),   # could be either: not guessed
    (["31/12/2020", "12/31/2020"], ("text", None)),   # both orders in one column
    (["a", "b", "a", "b", "c", "c"], ("choice", None)),
    (["a", "b", "c"], ("text", None)),            # nothing repeats: free text
    (["n/a", "late", "n/a", "ok", "fine"], ("text", None)),  # mostly unique: comments
    (["nan", "inf"], ("text", None)),
])
def test_inference_edge_cases(cells, expected):
    assert infer_type(cells) == expected


def test_decimal_comma_is_read_in_semicolon_files_only(tmp_path):
    semi = read_attribute_csv(write(tmp_path, "doc;score\nE01;3,5\nE02;4\n", name="a.csv"))
    comma = read_attribute_csv(write(tmp_path, 'doc,score\nE01,"3,5"\nE02,4\n', name="b.csv"))
    assert semi.columns[0].type == "number"
    assert semi.columns[0].values_as("number") == ["3.5", "4"]
    assert comma.columns[0].type == "text"


@pytest.mark.parametrize(("text", "encoding"), [
    (ROSTER, "utf-8-sig"),                          # Excel's "CSV UTF-8"
    (ROSTER.replace(",", ";"), "utf-8"),            # Excel in comma-decimal locales
    (ROSTER.replace(",", "\t"), "utf-16"),          # Excel's "Unicode text"
    (ROSTER.replace("\n", "\r\n"), "utf-8"),
])
def test_encodings_and_delimiters_give_the_same_table(tmp_path, text, encoding):
    reference = read_attribute_csv(write(tmp_path, ROSTER, name="ref.csv"))
    table = read_attribute_csv(write(tmp_path, text, encoding=encoding))
    def shape(t):
        return [(c.name, c.type, c.cells) for c in t.columns], t.documents

    assert shape(table) == shape(reference)


def test_legacy_arabic_code_page_is_detected(tmp_path):
    text = "وثيقة,المدينة,الدور\n" + "".join(
        f"E0{i},{city},{role}\n" for i, (city, role) in enumerate(
            [("طرابلس", "مدير تقنية المعلومات"), ("بنغازي", "أكاديمي"),
             ("طرابلس", "مسؤول حكومي"), ("مصراتة", "أكاديمي")], start=1))
    table = read_attribute_csv(write(tmp_path, text, encoding="cp1256"))
    assert [c.name for c in table.columns] == ["المدينة", "الدور"]
    assert table.columns[0].cells == ("طرابلس", "بنغازي", "طرابلس", "مصراتة")


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty"),
    ("expert\nE01\n", "no attribute columns"),
    ("expert,role\n", "no documents"),
    ("expert,role,Role\nE01,a,b\n", "'Role' appears twice"),
    ("expert,role\nE01,a\nE01,b\n", "'E01' appears twice (lines 2 and 3)"),
    ("expert,role\n,a\n", "line 2 has values but no document name"),
    ("expert,role\nE01,a,extra\n", "line 2 has more cells than the header"),
    ("expert,,city\nE01,x,Tripoli\n", "column 2 has values but no name"),
    ('expert,role\nE01,"unclosed\n', "not valid CSV"),
])
def test_malformed_files_are_refused_naming_the_cause(tmp_path, text, reason):
    with pytest.raises(InputError, match=re.escape(reason)) as info:
        read_attribute_csv(write(tmp_path, text))
    assert str(info.value).startswith("roster.csv: ")


def test_a_workbook_saved_as_csv_name_is_refused(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(InputError, match="spreadsheet workbook"):
        read_attribute_csv(path)


def test_the_demo_roster_reads_with_sensible_types():
    table = read_attribute_csv(Path(__file__).parents[1] / "resources/demo/attributes.csv")
    kinds = {c.name: c.type for c in table.columns}
    assert kinds["years of experience"] == "number" and kinds["city"] == "choice"
    assert len(table.documents) == 23


# -- applying ---------------------------------------------------------------------------------

def test_apply_defines_attributes_and_stores_canonical_values(project, docs, tmp_path):
    text = ROSTER.replace("2024-04-12", "13/04/2024").replace("E03,Academic,Benghazi,22",
                                                              "E03,Academic,Benghazi,22.50")
    before = dump(project)
    changes = apply(project, write(tmp_path, text))
    assert types(project) == {"role": "choice", "city": "choice", "years": "number",
                              "interviewed": "date"}
    got = values(project)
    assert got[("E03", "years")] == "22.5" and got[("E01", "years")] == "18"
    assert got[("E04", "interviewed")] == "2024-04-13"
    assert ("E05", "years") not in got  # empty cell: no value row
    assert len(got) == 19 and changes.documents == set(docs.values())
    check_undo_redo(project, before, changes)


def test_unknown_documents_are_listed_and_nothing_is_applied(project, docs, tmp_path):
    path = write(tmp_path, ROSTER + "E99,Academic,Sabha,3,2024-06-01\nX1,,,,\n")
    file_sha, project_before, rows_before = sha256(path), project_sha(project), counts(project)
    with pytest.raises(InputError, match=r"2 documents not in the project: 'E99', 'X1'"), \
            project.transaction() as s:
        apply_attribute_table(s, table=read_attribute_csv(path))
    assert counts(project) == rows_before
    assert project_sha(project) == project_before and sha256(path) == file_sha


def test_rows_may_name_documents_by_file_name(project, docs, tmp_path):
    apply(project, write(tmp_path, "file,city\nE01.txt,Tripoli\nE02.txt,Sabha\n"))
    assert values(project) == {("E01", "city"): "Tripoli", ("E02", "city"): "Sabha"}


def test_existing_attribute_keeps_its_type_when_values_convert(project, docs, tmp_path):
    with project.transaction() as s:
        define_attribute(s, name="Years", type="text")   # the same attribute, any case
        define_attribute(s, name="score", type="number")
    apply(project, write(tmp_path, "doc,years,score\nE01,18,4\nE02,12,7\n"))
    assert types(project) == {"Years": "text", "score": "number"}
    assert values(project)[("E01", "Years")] == "18"


def test_existing_attribute_refuses_values_that_do_not_convert(project, docs, tmp_path):
    with project.transaction() as s:
        define_attribute(s, name="years", type="number")
    path = write(tmp_path, "doc,years,city\nE01,18,Tripoli\nE02,twelve,Sabha\n")
    before = dump(project)
    with pytest.raises(InputError, match=r"'years' is already of type number, but line 3 "
                                         r"cannot be one: 'twelve' is not a number"):
        apply(project, path)
    assert dump(project) == before


def test_empty_cell_clears_a_value_and_other_documents_keep_theirs(project, docs, tmp_path):
    apply(project, write(tmp_path, "doc,city\nE01,Tripoli\nE02,Sabha\nE03,Misrata\n"))
    before = dump(project)
    changes = apply(project, write(tmp_path, "doc,city\nE01,\nE02,Benghazi\n", name="b.csv"))
    assert values(project) == {("E02", "city"): "Benghazi", ("E03", "city"): "Misrata"}
    check_undo_redo(project, before, changes)


# -- single values and definitions -------------------------------------------------------------

def test_set_value_checks_the_type_and_undoes(project, docs):
    with project.transaction() as s:
        when = next(iter(define_attribute(s, name="interviewed", type="date").attributes))
        with pytest.raises(InputError, match="ambiguous"):
            set_attribute_value(s, document_id=docs["E01"], attribute_id=when, value="05/06/2024")
        with pytest.raises(InputError, match="not a valid date"):
            set_attribute_value(s, document_id=docs["E01"], attribute_id=when, value="2024-02-30")
    before = dump(project)
    with project.transaction() as s:
        changes = set_attribute_value(s, document_id=docs["E01"], attribute_id=when,
                                      value="31/05/2024")
    assert values(project) == {("E01", "interviewed"): "2024-05-31"}
    check_undo_redo(project, before, changes)
    before = dump(project)
    with project.transaction() as s:  # a blank value clears it
        changes = set_attribute_value(s, document_id=docs["E01"], attribute_id=when, value=" ")
    assert values(project) == {}
    check_undo_redo(project, before, changes)


def test_define_refuses_duplicates_and_unknown_types(project):
    with project.transaction() as s:
        define_attribute(s, name="City", type="choice")
        with pytest.raises(InputError, match="already exists"):
            define_attribute(s, name="city", type="text")
        with pytest.raises(InputError, match="unknown attribute type"):
            define_attribute(s, name="age", type="integer")


def test_remove_attribute_takes_its_values_and_undo_brings_them_back(project, docs, tmp_path):
    apply(project, write(tmp_path, ROSTER))
    before = dump(project)
    with project.transaction() as s:
        city = s.scalar(select(Attribute.id).where(Attribute.name == "city"))
        changes = remove_attribute(s, attribute_id=city)
    assert "city" not in types(project) and counts(project)["document_attributes"] == 14
    check_undo_redo(project, before, changes)


def test_parse_date_reads_each_unambiguous_form():
    assert parse_date("2024-03-05") == "2024-03-05"
    assert parse_date("31.12.2020") == "2020-12-31"
    assert parse_date("05/05/2020") == "2020-05-05"
    assert parse_date("05/06/2020", order="mdy") == "2020-05-06"
    with pytest.raises(ValueError, match="not a date"):
        parse_date("March 5")

"""``qcode docs --json`` and ``qcode codes --json`` as scripts read them: typed attribute values
per document, and each code's path, uuid, colour and description."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.models import Code, Document
from qcode.ops.attributes import define_attribute, set_attribute_value
from qcode.ops.codebook_fields import describe_code
from qcode.project import Project
from tests.cli_study import build_study, qcode

#: (attribute, type, value typed into qcode) per document; a missing pair is no value
VALUES = {
    "E01 Amal": {"years": ("number", "12"), "score": ("number", "3.5"),
                 "interviewed": ("date", "2024-03-01"), "الدور": ("text", "مدير تقنية")},
    "E02 Omar": {"years": ("number", "20.0"), "score": ("number", "-0.25"),
                 "الدور": ("text", "أكاديمي")},
}


def _set_attributes(path: Path) -> None:
    with Project.open(path) as project, project.transaction() as s:
        ids: dict[str, int] = {}
        for values in VALUES.values():
            for name, (type_, _) in values.items():
                if name not in ids:
                    ids[name] = next(iter(define_attribute(s, name=name, type=type_).attributes))
        for document, values in VALUES.items():
            doc_id = s.scalar(select(Document.id).where(Document.name == document))
            for name, (_, value) in values.items():
                set_attribute_value(s, document_id=doc_id, attribute_id=ids[name], value=value)


def test_docs_json_gives_typed_attribute_values(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]):
    path = build_study(tmp_path / "study.qcode", [])
    _set_attributes(path)
    status, out, err = qcode(capsys, "docs", path, "--json")
    assert status == 0, err
    docs = {d["name"]: d for d in json.loads(out)}
    assert docs["E01 Amal"]["attributes"] == {
        "years": 12, "score": 3.5, "interviewed": "2024-03-01", "الدور": "مدير تقنية"}
    e02 = docs["E02 Omar"]["attributes"]
    assert e02 == {"years": 20, "score": -0.25, "الدور": "أكاديمي"}  # no date: no key
    assert isinstance(e02["years"], int)  # integral numbers are JSON integers: 20, not 20.0
    assert '"years": 20,' in out
    assert docs["Focus group Tripoli"]["attributes"] == {}
    assert docs["E01 Amal"]["codings"] == 0  # the existing keys stay


def test_docs_json_without_attributes_still_has_the_key(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]):
    path = build_study(tmp_path / "study.qcode", [])
    _, out, _ = qcode(capsys, "docs", path, "--json")
    assert [d["attributes"] for d in json.loads(out)] == [{}, {}, {}]


def test_codes_json_gives_path_uuid_colour_and_description(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = build_study(tmp_path / "study.qcode", ["Trust/Credibility", "الثقة"])
    with Project.open(path) as project, project.transaction() as s:
        code_id = s.scalar(select(Code.id).where(Code.name == "Credibility"))
        describe_code(s, code_id=code_id, description="Belief in what the state says")
        stored = {name: (uuid, colour) for name, uuid, colour in s.execute(
            select(Code.name, Code.uuid, Code.colour))}
    status, out, err = qcode(capsys, "codes", path, "--json")
    assert status == 0, err
    tree = json.loads(out)
    child = tree[0]["children"][0]
    assert (child["path"], child["description"]) == (
        "Trust/Credibility", "Belief in what the state says")
    assert (child["uuid"], child["colour"]) == stored["Credibility"]
    assert (tree[1]["path"], tree[1]["uuid"]) == ("الثقة", stored["الثقة"][0])
    assert tree[0]["segments"] == 0 and "children" in tree[0]  # the existing keys stay


def test_codebook_csv_import_and_export_say_what_they_did_in_json(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = build_study(tmp_path / "study.qcode", [])
    book = tmp_path / "codebook.csv"
    book.write_text("path,colour,description\nFunding,#8c564b,Money\nFunding/Donors,,\n",
                    encoding="utf-8")
    status, out, err = qcode(capsys, "codebook", "import", path, book, "--json")
    assert status == 0, err
    assert json.loads(out) == {"file": "codebook.csv", "rows": 2, "codes": 2}
    status, out, err = qcode(capsys, "codebook", "export", path, tmp_path / "out.csv", "--json")
    assert status == 0, err
    assert json.loads(out) == {"file": "out.csv", "codes": 2}

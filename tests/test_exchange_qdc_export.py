"""Exporting the codebook alone as a REFI-QDA codebook (.qdc)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from qcode.errors import InputError
from qcode.exchange.qdc import export_qdc
from qcode.project import Project
from tests.exchange_export_study import CODEBOOK_NS, build_study, schema_errors, study_uuids


def _export(project: Project, out: Path) -> etree._ElementTree:
    with project.reading() as s:
        report = export_qdc(s, out)
    assert report.line() == f"wrote {out}: 4 codes"
    return etree.parse(str(out))


def test_the_codebook_is_valid_against_the_shipped_schema(project: Project, tmp_path: Path):
    build_study(project)
    tree = _export(project, tmp_path / "codes.qdc")
    assert tree.getroot().tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    assert schema_errors(tree, "Codebook.xsd") == []


def test_codes_keep_hierarchy_order_colours_descriptions_and_uuids(project: Project,
                                                                    tmp_path: Path):
    study = build_study(project)
    ids = study_uuids(project, study)["codes"]
    tree = _export(project, tmp_path / "codes.qdc")

    def nested(element) -> list:  # noqa: ANN001
        return [(c.get("name"), c.get("guid"), c.get("color"),
                 c.findtext("c:Description", namespaces=CODEBOOK_NS), nested(c))
                for c in element.xpath("c:Code", namespaces=CODEBOOK_NS)]

    codes = tree.getroot().xpath("c:Codes", namespaces=CODEBOOK_NS)[0]
    assert nested(codes) == [
        ("Trust", ids["Trust"], "#1f77b4", "Belief in institutions", [
            ("Credibility", ids["Credibility"], "#abcdef", "Is the source believed?", [
                ("Ministry", ids["Ministry"], tree.xpath("//c:Code[@name='Ministry']/@color",
                                                         namespaces=CODEBOOK_NS)[0], None, []),
            ]),
        ]),
        ("التمويل", ids["Funding"], "#8c564b", "المال العام", []),
    ]


def test_exporting_twice_gives_the_same_bytes(project: Project, tmp_path: Path):
    build_study(project)
    _export(project, tmp_path / "a.qdc")
    _export(project, tmp_path / "b.qdc")
    assert (tmp_path / "a.qdc").read_bytes() == (tmp_path / "b.qdc").read_bytes()


def test_a_project_without_codes_is_refused_in_one_line(project: Project, tmp_path: Path):
    out = tmp_path / "codes.qdc"
    with project.reading() as s, pytest.raises(InputError) as caught:
        export_qdc(s, out)
    assert str(caught.value) == (
        "codes.qdc: the project has no codes: there is no codebook to export")
    assert not out.exists()


def test_a_missing_folder_gives_one_line(project: Project, tmp_path: Path):
    build_study(project)
    out = tmp_path / "gone" / "codes.qdc"
    with project.reading() as s, pytest.raises(InputError) as caught:
        export_qdc(s, out)
    assert str(caught.value) == (
        f"codes.qdc: cannot write the file: folder {out.parent} does not exist")

"""A small study for the REFI-QDA export tests, made through qcode's own operations, and
helpers that read an exported .qdpx or .qdc the way another tool would (lxml, zipfile).

The study has nested codes, overlapping codings by two coders, Arabic, emoji (astral
characters, which are one code point but two UTF-16 units) before and inside codings, an
empty document, memos on the project, a document, a code and a coding, and attributes of
each type with missing values.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from sqlalchemy import select

import qcode.exchange
from qcode.models import Code, Coder, Coding, Document
from qcode.ops.attributes import define_attribute, set_attribute_value
from qcode.ops.codebook_create import create_code
from qcode.ops.codebook_fields import set_code_memo
from qcode.ops.codings import add_coding, set_coding_memo
from qcode.ops.documents import set_document_memo, set_project_memo
from qcode.project import Project
from tests.factories import add_coder, add_doc

E01 = ("Interviewer: Do you trust the ministry? 😀\n"
       "E01: I trust the ministry 👍🏽 when it publishes its budget.")
E02 = "المحاور: هل تثق بالوزارة؟\nالخبير: أثق بالوزارة 🌍 عندما تنشر الميزانية."
SCHEMAS = Path(qcode.exchange.__file__).parent / "schemas"
NS = {"q": "urn:QDA-XML:project:1.0"}
CODEBOOK_NS = {"c": "urn:QDA-XML:codebook:1.0"}


@dataclass(frozen=True)
class Study:
    """Ids of what :func:`build_study` made."""

    docs: dict[str, int]
    codes: dict[str, int]
    coders: dict[str, int]
    codings: dict[str, int]  # by a short label


def span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def _code(s, name: str, parent: int | None = None, colour: str | None = None,  # noqa: ANN001
          description: str = "") -> int:
    [code_id] = create_code(s, name=name, parent_id=parent, colour=colour,
                            description=description).codes
    return code_id


def _coding(s, doc: int, code: int, coder: int, text: str, piece: str) -> int:  # noqa: ANN001
    start, end = span(text, piece)
    [coding_id] = add_coding(s, document_id=doc, code_id=code, coder_id=coder, start=start,
                             end=end).codings
    return coding_id


def build_study(project: Project) -> Study:
    with project.transaction() as s:
        docs = {"E01": add_doc(s, "E01", E01), "E02": add_doc(s, "E02 عربي", E02),
                "Empty": add_doc(s, "Empty", "")}
        coders = {"Amal": add_coder(s, "Amal"), "Omar": add_coder(s, "Omar")}
        trust = _code(s, "Trust", colour="#1f77b4", description="Belief in institutions")
        cred = _code(s, "Credibility", trust, "#ABCDEF", "Is the source believed?")
        codes = {"Trust": trust, "Credibility": cred,
                 "Ministry": _code(s, "Ministry", cred),
                 "Funding": _code(s, "التمويل", colour="#8c564b", description="المال العام")}
        codings = {
            "trust": _coding(s, docs["E01"], trust, coders["Amal"], E01, "trust the ministry 👍"),
            "cred": _coding(s, docs["E01"], cred, coders["Omar"], E01, "ministry 👍🏽 when"),
            "ministry": _coding(s, docs["E01"], codes["Ministry"], coders["Amal"], E01,
                                "ministry 👍🏽 when"),
            "emoji": _coding(s, docs["E01"], trust, coders["Omar"], E01, "😀"),
            "arabic": _coding(s, docs["E02"], codes["Funding"], coders["Amal"], E02,
                              "تنشر الميزانية"),
            "arabic2": _coding(s, docs["E02"], trust, coders["Omar"], E02, "أثق بالوزارة 🌍"),
        }
        set_project_memo(s, memo="Pilot study, spring")
        set_document_memo(s, document_id=docs["E02"], memo="مقابلة هاتفية")
        set_code_memo(s, code_id=cred, memo="Merge with Legitimacy?")
        set_coding_memo(s, coding_id=codings["cred"], memo="Omar: ironic tone")
        _attributes(s, docs)
    return Study(docs, codes, coders, codings)


def _attributes(s, docs: dict[str, int]) -> None:  # noqa: ANN001
    """role (choice), years (number, one fraction), age (number, whole), interviewed (date),
    city (text); the empty document has no values at all, E02 misses city."""
    values = {"role": ("choice", {"E01": "Ministry official", "E02": "Academic"}),
              "years": ("number", {"E01": "12", "E02": "7.5"}),
              "age": ("number", {"E01": "41", "E02": "58"}),
              "interviewed": ("date", {"E01": "2024-03-05", "E02": "2024-03-09"}),
              "city": ("text", {"E01": "Tripoli"})}
    for name, (kind, by_doc) in values.items():
        [attribute_id] = define_attribute(s, name=name, type=kind).attributes
        for doc, value in by_doc.items():
            set_attribute_value(s, document_id=docs[doc], attribute_id=attribute_id, value=value)


def uuids(project: Project, model: type, ids: dict[str, int]) -> dict[str, str]:
    with project.reading() as s:
        return {k: s.scalar(select(model.uuid).where(model.id == v)) for k, v in ids.items()}


def study_uuids(project: Project, study: Study) -> dict[str, dict[str, str]]:
    return {"docs": uuids(project, Document, study.docs),
            "codes": uuids(project, Code, study.codes),
            "coders": uuids(project, Coder, study.coders),
            "codings": uuids(project, Coding, study.codings)}


def read_qdpx(path: Path) -> tuple[etree._Element, dict[str, str]]:
    """The project XML's root and each member's text (UTF-8) by member name."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        texts = {n: archive.read(n).decode("utf-8") for n in archive.namelist()
                 if n != "project.qde"}
    return root, texts


def schema_errors(document: etree._Element | etree._ElementTree, xsd: str) -> list[str]:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / xsd)))
    schema.validate(document)
    return [f"{e.line}: {e.message}" for e in schema.error_log]

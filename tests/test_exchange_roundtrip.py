"""qcode -> .qdpx -> a new qcode project gives back the same project: document texts to the
character, codes (path, colour, description, uuid), codings (document, code, span, coder,
uuid), coders, memos and typed attributes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.exchange.export_qdpx import export_qdpx
from qcode.exchange.import_qdpx import import_qdpx
from qcode.importers.normalise import normalise_text
from qcode.models import Attribute, Code, Coder, Coding, Document, DocumentAttribute, ProjectInfo
from qcode.ops.codings import add_coding
from qcode.project import Project
from tests.exchange_export_study import build_study
from tests.factories import add_code, add_coder, add_doc


def _paths(s: Session) -> dict[int, str]:
    rows = {r.id: r for r in s.execute(select(Code.id, Code.parent_id, Code.name))}

    def path(code_id: int) -> str:
        row = rows[code_id]
        return row.name if row.parent_id is None else f"{path(row.parent_id)}/{row.name}"

    return {code_id: path(code_id) for code_id in rows}


def snapshot(project: Project) -> dict:
    """What a user sees of a project, as plain data (no ids)."""
    with project.reading() as s:
        paths = _paths(s)
        docs = {d.id: d for d in s.scalars(select(Document))}
        coders = {c.id: c for c in s.scalars(select(Coder))}
        attributes = {a.id: a for a in s.scalars(select(Attribute))}
        return {
            "documents": sorted((d.name, d.uuid, d.text, d.memo) for d in docs.values()),
            "codes": sorted((paths[c.id], c.uuid, c.colour, c.description, c.memo)
                            for c in s.scalars(select(Code))),
            "coders": sorted((c.name, c.uuid) for c in coders.values()),
            "codings": sorted((docs[c.document_id].name, paths[c.code_id], c.start, c.end,
                               coders[c.coder_id].name, c.uuid, c.memo,
                               c.created_at.replace(microsecond=0))
                              for c in s.scalars(select(Coding))),
            "attributes": sorted((a.name, a.type, a.uuid) for a in attributes.values()),
            "values": sorted((docs[v.document_id].name, attributes[v.attribute_id].name, v.value)
                             for v in s.scalars(select(DocumentAttribute))),
            "project memo": s.get(ProjectInfo, "memo").value,
            "project made": s.get(ProjectInfo, "created_at").value,
        }


def round_trip(project: Project, folder: Path) -> Project:
    out = folder / "study.qdpx"
    with project.reading() as s:
        export_qdpx(s, out)
    again = Project.create(folder / "again.qcode")
    with again.transaction() as s:
        import_qdpx(s, out)
    return again


def test_the_study_comes_back_unchanged(project: Project, tmp_path: Path):
    build_study(project)
    again = round_trip(project, tmp_path)
    try:
        before, after = snapshot(project), snapshot(again)
    finally:
        again.close()
    assert after == before
    assert [d[2] for d in after["documents"] if d[0] == "Empty"] == [""]
    assert ("role", "choice") in [a[:2] for a in after["attributes"]]


#: Texts as qcode holds them: normalised at import (no white space at the end, so none of
#: white space alone), or empty.
_TEXT = st.text(st.sampled_from("ab ثق😀\n"), min_size=0, max_size=30).filter(
    lambda t: t == normalise_text(t))


@st.composite
def small_projects(draw: st.DrawFn) -> dict:
    texts = draw(st.lists(_TEXT, min_size=1, max_size=3))
    codes = draw(st.lists(st.integers(-1, 3), min_size=1, max_size=4))  # parent index or -1
    codings = draw(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(0, 1),
                                      st.integers(0, 30), st.integers(1, 30)), max_size=8))
    return {"texts": texts, "codes": codes, "codings": codings}


def _build(project: Project, plan: dict) -> None:
    with project.transaction() as s:
        docs = [(add_doc(s, f"D{i}", text), text) for i, text in enumerate(plan["texts"])]
        coders = [add_coder(s, "Amal"), add_coder(s, "Omar")]
        codes: list[int] = []
        for i, parent in enumerate(plan["codes"]):
            codes.append(add_code(s, f"C{i}", codes[parent] if 0 <= parent < i else None))
        for doc_i, code_i, coder_i, start, length in plan["codings"]:
            doc, text = docs[doc_i % len(docs)]
            start, end = min(start, len(text)), min(start + length, len(text))
            if start < end:
                add_coding(s, document_id=doc, code_id=codes[code_i % len(codes)],
                           coder_id=coders[coder_i], start=start, end=end)


@pytest.fixture(scope="module")
def empty_project(tmp_path_factory) -> Path:  # noqa: ANN001
    """An empty project file, copied for each example (creating one runs the migrations)."""
    path = tmp_path_factory.mktemp("template") / "empty.qcode"
    Project.create(path).close()
    return path


def _fresh(template: Path, path: Path) -> Project:
    shutil.copyfile(template, path)
    return Project.open(path)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=small_projects())
def test_random_small_projects_come_back_unchanged(tmp_path_factory, empty_project: Path,
                                                   plan: dict):
    folder = tmp_path_factory.mktemp("rt")
    with _fresh(empty_project, folder / "study.qcode") as project:
        _build(project, plan)
        with project.reading() as s:
            export_qdpx(s, folder / "study.qdpx")
        with _fresh(empty_project, folder / "again.qcode") as again:
            with again.transaction() as s:
                import_qdpx(s, folder / "study.qdpx")
            assert snapshot(again) == snapshot(project)

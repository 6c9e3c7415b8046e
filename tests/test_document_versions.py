"""Codings keep what they covered without a copy each: earlier texts of a document are kept once
(document_versions), each coding knows the version it was made on, and older projects (which
stored a copy per coding) are converted by migration 0011 without losing a covered text."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode import schema
from qcode.browse.memos import memo_of
from qcode.cli.main import main
from qcode.db import make_engine
from qcode.errors import ProjectError
from qcode.models import Coding, Document, DocumentVersion
from qcode.ops.codings import NewCoding, add_coding, add_codings
from qcode.ops.document_text import replace_document_text
from qcode.ops.documents import remove_documents
from qcode.project import Project
from tests.factories import add_code, add_coder, add_doc

OLD = "Interviewer: Who pays? Expert: the ministry must own it 🙂. Trust is low."
NEW = "Interviewer: Who pays for it? Expert: the ministry should own it 🙂. Trust is low."
ARABIC = "المحاور: ما رأيك؟ الخبير: الثقة ضعيفة 👩‍💻 في الخدمات."


def _codings_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[int, dict]:
    capsys.readouterr()
    assert main(["codings", str(path), "--json"]) == 0
    return {c["id"]: c for c in json.loads(capsys.readouterr().out)}


def _span(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


def _study(project: Project) -> dict[str, int]:
    """E01 with a coding on a passage the correction rewrites and one on a passage it keeps;
    E02 in Arabic with an emoji of several code points."""
    with project.transaction() as s:
        ids = {"E01": add_doc(s, "E01", OLD), "E02": add_doc(s, "E02", ARABIC),
               "code": add_code(s, "Trust"), "coder": add_coder(s)}
        for key, doc, text, passage in (("rewritten", "E01", OLD, "ministry must own it 🙂"),
                                        ("kept", "E01", OLD, "Trust is low"),
                                        ("arabic", "E02", ARABIC, "الثقة ضعيفة 👩‍💻")):
            start, end = _span(text, passage)
            changes = add_coding(s, document_id=ids[doc], code_id=ids["code"],
                                 coder_id=ids["coder"], start=start, end=end)
            ids[key] = next(iter(changes.codings))
    return ids


def test_a_corrected_text_keeps_the_old_one_and_what_each_coding_covered(project, capsys):
    ids = _study(project)
    with project.transaction() as s:
        changes = replace_document_text(s, document_id=ids["E01"], text=NEW)
        replace_document_text(s, document_id=ids["E02"], text="المحاور: سؤال آخر.")

    shown = _codings_json(project.path, capsys)
    assert shown[ids["rewritten"]]["text"] == "ministry must own it 🙂"  # from the kept text
    assert shown[ids["kept"]]["text"] == "Trust is low"
    assert shown[ids["arabic"]]["text"] == "الثقة ضعيفة 👩‍💻"
    # the passage still in the new text is re-anchored there; the other stays on the old text
    assert (shown[ids["kept"]]["start"], shown[ids["kept"]]["end"]) == _span(NEW, "Trust is low")
    rewritten = shown[ids["rewritten"]]  # unplaced: no offsets in the new text
    assert (rewritten["unplaced"], rewritten["start"], rewritten["end"]) == (True, None, None)
    assert shown[ids["kept"]]["unplaced"] is False
    with project.reading() as s:
        assert s.scalar(select(Document.text).where(Document.id == ids["E01"])) == NEW
        kept = s.execute(select(DocumentVersion.version, DocumentVersion.text)
                         .where(DocumentVersion.document_id == ids["E01"])).all()
        versions = dict(s.execute(select(Coding.id, Coding.version)).all())
    assert kept == [(1, OLD)]
    assert versions == {ids["rewritten"]: 1, ids["kept"]: 2, ids["arabic"]: 1}
    with project.reading() as s:  # the memo panel's title quotes it too (read in SQL)
        assert "ministry must own it" in memo_of(s, "coding", ids["rewritten"]).title
        assert "الثقة ضعيفة" in memo_of(s, "coding", ids["arabic"]).title

    with project.transaction() as s:  # undo: the old text is current again, spans as they were
        changes.inverse(s)
    shown = _codings_json(project.path, capsys)
    assert (shown[ids["kept"]]["start"], shown[ids["kept"]]["end"]) == _span(OLD, "Trust is low")
    with project.reading() as s:
        assert s.scalar(select(Document.text).where(Document.id == ids["E01"])) == OLD
        assert s.scalar(select(DocumentVersion.text)
                        .where(DocumentVersion.document_id == ids["E01"])) is None


def test_removing_and_restoring_a_document_keeps_its_earlier_texts(project, capsys):
    ids = _study(project)
    with project.transaction() as s:
        replace_document_text(s, document_id=ids["E01"], text=NEW)
    with project.transaction() as s:
        removed = remove_documents(s, document_ids=[ids["E01"]])
    with project.transaction() as s:
        removed.inverse(s)
    assert _codings_json(project.path, capsys)[ids["rewritten"]]["text"] == (
        "ministry must own it 🙂")


def _at_0010(project: Project) -> Path:
    """The project taken back to schema 0010 (a covered text copied into every coding)."""
    path = project.path
    project.close()
    engine = make_engine(path)
    schema.downgrade(engine, "0010")
    engine.dispose()
    return path


def test_upgrading_an_old_project_keeps_every_covered_text(project, capsys):
    ids = _study(project)
    before = _codings_json(project.path, capsys)
    path = _at_0010(project)
    con = sqlite3.connect(path)
    assert dict(con.execute("SELECT id, text FROM codings")) == {
        i: c["text"] for i, c in before.items()}
    # an outside program changed the document under one coding: its copy differs from the text
    con.execute("UPDATE codings SET text = 'Trust is OK!' WHERE id = ?", (ids["kept"],))
    con.commit()
    con.close()

    Project.open(path).close()  # upgrades (after a backup)
    after = _codings_json(path, capsys)
    # the changed coding stays on the text it was made on: unplaced in the current one
    expected = {i: {**c, "text": "Trust is OK!", "start": None, "end": None, "unplaced": True}
                if i == ids["kept"] else c for i, c in before.items()}
    assert after == expected  # same ids, uuids, spans, coders, memos and covered texts
    con = sqlite3.connect(path)
    columns = {row[1] for row in con.execute("PRAGMA table_info(codings)")}
    uuid_sizes = {row[0] for row in con.execute("SELECT length(uuid) FROM codings")}
    con.close()
    assert "text" not in columns and uuid_sizes == {16}


def test_an_old_project_whose_copy_cannot_fit_its_span_is_refused_untouched(project):
    ids = _study(project)
    path = _at_0010(project)
    con = sqlite3.connect(path)
    con.execute("UPDATE codings SET text = 'a longer text than the span' WHERE id = ?",
                (ids["kept"],))
    con.commit()
    con.close()
    with pytest.raises(ProjectError, match=f"coding {ids['kept']}: its stored text"):
        Project.open(path)
    con = sqlite3.connect(path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0010"
    con.close()


def test_an_upgraded_project_file_gets_smaller(project):
    """The copies go, and the pages they took are given back (the file is not left as large
    as before with the space free inside it)."""
    text = " ".join(f"word{i}" for i in range(20_000))
    with project.transaction() as s:
        doc, code, coder = add_doc(s, "E01", text), add_code(s, "Trust"), add_coder(s)
        add_codings(s, codings=[NewCoding(doc, code, coder, i * 40, i * 40 + 300)
                                for i in range(2_000)])
    path = _at_0010(project)
    con = sqlite3.connect(path)
    con.execute("VACUUM")  # as an old project is: no free pages left by the downgrade
    con.close()
    before = path.stat().st_size
    Project.open(path).close()
    assert path.stat().st_size < 0.8 * before

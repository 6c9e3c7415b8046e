"""Merges and undos of many codings (the bulk paths: staging tables, one DELETE): what the lead
finds in the project after merging a copy with over a thousand new codings, undoing it and
redoing it, and after a copy whose codings a program other than qcode wrote."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qcode.errors import InputError
from qcode.models import Code, Coder, Coding, Document
from qcode.ops.codings import NewCoding, add_codings, remove_codings
from qcode.project import Project
from qcode.team.merge import merge_projects
from tests.factories import add_code, add_coder, add_doc
from tests.test_coverage_tables import assert_rollup_matches_codings, assert_tables_match_codings
from tests.test_team_merge import codings_of, copy_of, make_base, merge

WORDS = " ".join(f"word{i}" for i in range(400))  # 400 words, each 5 to 7 characters


def stored_codings(path: Path) -> list[tuple]:
    """Every coding as stored (id, uuid, document, code, coder, span, version, memo)."""
    con = sqlite3.connect(path)
    try:
        return con.execute('SELECT id, uuid, document_id, code_id, coder_id, start, "end", '
                           "version, memo FROM codings ORDER BY id").fetchall()
    finally:
        con.close()


def code_many(path: Path, coder: str, count: int, memo_every: int = 100) -> None:
    """``count`` codings by ``coder`` in a new document N01, a few with memos."""
    with Project.open(path) as p, p.transaction() as s:
        doc = add_doc(s, "N01", WORDS)
        codes = [s.scalar(select(Code.id).where(Code.name == "Trust")),
                 s.scalar(select(Code.id).where(Code.name == "Portal"))]
        who = add_coder(s, coder)
        add_codings(s, codings=[
            NewCoding(doc, codes[i % 2], who, i, i + 5 + i % 7,
                      f"note {i}" if i % memo_every == 0 else "")
            for i in range(count)])


def assert_derived_tables_fresh(path: Path) -> None:
    with Project.open(path) as p:
        assert_tables_match_codings(p)
        assert_rollup_matches_codings(p)


def test_a_merge_of_many_codings_is_undone_whole_and_redone_exactly(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    omar = copy_of(base, "omar.qcode")
    code_many(omar, "Omar", 1500)
    before = stored_codings(base)
    with Project.open(base) as p:
        with p.transaction() as s:
            report = merge_projects(s, sources=[omar])
        assert (report.codings.added, report.codings.matched) == (1500, 1)
        assert report.memos.added == 15
        merged = stored_codings(base)
        assert codings_of(base) == codings_of(base) | codings_of(omar)
        assert_tables_match_codings(p)
        with p.transaction() as s:
            redo = report.changes.inverse(s)
        assert stored_codings(base) == before
        assert_tables_match_codings(p)
        assert_rollup_matches_codings(p)
        with p.transaction() as s:
            redo.inverse(s)
        assert stored_codings(base) == merged  # the same ids, uuids and memos
        assert_tables_match_codings(p)
        assert_rollup_matches_codings(p)


def test_a_coding_held_twice_in_the_copy_arrives_once_with_both_memos(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    laptop = copy_of(base, "laptop.qcode")
    with Project.open(laptop) as p, p.transaction() as s:  # one analyst under two names
        doc = s.scalar(select(Document.id).where(Document.name == "E01"))
        code = s.scalar(select(Code.id).where(Code.name == "Portal"))
        for name, memo in (("omar", "first look"), ("Omar K", "second look")):
            add_codings(s, codings=[NewCoding(doc, code, add_coder(s, name), 3, 9, memo)])
    report = merge(base, laptop, coder_aliases={"omar": "Omar", "Omar K": "Omar"})
    assert (report.codings.added, report.codings.matched) == (1, 2)
    with Project.open(base, readonly=True) as p, p.reading() as s:
        rows = s.execute(select(Coding.memo).join(Coder).where(Coder.name == "Omar")).all()
    assert [r.memo for r in rows] == ["first look\n\nsecond look"]
    assert merge(base, laptop, coder_aliases={"omar": "Omar", "Omar K": "Omar"}
                 ).codings.added == 0


def test_a_coding_moved_in_the_copy_arrives_beside_the_original_with_a_new_uuid(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    copy = copy_of(base, "copy.qcode")
    with Project.open(copy) as p, p.transaction() as s:
        s.execute(Coding.__table__.update().values(start=Coding.start + 1))  # same uuid
    report = merge(base, copy)
    assert (report.codings.added, report.codings.matched) == (1, 0)
    rows = stored_codings(base)
    assert len(rows) == 2 and len({r[1] for r in rows}) == 2
    assert all(isinstance(r[1], bytes) and len(r[1]) == 16 for r in rows)
    assert_derived_tables_fresh(base)


def test_codings_another_program_wrote_with_text_uuids_get_real_ones(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    other = copy_of(base, "other.qcode")
    code_many(other, "Omar", 3)
    con = sqlite3.connect(other)
    with con:
        con.execute("UPDATE codings SET uuid = 'not a uuid ' || id WHERE id > 1")
    con.close()
    report = merge(base, other)
    assert report.codings.added == 3
    rows = stored_codings(base)
    assert len(rows) == 4 and len({r[1] for r in rows}) == 4
    assert all(isinstance(r[1], bytes) and len(r[1]) == 16 for r in rows)


def test_a_span_past_the_end_of_its_text_in_the_copy_is_one_line_and_nothing_merged(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    other = copy_of(base, "other.qcode")
    code_many(other, "Omar", 3)
    con = sqlite3.connect(other)
    with con:
        con.execute(f'UPDATE codings SET "end" = {len(WORDS) + 40} WHERE id = 4')
    con.close()
    before = stored_codings(base)
    with pytest.raises(InputError) as caught:
        merge(base, other)
    assert str(caught.value).startswith("other.qcode") and "lies outside 'N01'" in \
        str(caught.value)
    assert stored_codings(base) == before
    with Project.open(base, readonly=True) as p, p.reading() as s:
        assert s.scalar(select(func.count(Document.id))) == 1


def test_removing_many_codings_refuses_an_unknown_one_and_undo_restores_them(tmp_path):
    path = tmp_path / "study.qcode"
    with Project.create(path) as p, p.transaction() as s:
        doc = add_doc(s, "E01", WORDS)
        code, who = add_code(s, "Trust"), add_coder(s, "Amal")
        ids = sorted(add_codings(s, codings=[
            NewCoding(doc, code, who, i, i + 9, "m" * (i % 3)) for i in range(1200)]).codings)
    before = stored_codings(path)
    with Project.open(path) as p:
        with pytest.raises(InputError, match=r"no coding with id 99999"), \
                p.transaction() as s:
            remove_codings(s, coding_ids=[*ids, 99999])
        assert stored_codings(path) == before
        with p.transaction() as s:
            undo = remove_codings(s, coding_ids=ids[100:])
        assert [r[0] for r in stored_codings(path)] == ids[:100]
        assert_tables_match_codings(p)
        assert_rollup_matches_codings(p)
        with p.transaction() as s:
            undo.inverse(s)
        assert stored_codings(path) == before
        assert_tables_match_codings(p)
        assert_rollup_matches_codings(p)

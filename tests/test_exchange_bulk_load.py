"""A REFI-QDA load writes its codings without the per-row stale marks of the codings triggers
(a million marks cost more than the rows) and leaves the project as if they had run: derived
counts true after the import, and every later edit, undo or refusal kept counted as before."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from qcode.db_bulk import insert_triggers_suspended
from qcode.errors import InputError
from qcode.exchange.records import Code, Coding, Selection, Source, User
from qcode.models import Code as CodeRow
from qcode.models import Coding as CodingRow
from qcode.models import Document, coverage_stale, document_stale
from qcode.ops.codings import CodingColumns, add_coding, add_coding_columns, remove_codings
from qcode.project import Project
from tests.factories import add_code, add_coder, add_doc
from tests.test_coverage_tables import assert_rollup_matches_codings, assert_tables_match_codings
from tests.test_exchange_load import AMAL, CRED, TRUST, guid, load

TEXT = "Expert: The ministry must own it. We trust people who answer us."


def _triggers(project: Project) -> list[tuple[str, str]]:
    with project.reading() as s:
        return s.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                              "AND tbl_name = 'codings' ORDER BY name")).all()


def _records(sources: int, *, bad_code_in_last: bool = False) -> list:
    out: list = [User(AMAL, "Amal"), Code(TRUST, "Trust"), Code(CRED, "Cred", parent_guid=TRUST)]
    for n in range(sources):
        code = "deadbeef-0000-4000-8000-000000000000" if (
            bad_code_in_last and n == sources - 1) else (TRUST, CRED)[n % 2]
        selections = tuple(Selection(guid(100 * n + i), i, i + 9,
                                     (Coding(guid(10_000 + 100 * n + i), code, AMAL),))
                           for i in range(20))
        out.append(Source(guid(900 + n), f"E{n}", TEXT, f"sources/{n}.txt", selections))
    return out


def test_a_load_counts_right_and_later_edits_are_counted_again(project):
    before = _triggers(project)
    load(project, _records(3))
    assert _triggers(project) == before
    assert_tables_match_codings(project)
    assert_rollup_matches_codings(project)
    with project.transaction() as s:  # the triggers mark what an edit touches again
        doc = s.scalar(select(Document.id).where(Document.name == "E1"))
        code = s.scalar(select(CodeRow.id).where(CodeRow.name == "Trust"))
        coder = s.scalar(select(CodingRow.coder_id).limit(1))
        add_coding(s, document_id=doc, code_id=code, coder_id=coder, start=40, end=60)
        remove_codings(s, coding_ids=s.scalars(select(CodingRow.id).where(
            CodingRow.document_id == doc).limit(3)).all())
    assert_tables_match_codings(project)
    assert_rollup_matches_codings(project)


def test_a_refused_load_leaves_the_project_and_its_triggers_as_they_were(project):
    before = _triggers(project)
    with pytest.raises(InputError, match="which is not in the codebook"):
        load(project, _records(3, bad_code_in_last=True))
    assert _triggers(project) == before
    with project.reading() as s:
        assert s.scalars(select(Document.id)).all() == []
    with project.transaction() as s:
        add_coding(s, document_id=add_doc(s, "E07", TEXT), code_id=add_code(s, "Policy"),
                   coder_id=add_coder(s, "Omar"), start=0, end=6)
    assert_tables_match_codings(project)


def test_codings_inserted_while_suspended_mark_nothing_and_the_marks_come_back(project):
    with project.transaction() as s:
        doc, code, coder = add_doc(s, "E07", TEXT), add_code(s, "Trust"), add_coder(s)
    with project.transaction() as s:
        with insert_triggers_suspended(s.connection(), "codings") as suspended:
            add_coding(s, document_id=doc, code_id=code, coder_id=coder, start=0, end=6)
            assert suspended
            assert s.execute(select(coverage_stale)).all() == []
            assert s.execute(select(document_stale)).all() == []
        add_coding(s, document_id=doc, code_id=code, coder_id=coder, start=8, end=11)
        assert s.execute(select(coverage_stale)).all() == [(code, doc)]
        assert s.execute(select(document_stale)).all() == [(doc,)]


def test_a_failure_while_suspended_restores_the_triggers(project):
    before = _triggers(project)
    with (pytest.raises(RuntimeError), project.transaction() as s,
          insert_triggers_suspended(s.connection(), "codings")):
        assert _count_triggers(s) == len(before) - 2  # the two AFTER INSERT marks
        raise RuntimeError("stopped")
    assert _triggers(project) == before


def _count_triggers(s) -> int:
    return s.scalar(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                         "AND tbl_name = 'codings'"))


def test_a_batch_given_as_columns_keeps_its_uuids_and_refuses_a_bad_span_whole(project):
    with project.transaction() as s:
        doc, code, coder = add_doc(s, "E07", TEXT), add_code(s, "Trust"), add_coder(s)
    kept = guid(77)
    with project.transaction() as s:
        changes = add_coding_columns(s, columns=CodingColumns(
            [doc, doc], [code, code], [coder, coder], [0, 8], [6, 11], ["", "a memo"],
            [kept, None]))
    with project.reading() as s:
        rows = s.execute(select(CodingRow.id, CodingRow.start, CodingRow.uuid, CodingRow.memo)
                         .order_by(CodingRow.start)).all()
    assert [r[:2] for r in rows] == [(min(changes.codings), 0), (max(changes.codings), 8)]
    assert rows[0].uuid == kept and rows[1].uuid not in ("", None, kept)
    assert rows[1].memo == "a memo"
    with pytest.raises(InputError, match=r"^span 60-99 lies outside 'E07' \(0-64\)$"), \
            project.transaction() as s:
        add_coding_columns(s, columns=CodingColumns(
            [doc, doc], [code, code], [coder, coder], [20, 60], [30, 99], ["", ""],
            [None, None]))
    with project.reading() as s:
        assert s.scalar(select(func.count()).select_from(CodingRow)) == 2

"""Coding operations: spans in code points (emoji, Arabic), refusals, exact undo and redo."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from qcode.covered import covered_sql
from qcode.errors import InputError
from qcode.models import Coding
from qcode.ops.codings import (
    NewCoding,
    add_coding,
    add_codings,
    remove_codings,
    set_coding_memo,
)
from qcode.project import Project
from tests.factories import add_code, add_coder, add_doc
from tests.ops_helpers import check_undo_redo, counts, dump

# Astral emoji (two UTF-16 units, one code point), a ZWJ sequence, Arabic with diacritics,
# a combining accent: every way code point offsets can drift from what an editor counts.
TEXT = ("Interviewer: 👋 Welcome. Did the portal help?\n"
        "E07: نعم، الحكومة الإلكترونيّة 🇱🇾 ساعدت كثيرًا — yes, it helped 👩‍💻 a lot.\n"
        "Interviewer: Café owners too? 😀😀")


@pytest.fixture
def ids(project: Project) -> dict[str, int]:
    with project.transaction() as s:
        return dict(doc=add_doc(s, "E07", TEXT), code=add_code(s, "Trust"), coder=add_coder(s))


def stored(project: Project, coding_id: int) -> tuple[str, str]:
    """(covered text, memo) of a coding as stored."""
    with project.reading() as s:
        return s.execute(select(covered_sql().label("text"), Coding.memo)
                         .where(Coding.id == coding_id)).one()


def test_covered_text_is_the_python_slice_around_emoji_and_arabic(project, ids):
    spans = [(TEXT.index("👋"), TEXT.index("👋") + 1),
             (TEXT.index("نعم"), TEXT.index("كثيرًا") + len("كثيرًا")),
             (TEXT.index("🇱🇾"), TEXT.index("🇱🇾") + 2),
             (TEXT.index("👩‍💻"), TEXT.index("👩‍💻") + 3),
             (TEXT.index("Café"), len(TEXT))]
    with project.transaction() as s:
        changes = add_codings(s, codings=[NewCoding(ids["doc"], ids["code"], ids["coder"], a, b)
                                          for a, b in spans])
    assert len(changes.codings) == len(spans)
    with project.reading() as s:
        rows = s.execute(select(Coding.start, Coding.end, covered_sql().label("text"))
                         .order_by(Coding.id)).all()
    assert [(r.start, r.end) for r in rows] == spans
    assert [r.text for r in rows] == [TEXT[a:b] for a, b in spans]
    assert rows[0].text == "👋" and rows[2].text == "🇱🇾" and rows[3].text == "👩‍💻"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_span_stores_exactly_its_slice(project, ids, data):
    start = data.draw(st.integers(0, len(TEXT) - 1))
    end = data.draw(st.integers(start + 1, len(TEXT)))
    with project.transaction() as s:
        changes = add_coding(s, document_id=ids["doc"], code_id=ids["code"],
                             coder_id=ids["coder"], start=start, end=end)
    assert stored(project, next(iter(changes.codings)))[0] == TEXT[start:end]


@pytest.mark.parametrize(("start", "end", "reason"), [
    (5, 5, "empty span"),
    (9, 4, "empty span"),
    (-1, 3, "outside"),
    (0, len(TEXT) + 1, "outside"),
])
def test_bad_spans_are_refused_and_nothing_is_written(project, ids, start, end, reason):
    before = dump(project)
    good = NewCoding(ids["doc"], ids["code"], ids["coder"], 0, 3)
    bad = NewCoding(ids["doc"], ids["code"], ids["coder"], start, end)
    with pytest.raises(InputError, match=reason), project.transaction() as s:
        add_codings(s, codings=[good, bad])
    assert dump(project) == before


def test_unknown_document_code_or_coder_is_refused(project, ids):
    with project.transaction() as s:
        for field, message in (("document_id", "no document"), ("code_id", "no code"),
                               ("coder_id", "no coder")):
            args = dict(document_id=ids["doc"], code_id=ids["code"], coder_id=ids["coder"],
                        start=0, end=3) | {field: 999}
            with pytest.raises(InputError, match=message):
                add_coding(s, **args)
    assert counts(project)["codings"] == 0


def test_add_then_undo_and_redo_restore_exact_rows(project, ids):
    before = dump(project)
    with project.transaction() as s:
        changes = add_codings(s, codings=[
            NewCoding(ids["doc"], ids["code"], ids["coder"], 0, 12, memo="greeting"),
            NewCoding(ids["doc"], ids["code"], ids["coder"], 14, 15)])
    assert changes.documents == {ids["doc"]} and changes.codes == {ids["code"]}
    check_undo_redo(project, before, changes)
    assert counts(project)["codings"] == 2


def test_remove_and_undo_bring_back_same_ids_uuids_and_memos(project, ids):
    with project.transaction() as s:
        added = add_codings(s, codings=[
            NewCoding(ids["doc"], ids["code"], ids["coder"], 0, 12, memo="note"),
            NewCoding(ids["doc"], ids["code"], ids["coder"], 13, 20)])
    before = dump(project)
    with project.transaction() as s:
        removed = remove_codings(s, coding_ids=sorted(added.codings))
    assert removed.codings == added.codings
    assert counts(project)["codings"] == 0
    check_undo_redo(project, before, removed)


def test_removing_an_unknown_coding_is_refused(project, ids):
    with project.transaction() as s, pytest.raises(InputError, match="no coding with id 42"):
        remove_codings(s, coding_ids=[42])


def test_memo_edit_undoes_to_the_old_memo(project, ids):
    with project.transaction() as s:
        coding_id = next(iter(add_coding(s, document_id=ids["doc"], code_id=ids["code"],
                                         coder_id=ids["coder"], start=0, end=5,
                                         memo="first").codings))
    before = dump(project)
    with project.transaction() as s:
        changes = set_coding_memo(s, coding_id=coding_id, memo="ملاحظة ✍️")
    assert stored(project, coding_id)[1] == "ملاحظة ✍️"
    check_undo_redo(project, before, changes)


def test_applying_the_same_code_twice_to_a_passage_adds_nothing(project):
    from sqlalchemy import func, select

    from qcode.models import Coding
    from qcode.ops.codings import add_coding
    from tests.factories import add_code, add_coder, add_doc

    with project.transaction() as s:
        doc, code = add_doc(s, "E01", "Trust grows slowly."), add_code(s, "Trust")
        coder = add_coder(s)
        first = add_coding(s, document_id=doc, code_id=code, coder_id=coder, start=0, end=5)
        again = add_coding(s, document_id=doc, code_id=code, coder_id=coder, start=0, end=5)
        assert first.inverse is not None and len(first.codings) == 1
        assert again.inverse is None and not again.codings and again.messages
        assert s.scalar(select(func.count()).select_from(Coding)) == 1

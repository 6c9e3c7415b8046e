"""Merging analysts' copies of a project: what the lead finds in the project afterwards.

Each test builds a base project in a real SQLite file, copies the file (as an analyst takes a
copy to a laptop), codes in the copy, then merges the copy back.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qcode.errors import InputError, ProjectError
from qcode.models import (
    Attribute,
    Code,
    Coder,
    Coding,
    Document,
    DocumentAttribute,
    ProjectInfo,
    SpeakerTurn,
)
from qcode.ops.attributes import define_attribute, set_attribute_value
from qcode.ops.codings import add_coding
from qcode.ops.document_text import replace_document_text
from qcode.ops.documents import set_document_memo, set_project_memo
from qcode.project import Project
from qcode.queries import code_paths
from qcode.team.merge import merge_projects
from qcode.team.merge_report import MergeReport
from tests.factories import add_code, add_coder, add_doc
from tests.test_coverage_tables import assert_rollup_matches_codings, assert_tables_match_codings

TEXT = ("Interviewer: Who pays for the service? Expert: the ministry must own it. "
        "Trust is low. Citizens do not trust the portal.")
CORRECTED = ("Interviewer: Who pays for this service? Expert: the ministry should own it. "
             "Trust is low. Citizens do not trust the portal.")


def span(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


def make_base(path: Path) -> Path:
    """E01 coded 'Trust is low' by Amal under Trust; codes Trust and Trust/Portal."""
    with Project.create(path) as p, p.transaction() as s:
        doc = add_doc(s, "E01", TEXT)
        trust = add_code(s, "Trust", colour="#336699")
        add_code(s, "Portal", parent_id=trust)
        amal = add_coder(s, "Amal")
        add_coding(s, document_id=doc, code_id=trust, coder_id=amal, **_span("Trust is low"))
    return path


def _span(passage: str, text: str = TEXT) -> dict[str, int]:
    start, end = span(text, passage)
    return {"start": start, "end": end}


def copy_of(base: Path, name: str) -> Path:
    target = base.with_name(name)
    shutil.copy(base, target)
    return target


def ids(s, model, name: str) -> int:
    return s.scalar(select(model.id).where(model.name == name))


def coder(s, name: str) -> int:
    found = ids(s, Coder, name)
    return found if found is not None else add_coder(s, name)


def code_id(s, path: str) -> int:
    return {p: i for i, p in code_paths(s).items()}[path]


def codings_of(path: Path) -> set[tuple[str, str, int, int, str]]:
    """(document uuid, code path, start, end, coder) of every coding."""
    with Project.open(path, readonly=True) as p, p.reading() as s:
        paths = code_paths(s)
        rows = s.execute(select(Document.uuid, Coding.code_id, Coding.start, Coding.end,
                                Coder.name).join(Document, Coding.document_id == Document.id)
                         .join(Coder, Coding.coder_id == Coder.id)).all()
    return {(d, paths[c], a, b, who) for d, c, a, b, who in rows}


def counts(path: Path) -> dict[str, int]:
    with Project.open(path, readonly=True) as p, p.reading() as s:
        out = {m.__tablename__: s.scalar(select(func.count()).select_from(m))
               for m in (Document, Code, Coder, Coding, Attribute, DocumentAttribute)}
        out["memos"] = "|".join(s.scalars(select(Coding.memo).order_by(Coding.id))).__hash__()
    return out


def merge(target: Path, *sources: Path, **kw) -> MergeReport:
    with Project.open(target) as p, p.transaction() as s:
        return merge_projects(s, sources=list(sources), **kw)


def test_a_copy_brings_its_new_work_and_a_second_merge_adds_nothing(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    omar = copy_of(base, "omar.qcode")
    with Project.open(omar) as p, p.transaction() as s:
        e01 = ids(s, Document, "E01")
        new_code = add_code(s, "Cost", colour="#aa0000")
        s.execute(Code.__table__.update().where(Code.id == new_code)
                  .values(description="Who pays"))
        add_coding(s, document_id=e01, code_id=new_code, coder_id=coder(s, "Omar"),
                   memo="the central question", **_span("Who pays for the service?"))
        add_coding(s, document_id=e01, code_id=code_id(s, "Trust/Portal"),
                   coder_id=coder(s, "Omar"), **_span("do not trust the portal"))
        e02 = add_doc(s, "E02", "Speaker A: hello.\nSpeaker B: the portal is slow.")
        add_coding(s, document_id=e02, code_id=new_code, coder_id=coder(s, "Omar"),
                   start=11, end=16)

    report = merge(base, omar)
    assert (report.documents.added, report.documents.matched) == (1, 1)
    assert (report.codes.added, report.codes.matched) == (1, 2)
    assert (report.codings.added, report.codings.matched, report.codings.conflict) == (3, 1, 0)
    assert report.memos.added == 1 and report.coders_added == ["Omar"]
    assert codings_of(base) == codings_of(base) | codings_of(omar) == codings_of(omar)
    with Project.open(base, readonly=True) as p, p.reading() as s:
        cost = s.execute(select(Code.colour, Code.description).where(Code.name == "Cost")).one()
        memo = s.scalar(select(Coding.memo).where(Coding.memo != ""))
    assert tuple(cost) == ("#aa0000", "Who pays") and memo == "the central question"
    with Project.open(base) as p:
        assert_tables_match_codings(p)
        assert_rollup_matches_codings(p)

    before = counts(base)
    again = merge(base, omar)
    assert counts(base) == before
    assert (again.documents.added, again.codes.added, again.codings.added,
            again.memos.added, again.memos.conflict) == (0, 0, 0, 0, 0)
    assert again.codings.matched == 4


def test_a_new_document_arrives_with_its_attributes_turns_and_memo(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    omar = copy_of(base, "omar.qcode")
    with Project.open(omar) as p, p.transaction() as s:
        doc = add_doc(s, "E02", "Interviewer: hi\nExpert: hello")
        s.execute(Document.__table__.update().where(Document.id == doc)
                  .values(memo="recorded in Tripoli"))
        s.execute(SpeakerTurn.__table__.insert(),
                  [{"document_id": doc, "speaker": "Interviewer", "start": 0, "end": 15},
                   {"document_id": doc, "speaker": "Expert", "start": 16, "end": 29}])
        role = next(iter(define_attribute(s, name="role", type="choice").attributes))
        set_attribute_value(s, document_id=doc, attribute_id=role, value="minister")
    merge(base, omar)
    with Project.open(base, readonly=True) as p, p.reading() as s:
        doc = s.execute(select(Document).where(Document.name == "E02")).scalar_one()
        turns = s.execute(select(SpeakerTurn.speaker, SpeakerTurn.start, SpeakerTurn.end)
                          .where(SpeakerTurn.document_id == doc.id)
                          .order_by(SpeakerTurn.start)).all()
        value = s.scalar(select(DocumentAttribute.value)
                         .where(DocumentAttribute.document_id == doc.id))
        assert doc.memo == "recorded in Tripoli" and doc.text == "Interviewer: hi\nExpert: hello"
    assert [tuple(t) for t in turns] == [("Interviewer", 0, 15), ("Expert", 16, 29)]
    assert value == "minister"


def test_a_document_whose_text_differs_keeps_this_text_and_takes_the_codings_found(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    omar = copy_of(base, "omar.qcode")
    with Project.open(omar) as p, p.transaction() as s:
        e01 = ids(s, Document, "E01")
        trust, who = code_id(s, "Trust"), coder(s, "Omar")
        add_coding(s, document_id=e01, code_id=trust, coder_id=who,
                   **_span("do not trust the portal"))
        add_coding(s, document_id=e01, code_id=trust, coder_id=who,
                   **_span("the ministry must own it"))
    with Project.open(base) as p, p.transaction() as s:  # the lead corrected the transcript
        replace_document_text(s, document_id=ids(s, Document, "E01"), text=CORRECTED)

    report = merge(base, omar)
    assert report.documents.conflict == 1 and report.codings.conflict == 1
    assert report.reanchored == 1  # Omar's portal passage; Amal's 'Trust is low' is here
    assert [(u.document, u.coder, u.text) for u in report.unplaced] == [
        ("E01", "Omar", "the ministry must own it")]
    assert any("E01" in line and "not placed" in line and "ministry must own it" in line
               for line in report.lines())
    with Project.open(base, readonly=True) as p, p.reading() as s:
        assert s.scalar(select(Document.text).where(Document.name == "E01")) == CORRECTED
        placed = s.execute(select(Coding.start, Coding.end).join(Coder)
                           .where(Coder.name == "Omar")).all()
    assert [tuple(r) for r in placed] == [span(CORRECTED, "do not trust the portal")]
    again = merge(base, omar)
    assert (again.codings.added, again.reanchored) == (0, 0)  # nothing new is said placed


def test_a_same_named_document_with_another_uuid_and_text_is_a_conflict(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    other = tmp_path / "other.qcode"
    with Project.create(other) as p, p.transaction() as s:
        doc = add_doc(s, "E01", "Expert: Trust is low, really.")
        add_coding(s, document_id=doc, code_id=add_code(s, "Trust"),
                   coder_id=add_coder(s, "Omar"), start=8, end=20)
    report = merge(base, other)
    assert (report.documents.added, report.documents.conflict) == (0, 1)
    assert report.codings.added == 1 and report.codes.matched == 1  # 'Trust' by its path
    assert (*span(TEXT, "Trust is low"), "Omar") in {
        (a, b, who) for _, _, a, b, who in codings_of(base)}


def test_codes_match_by_path_and_their_differences_are_reported_not_applied(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    other = tmp_path / "other.qcode"
    with Project.create(other) as p, p.transaction() as s:
        trust = add_code(s, "trust", colour="#00ff00")  # another uuid, the same path
        s.execute(Code.__table__.update().where(Code.id == trust).values(description="Faith"))
        add_code(s, "Speed", parent_id=add_code(s, "Portal", parent_id=trust))
    report = merge(base, other)
    assert (report.codes.added, report.codes.matched, report.codes.conflict) == (1, 2, 1)
    assert any("colour #00ff00 differs from #336699; kept" in c for c in report.conflicts)
    with Project.open(base, readonly=True) as p, p.reading() as s:
        assert sorted(code_paths(s).values()) == ["Trust", "Trust/Portal", "Trust/Portal/Speed"]
        assert s.scalar(select(Code.colour).where(Code.name == "Trust")) == "#336699"


def test_a_coder_alias_joins_two_names_of_one_coder(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    laptop = copy_of(base, "laptop.qcode")
    with Project.open(laptop) as p, p.transaction() as s:
        s.execute(Coder.__table__.update().values(name="amal.k"))
        add_coding(s, document_id=ids(s, Document, "E01"), code_id=code_id(s, "Trust"),
                   coder_id=ids(s, Coder, "amal.k"), **_span("Citizens"))
    report = merge(base, laptop, coder_aliases={"amal.k": "Amal"})
    assert report.coders_added == [] and report.codings.matched == 1
    assert {who for *_, who in codings_of(base)} == {"Amal"}
    with pytest.raises(InputError, match=r"no coder named 'nobody' in laptop.qcode"):
        merge(base, laptop, coder_aliases={"nobody": "Amal"})


def test_memos_of_both_copies_are_kept_with_where_they_came_from(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    omar = copy_of(base, "omar.qcode")
    for path, who, memo in ((base, "lead", "first reading"), (omar, "omar", "second view")):
        with Project.open(path) as p, p.transaction() as s:
            set_document_memo(s, document_id=ids(s, Document, "E01"), memo=f"{who}: {memo}")
            set_project_memo(s, memo=f"{who} notes")
            s.execute(Coding.__table__.update().values(memo=f"{who} on trust"))
    report = merge(base, omar)
    assert (report.memos.added, report.memos.conflict) == (0, 3)
    with Project.open(base, readonly=True) as p, p.reading() as s:
        doc_memo = s.scalar(select(Document.memo))
        coding_memo = s.scalar(select(Coding.memo))
        project_memo = s.scalar(select(ProjectInfo.value).where(ProjectInfo.key == "memo"))
    assert doc_memo == "lead: first reading\n\n--- memo from omar.qcode ---\nomar: second view"
    assert coding_memo == "lead on trust\n\n--- memo from omar.qcode (Amal) ---\nomar on trust"
    assert project_memo.startswith("lead notes") and project_memo.endswith("omar notes")
    assert merge(base, omar).memos.conflict == 0  # already holds them: nothing appended
    with Project.open(base, readonly=True) as p, p.reading() as s:
        assert s.scalar(select(Document.memo)) == doc_memo


def test_attribute_values_missing_here_are_added_and_differing_ones_reported(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    with Project.open(base) as p, p.transaction() as s:
        role = next(iter(define_attribute(s, name="Role", type="text").attributes))
        set_attribute_value(s, document_id=ids(s, Document, "E01"), attribute_id=role,
                            value="minister")
    omar = copy_of(base, "omar.qcode")
    with Project.open(omar) as p, p.transaction() as s:
        e01 = ids(s, Document, "E01")
        set_attribute_value(s, document_id=e01, attribute_id=ids(s, Attribute, "Role"),
                            value="adviser")
        city = next(iter(define_attribute(s, name="city", type="text").attributes))
        set_attribute_value(s, document_id=e01, attribute_id=city, value="Benghazi")
    report = merge(base, omar)
    assert report.attribute_values == 1
    assert any("E01: Role is 'adviser' there and 'minister' here; kept 'minister'" in line
               for line in report.conflicts)
    with Project.open(base, readonly=True) as p, p.reading() as s:
        values = dict(s.execute(select(Attribute.name, DocumentAttribute.value)
                                .join(DocumentAttribute)).all())
    assert values == {"Role": "minister", "city": "Benghazi"}


def test_undo_takes_the_whole_merge_back_and_redo_brings_it_again(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    omar = copy_of(base, "omar.qcode")
    with Project.open(omar) as p, p.transaction() as s:
        add_coding(s, document_id=ids(s, Document, "E01"), code_id=add_code(s, "Cost"),
                   coder_id=coder(s, "Omar"), memo="m", **_span("Who pays"))
        add_doc(s, "E02", "More text.")
        set_document_memo(s, document_id=ids(s, Document, "E01"), memo="omar's memo")
    before, merged = counts(base), None
    with Project.open(base) as p:
        with p.transaction() as s:
            changes = merge_projects(s, sources=[omar]).changes
        merged = codings_of(base)
        with p.transaction() as s:
            redo = changes.inverse(s)
        assert counts(base) == before
        with p.reading() as s:
            assert s.scalar(select(Document.memo)) == ""
        with p.transaction() as s:
            redo.inverse(s)
        assert codings_of(base) == merged
        assert_tables_match_codings(p)


def test_a_damaged_or_missing_source_is_one_line_naming_it_and_the_project_is_unchanged(
        tmp_path):
    base = make_base(tmp_path / "study.qcode")
    good = copy_of(base, "good.qcode")
    with Project.open(good) as p, p.transaction() as s:
        add_doc(s, "E02", "New.")
    damaged = tmp_path / "damaged.qcode"
    damaged.write_bytes(base.read_bytes()[:4096] + b"\x00garbage" * 500)
    before = counts(base)
    for bad, why in ((damaged, "damaged.qcode"), (tmp_path / "gone.qcode", "gone.qcode"),
                     (base, "study.qcode: this is the project being merged into")):
        with pytest.raises((ProjectError, InputError)) as caught:
            merge(base, good, bad)
        assert str(caught.value).startswith(why) and "\n" not in str(caught.value)
        assert counts(base) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="a read-only folder needs POSIX permissions and no root")
def test_a_source_in_a_read_only_folder_is_merged(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    share = tmp_path / "share"
    share.mkdir()
    shared = copy_of(base, "x.qcode").rename(share / "shared.qcode")
    with Project.open(shared) as p, p.transaction() as s:
        add_doc(s, "E02", "New.")
    share.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert merge(base, shared).documents.added == 1
    finally:
        share.chmod(stat.S_IRWXU)


def test_a_source_another_window_has_open_for_writing_is_merged(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    busy = copy_of(base, "busy.qcode")
    with Project.open(busy) as p:  # the analyst still has it open
        with p.transaction() as s:
            add_doc(s, "E03", "More.")
        assert merge(base, busy).documents.added == 1


def test_a_document_imported_again_in_the_other_copy_is_matched_by_its_text(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    other = tmp_path / "other.qcode"
    with Project.create(other) as p, p.transaction() as s:  # the same transcript, renamed
        doc = add_doc(s, "Expert 01 (minister)", TEXT)
        add_coding(s, document_id=doc, code_id=add_code(s, "Trust"),
                   coder_id=add_coder(s, "Omar"), **_span("Citizens"))
    report = merge(base, other)
    assert (report.documents.added, report.documents.matched) == (0, 1)
    with Project.open(base, readonly=True) as p, p.reading() as s:
        assert s.scalars(select(Document.name)).all() == ["E01"]
    assert len(codings_of(base)) == 2


def test_a_code_renamed_in_the_copy_and_a_new_one_in_its_old_name_stay_two_codes(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    copy = copy_of(base, "copy.qcode")
    with Project.open(copy) as p, p.transaction() as s:
        s.execute(Code.__table__.update().where(Code.name == "Trust")
                  .values(name="Trust in state"))
        doc, amal = ids(s, Document, "E01"), ids(s, Coder, "Amal")
        add_coding(s, document_id=doc, code_id=add_code(s, "Trust"), coder_id=amal,
                   **_span("Citizens"))
    merge(base, copy)
    by_code = {(path, a) for _, path, a, _, _ in codings_of(base)}
    assert by_code == {("Trust", span(TEXT, "Trust is low")[0]),
                       ("Trust (2)", span(TEXT, "Citizens")[0])}  # not both under Trust


def test_a_memo_found_inside_this_one_is_still_another_memo(tmp_path):
    base = make_base(tmp_path / "study.qcode")
    copy = copy_of(base, "copy.qcode")
    for path, memo in ((base, "not important"), (copy, "important")):
        with Project.open(path) as p, p.transaction() as s:
            s.execute(Coding.__table__.update().values(memo=memo))
    merge(base, copy)
    with Project.open(base, readonly=True) as p, p.reading() as s:
        memo = s.scalar(select(Coding.memo))
    assert memo == "not important\n\n--- memo from copy.qcode (Amal) ---\nimportant"
    merge(base, copy)  # a second merge finds it there
    with Project.open(base, readonly=True) as p, p.reading() as s:
        assert s.scalar(select(Coding.memo)) == memo


def test_a_coder_who_made_no_coding_is_no_new_coder(tmp_path):
    """Opening a copy in the app records its user as a coder; the lead should not hear of
    a new coder who coded nothing, nor find one in the project."""
    base = make_base(tmp_path / "study.qcode")
    copy = copy_of(base, "lead_copy.qcode")
    with Project.open(copy) as project, project.transaction() as s:
        add_coder(s, "Lead")
    report = merge(base, copy)
    assert "Lead" not in report.coders_added
    with Project.open(base, readonly=True) as project, project.reading() as s:
        assert "Lead" not in set(s.scalars(select(Coder.name)))

"""Document operations: adding (duplicates, name clashes, order), removing, renaming, memos."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from qcode.errors import InputError
from qcode.importers.base import ImportedDocument
from qcode.importers.normalise import text_direction
from qcode.importers.turns import Turn
from qcode.models import Document, ProjectInfo, SpeakerTurn
from qcode.ops.attributes import define_attribute, set_attribute_value
from qcode.ops.codings import NewCoding, add_codings
from qcode.ops.documents import (
    add_documents,
    remove_documents,
    rename_document,
    set_document_memo,
    set_project_memo,
)
from qcode.project import Project
from tests.factories import add_code, add_coder
from tests.ops_helpers import check_undo_redo, counts, dump

E01 = "Interviewer: How did it start?\nExpert 01: With a pilot in Tripoli."
E02 = "س: ما هو دور الوزارة؟\nA: We coordinate the portal 🇱🇾."


def imported(name: str, text: str, *, filename: str | None = None,
             turns: tuple[Turn, ...] = ()) -> ImportedDocument:
    """What read_document returns for a file (the sha256 is of the file's bytes)."""
    return ImportedDocument(name=name, text=text, original_filename=filename or f"{name}.docx",
                            sha256=hashlib.sha256(text.encode()).hexdigest(),
                            direction=text_direction(text), turns=turns, format="docx")


def documents(project: Project) -> list[tuple[str, int, str]]:
    with project.reading() as s:
        return [tuple(r) for r in s.execute(
            select(Document.name, Document.position, Document.direction)
            .order_by(Document.position))]


def add(project: Project, *docs: ImportedDocument):
    with project.transaction() as s:
        return add_documents(s, documents=docs)


def test_added_documents_keep_their_text_turns_and_order(project):
    turns = (Turn("Interviewer", 0, 30), Turn("Expert 01", 31, len(E01)))
    changes = add(project, imported("E01", E01, turns=turns), imported("E02", E02))
    assert len(changes.documents) == 2 and changes.messages == ()
    assert documents(project) == [("E01", 0, "ltr"), ("E02", 1, "mixed")]
    with project.reading() as s:
        doc = s.scalar(select(Document).where(Document.name == "E01"))
        assert doc.text == E01 and doc.original_filename == "E01.docx"
        assert [(t.speaker, t.start, t.end) for t in doc.turns] == [
            ("Interviewer", 0, 30), ("Expert 01", 31, len(E01))]
    # A later import goes after the documents already there.
    add(project, imported("E03", "A third interview."))
    assert [d[:2] for d in documents(project)] == [("E01", 0), ("E02", 1), ("E03", 2)]


def test_identical_file_is_skipped_with_a_message(project):
    add(project, imported("E01", E01))
    changes = add(project, imported("E01", E01), imported("copy of E01", E01,
                                                          filename="copy of E01.docx"))
    assert changes.documents == frozenset()
    assert changes.messages == (
        "E01.docx: identical to document 'E01' already in the project; skipped",
        "copy of E01.docx: identical to document 'E01' already in the project; skipped")
    assert counts(project)["documents"] == 1


def test_identical_files_in_one_batch_keep_the_first(project):
    changes = add(project, imported("E02", E02), imported("E02 again", E02,
                                                          filename="E02 again.docx"))
    assert changes.messages == (
        "E02 again.docx: identical to document 'E02' earlier in this import; skipped",)
    assert [d[0] for d in documents(project)] == ["E02"]


def test_name_clash_with_other_content_gets_a_numbered_name(project):
    add(project, imported("E01", E01))
    changes = add(project, imported("E01", "A corrected transcript."),
                  imported("E01", "Yet another version."))
    assert [d[0] for d in documents(project)] == ["E01", "E01 (2)", "E01 (3)"]
    assert changes.messages == (
        "E01.docx: a different document is already named 'E01'; added as 'E01 (2)'",
        "E01.docx: a different document is already named 'E01'; added as 'E01 (3)'")


def test_add_undo_redo_gives_the_same_rows(project):
    before = dump(project)
    changes = add(project, imported("E01", E01, turns=(Turn("Interviewer", 0, 30),)),
                  imported("E02", E02))
    check_undo_redo(project, before, changes)
    assert counts(project)["speaker_turns"] == 1


def _coded_project(project: Project) -> dict[str, int]:
    add(project, imported("E01", E01, turns=(Turn("Interviewer", 0, 30),)), imported("E02", E02))
    with project.transaction() as s:
        ids = {name: s.scalar(select(Document.id).where(Document.name == name))
               for name in ("E01", "E02")}
        code, coder = add_code(s, "Trust"), add_coder(s)
        role = next(iter(define_attribute(s, name="role", type="choice").attributes))
        for name in ids:
            set_attribute_value(s, document_id=ids[name], attribute_id=role, value="IT director")
        add_codings(s, codings=[NewCoding(ids["E01"], code, coder, 0, 12),
                                NewCoding(ids["E02"], code, coder, 3, 8, memo="ministry")])
        set_document_memo(s, document_id=ids["E01"], memo="Recorded in Tripoli")
    return ids


def test_remove_takes_turns_values_and_codings_and_undo_restores_them(project):
    ids = _coded_project(project)
    before = dump(project)
    with project.transaction() as s:
        changes = remove_documents(s, document_ids=[ids["E01"]])
    after = counts(project)
    assert (after["documents"], after["speaker_turns"], after["codings"],
            after["document_attributes"]) == (1, 0, 1, 1)
    assert changes.documents == {ids["E01"]} and len(changes.codings) == 1
    check_undo_redo(project, before, changes)


def test_remove_all_then_undo_in_a_fresh_session_is_exact(project):
    ids = _coded_project(project)
    before = dump(project)
    with project.transaction() as s:
        changes = remove_documents(s, document_ids=list(ids.values()))
    assert counts(project)["codings"] == 0
    # The session that removed is closed: undo needs nothing but the plain-data inverse.
    check_undo_redo(project, before, changes)


def test_removing_an_unknown_document_is_refused(project):
    with project.transaction() as s, pytest.raises(InputError, match="no document with id 9"):
        remove_documents(s, document_ids=[9])


def test_rename_refuses_blank_and_taken_names_and_undoes(project):
    add(project, imported("E01", E01), imported("E02", E02))
    with project.reading() as s:
        e01 = s.scalar(select(Document.id).where(Document.name == "E01"))
    with project.transaction() as s:
        with pytest.raises(InputError, match="already named 'E02'"):
            rename_document(s, document_id=e01, name="E02")
        with pytest.raises(InputError, match="needs a name"):
            rename_document(s, document_id=e01, name="   ")
    before = dump(project)
    with project.transaction() as s:
        changes = rename_document(s, document_id=e01, name=" Expert 01 — وزارة ")
    assert [d[0] for d in documents(project)] == ["Expert 01 — وزارة", "E02"]
    check_undo_redo(project, before, changes)


def test_document_and_project_memos_undo(project):
    add(project, imported("E01", E01))
    with project.reading() as s:
        e01 = s.scalar(select(Document.id))
    before = dump(project)
    with project.transaction() as s:
        changes = set_document_memo(s, document_id=e01, memo="Second interview planned")
    check_undo_redo(project, before, changes)
    before = dump(project)
    with project.transaction() as s:
        changes = set_project_memo(s, memo="Study of e-government in Libya")
    assert changes.project
    assert project.info()["memo"] == "Study of e-government in Libya"
    check_undo_redo(project, before, changes)
    with project.reading() as s:
        assert s.get(ProjectInfo, "memo").value == "Study of e-government in Libya"


def test_turns_survive_remove_and_undo_with_their_ids(project):
    add(project, imported("E01", E01, turns=(Turn("Interviewer", 0, 30),
                                             Turn("Expert 01", 31, len(E01)))))
    with project.reading() as s:
        turn_ids = list(s.scalars(select(SpeakerTurn.id).order_by(SpeakerTurn.id)))
        doc_id = s.scalar(select(Document.id))
    with project.transaction() as s:
        changes = remove_documents(s, document_ids=[doc_id])
    with project.transaction() as s:
        changes.inverse(s)
    with project.reading() as s:
        assert list(s.scalars(select(SpeakerTurn.id).order_by(SpeakerTurn.id))) == turn_ids

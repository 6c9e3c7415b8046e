"""A REFI-QDA codebook (.qdc) imported into an existing project: codes matched by GUID, then by
path, so a second import adds nothing; differences reported, never applied; one undo step."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.errors import InputError
from qcode.exchange.qdc import export_qdc
from qcode.exchange.qdc_import import import_qdc, import_qdc_codes
from qcode.exchange.records import Code as FileCode
from qcode.models import Code
from qcode.ops.codebook import create_code_path
from qcode.project import Project
from qcode.queries import code_paths, find_code
from tests.ops_helpers import check_undo_redo, dump, project_sha

TRUST = "2a1f7c3e-0b6d-4e59-9a41-7d2c5e8f1a01"
CREDIBILITY = "2a1f7c3e-0b6d-4e59-9a41-7d2c5e8f1a02"
LEGITIMACY = "2a1f7c3e-0b6d-4e59-9a41-7d2c5e8f1a03"
ACCESS = "2a1f7c3e-0b6d-4e59-9a41-7d2c5e8f1a04"

SUPERVISOR = [
    FileCode(f"{{{TRUST.upper()}}}", "Trust", colour="#1f77b4", description="Trust in the state"),
    FileCode(CREDIBILITY, "Credibility", TRUST, colour="#ff0000",
             description="Whether people believe what the ministry says"),
    FileCode(LEGITIMACY, "Legitimacy", TRUST),
    FileCode(ACCESS, "Access", colour="#2ca02c"),
]


def codebook(project: Project) -> dict[str, tuple[str, str, str]]:
    """path -> (uuid, colour, description), as the codebook panel and exports show them."""
    with project.reading() as s:
        paths = code_paths(s)
        return {paths[c.id]: (c.uuid, c.colour, c.description)
                for c in s.scalars(select(Code))}


def run(project: Project, codes: list[FileCode]):
    with project.transaction() as s:
        return import_qdc_codes(s, codes=codes)


def add_path(project: Project, path: str, colour: str, description: str = "") -> None:
    with project.transaction() as s:
        create_code_path(s, path=path, colour=colour, description=description)


def test_a_codebook_arrives_whole_with_guids_colours_and_descriptions(project):
    changes, differences = run(project, SUPERVISOR)
    assert codebook(project) == {
        "Trust": (TRUST, "#1f77b4", "Trust in the state"),
        "Trust/Credibility": (CREDIBILITY, "#ff0000",
                              "Whether people believe what the ministry says"),
        "Trust/Legitimacy": (LEGITIMACY, codebook(project)["Trust/Legitimacy"][1], ""),
        "Access": (ACCESS, "#2ca02c", ""),
    }
    assert differences == ()
    assert len(changes.codes) == 4 and changes.codebook_tree
    with project.reading() as s:
        assert [c.name for c in s.scalars(select(Code).where(Code.parent_id.is_(None))
                                          .order_by(Code.position))] == ["Trust", "Access"]


def test_importing_the_same_codebook_twice_adds_nothing(project):
    run(project, SUPERVISOR)
    before = dump(project)
    changes, differences = run(project, SUPERVISOR)
    assert dump(project) == before
    assert not changes.codes and differences == ()


def test_codes_with_new_guids_are_found_by_path_in_any_case(project):
    add_path(project, "Trust/Credibility", "#bcbd22", "Belief in official statements")
    before = codebook(project)
    reexported = [FileCode("9b0c0000-0000-4000-8000-000000000001", "TRUST"),
                  FileCode("9b0c0000-0000-4000-8000-000000000002", "credibility",
                           "9b0c0000-0000-4000-8000-000000000001", colour="#ff0000",
                           description="Whether people believe what the ministry says")]
    changes, differences = run(project, reexported)
    assert codebook(project) == before
    assert not changes.codes
    assert differences == (
        "code 'Trust/Credibility': the file's colour #ff0000 differs from #bcbd22; kept",
        "code 'Trust/Credibility': the file's description 'Whether people believe what the "
        "ministry says' differs from the project's 'Belief in official statements'; kept",
    )


def test_a_code_renamed_and_moved_in_qcode_is_still_found_by_its_guid(project):
    run(project, SUPERVISOR)
    with project.transaction() as s:
        code = find_code(s, "Trust/Credibility")
        code.name, code.parent_id = "Believability", None
    before = codebook(project)
    changes, differences = run(project, SUPERVISOR)
    assert codebook(project) == before and not changes.codes
    assert differences == ("code 'Believability': the file places it at 'Trust/Credibility' "
                           "(same GUID); kept where it is",)


def test_new_codes_join_matched_parents_last_among_their_siblings(project):
    add_path(project, "Trust/Credibility", "#bcbd22")
    add_path(project, "Trust/Fairness", "#bcbd22")
    changes, _ = run(project, [FileCode(TRUST, "Trust"), FileCode(LEGITIMACY, "Legitimacy", TRUST),
                               FileCode(ACCESS, "Online", LEGITIMACY, colour="#2ca02c")])
    assert codebook(project)["Trust/Legitimacy/Online"] == (ACCESS, "#2ca02c", "")
    with project.reading() as s:
        trust = find_code(s, "Trust")
        assert [c.name for c in sorted(trust.children, key=lambda c: c.position)] == [
            "Credibility", "Fairness", "Legitimacy"]
    assert len(changes.codes) == 2


def test_the_import_is_one_undo_step_and_redoes_exactly(project):
    add_path(project, "Access", "#2ca02c")
    before = dump(project)
    changes, _ = run(project, SUPERVISOR)
    check_undo_redo(project, before, changes)


def test_names_qcode_cannot_hold_are_changed_and_said(project):
    changes, differences = run(project, [FileCode(TRUST, "Trust/Credibility"),
                                         FileCode(ACCESS, "Access", TRUST)])
    assert set(codebook(project)) == {"Trust-Credibility", "Trust-Credibility/Access"}
    assert differences == ("code 'Trust/Credibility' arrives as 'Trust-Credibility'",)
    run(project, [FileCode(LEGITIMACY, "Trust/Credibility")])  # a new GUID: found by path
    assert len(codebook(project)) == 2


def test_siblings_whose_names_differ_only_in_case_both_arrive(project):
    file = [FileCode(TRUST, "Trust"), FileCode(CREDIBILITY, "trust"),
            FileCode(LEGITIMACY, "Fairness", CREDIBILITY)]
    _, differences = run(project, file)
    assert set(codebook(project)) == {"Trust", "trust (2)", "trust (2)/Fairness"}
    assert differences == ("code 'trust' arrives as 'trust (2)'",)
    minted_anew = [FileCode(ACCESS, "TRUST"), FileCode("9b0c0000-0000-4000-8000-000000000001",
                                                       "trust")]
    before = dump(project)
    run(project, file)
    run(project, minted_anew)
    assert dump(project) == before


def test_a_code_whose_guid_is_no_guid_or_already_used_gets_a_fresh_uuid_and_it_is_said(
        project):
    same_guid_unhyphenated = TRUST.replace("-", "")
    _, differences = run(project, [FileCode(TRUST, "Trust"), FileCode("NVivo:17", "Fairness"),
                                   FileCode(same_guid_unhyphenated, "Access")])
    uuids = {path: row[0] for path, row in codebook(project).items()}
    assert uuids["Trust"] == TRUST
    assert len({uuids["Fairness"], uuids["Access"], TRUST}) == 3
    assert "NVivo:17" not in uuids.values()
    assert differences == (
        "2 codes given a new uuid: the file's GUID is no GUID, or another code's "
        f"('NVivo:17', '{same_guid_unhyphenated}')",)


def test_a_code_whose_parent_is_missing_is_refused_and_nothing_changes(project, project_path):
    add_path(project, "Access", "#2ca02c")
    sha = project_sha(project)
    with pytest.raises(InputError, match="names a parent code .* not in the codebook"):
        run(project, [FileCode(TRUST, "Trust"), FileCode(CREDIBILITY, "Credibility", ACCESS)])
    assert project_sha(project) == sha


def write_qdc(project_path: Path, tmp_path: Path) -> Path:
    """The supervisor's codebook as a .qdc file, exported from a project of its own."""
    source = Project.create(tmp_path / "supervisor.qcode")
    try:
        with source.transaction() as s:
            import_qdc_codes(s, codes=SUPERVISOR)
        with source.reading() as s:
            export_qdc(s, tmp_path / "supervisor.qdc")
    finally:
        source.close()
    return tmp_path / "supervisor.qdc"


def test_a_qdc_file_from_another_project_arrives_and_a_second_import_adds_nothing(
        project, project_path, tmp_path):
    path = write_qdc(project_path, tmp_path)
    add_path(project, "Access", "#000000")
    with project.transaction() as s:
        report = import_qdc(s, path)
    assert report.codes == 3 and report.file == "supervisor.qdc"
    assert report.lines() == [
        "supervisor.qdc: 1 code matched (by GUID or path), 3 added; 1 difference not applied",
        "  code 'Access': the file's colour #2ca02c differs from #000000; kept"]
    assert codebook(project)["Trust/Credibility"][0] == CREDIBILITY
    with project.transaction() as s:
        again = import_qdc(s, path)
    assert (again.codes, again.codes_matched, len(again.lines())) == (0, 4, 2)
    assert again.line().startswith("supervisor.qdc: 4 codes matched (by GUID or path), 0 added")


def test_a_broken_qdc_file_is_refused_in_one_line_naming_it(project, tmp_path):
    path = tmp_path / "book.qdc"
    path.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                    f'<Code guid="{TRUST}" name="Trust" isCodable="true">', encoding="utf-8")
    sha = project_sha(project)
    with pytest.raises(InputError) as caught, project.transaction() as s:
        import_qdc(s, path)
    assert str(caught.value).startswith("book.qdc: ") and "\n" not in str(caught.value)
    assert project_sha(project) == sha


def test_a_fifo_an_empty_file_and_another_namespace_are_refused_at_once(project, tmp_path):
    """A FIFO is refused before it is opened (opening it would wait for a writer forever)."""
    fifo = tmp_path / "book.qdc"
    os.mkfifo(fifo)
    empty = tmp_path / "empty.qdc"
    empty.write_bytes(b"  \n")
    other = tmp_path / "other.qdc"
    other.write_text('<CodeBook xmlns="urn:example:books"/>', encoding="utf-8")
    said: dict[Path, str] = {}

    def refuse_each() -> None:
        for path in (fifo, empty, other):
            with pytest.raises(InputError) as caught, project.transaction() as s:
                import_qdc(s, path)
            said[path] = str(caught.value)

    worker = threading.Thread(target=refuse_each, daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "importing a FIFO as a codebook waits forever"
    assert said == {
        fifo: "book.qdc: not a regular file (a FIFO)",
        empty: "empty.qdc: not a REFI-QDA codebook (.qdc): the file is empty",
        other: "other.qdc: not a REFI-QDA codebook (.qdc): its <CodeBook> is in the namespace "
               "'urn:example:books', not urn:QDA-XML:codebook:1.0"}


def test_a_name_changed_twice_is_said_once_with_its_final_name(project):
    """'A/B' cannot hold '/' (it becomes 'A-B'), and a sibling already is 'A-B': one line."""
    _, differences = run(project, [FileCode(TRUST, "A-B"), FileCode(ACCESS, "A/B")])
    assert set(codebook(project)) == {"A-B", "A-B (2)"}
    assert differences == ("code 'A/B' arrives as 'A-B (2)'",)

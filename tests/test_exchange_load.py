"""Loading REFI-QDA records into a project: what a user finds in it afterwards.

The records are built here as a reader would yield them (no XML): users, codes parents first,
variables, cases, sources with their selections, notes, then the project's facts.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from qcode.errors import Cancelled, InputError
from qcode.exchange.load import load_project
from qcode.exchange.records import (
    Case,
    Code,
    Coding,
    Note,
    ProjectFacts,
    Selection,
    Skipped,
    Source,
    User,
    Variable,
    VariableValue,
)
from qcode.models import Attribute, Coder, Document, DocumentAttribute, ProjectInfo
from qcode.models import Code as CodeRow
from qcode.models import Coding as CodingRow
from qcode.ops.codebook_create import PALETTE
from qcode.project import Project
from qcode.queries import code_paths
from tests.factories import add_coder, add_doc
from tests.test_coverage_tables import assert_rollup_matches_codings, assert_tables_match_codings

AMAL = "{6A1B2C3D-0000-4000-8000-0000000000A1}"
OMAR = "6a1b2c3d-0000-4000-8000-0000000000a2"
TRUST = "{C0DE0000-0000-4000-8000-000000000001}"
CRED = "c0de0000-0000-4000-8000-000000000002"
POLICY = "c0de0000-0000-4000-8000-000000000003"
E07 = "50c00000-0000-4000-8000-000000000007"
E08 = "50c00000-0000-4000-8000-000000000008"
TEXT = "Interviewer: Do you trust it?\nExpert: The ministry must own it. We trust people."


def guid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def sel(n: int, start: int, end: int, *codes: str, user: str | None = None, **kw) -> Selection:
    return Selection(guid(n), start, end,
                     tuple(Coding(guid(1000 + n * 10 + i), c) for i, c in enumerate(codes)),
                     user_guid=user, **kw)


def source(guid_: str, name: str, text: str = TEXT, *selections: Selection, **kw) -> Source:
    return Source(guid_, name, text, f"sources/{guid_}.txt", selections, **kw)


def codebook() -> list:
    return [Code(TRUST, "Trust", colour="#BCBD22", description="Whom people rely on"),
            Code(CRED, "Credibility", parent_guid=TRUST),
            Code(POLICY, "Policy", colour=None)]


def load(project: Project, records: list, **kw):
    with project.transaction() as s:
        return load_project(s, records, file="study.qdpx", **kw)


def codings_of(project: Project) -> list[tuple]:
    """(document, code path, start, end, coder, covered text, uuid, memo) of every coding."""
    with project.reading() as s:
        paths = code_paths(s)
        texts = dict(s.execute(select(Document.name, Document.text)).all())
        rows = s.execute(select(Document.name, CodingRow.code_id, CodingRow.start,
                                CodingRow.end, Coder.name, CodingRow.uuid, CodingRow.memo)
                         .join(Document, Document.id == CodingRow.document_id)
                         .join(Coder, Coder.id == CodingRow.coder_id)
                         .order_by(Document.name, CodingRow.start, CodingRow.code_id)).all()
    return [(doc, paths[code], a, b, coder, texts[doc][a:b], uuid, memo)
            for doc, code, a, b, coder, uuid, memo in rows]


def counts(project: Project) -> tuple[int, ...]:
    with project.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(model))
                     for model in (Document, CodeRow, CodingRow, Coder, Attribute))


def test_documents_codes_and_codings_arrive_as_the_file_has_them(project):
    records = [User(AMAL, "Amal"), User(OMAR, "Omar"), *codebook(),
               source(E07, "E07", TEXT,
                      sel(1, 38, 63, TRUST, CRED, user=AMAL),  # "The ministry must own it."
                      Selection(guid(2), 67, 72, (Coding(guid(20), POLICY, OMAR),), AMAL)),
               ProjectFacts("Study", origin="NVivo 15")]
    report = load(project, records)
    assert (report.documents, report.codes, report.codings, report.coders) == (1, 3, 3, 2)
    with project.reading() as s:
        doc = s.execute(select(Document.name, Document.text, Document.uuid)).one()
        codes = {code_paths(s)[c.id]: (c.uuid, c.colour, c.description)
                 for c in s.scalars(select(CodeRow))}
    assert tuple(doc) == ("E07", TEXT, E07)
    assert codes == {"Trust": (TRUST.strip("{}").lower(), "#bcbd22", "Whom people rely on"),
                     "Trust/Credibility": (CRED, PALETTE[1], ""),
                     "Policy": (POLICY, PALETTE[2], "")}
    assert [c[:6] for c in codings_of(project)] == [
        ("E07", "Trust", 38, 63, "Amal", "The ministry must own it."),
        ("E07", "Trust/Credibility", 38, 63, "Amal", "The ministry must own it."),
        ("E07", "Policy", 67, 72, "Omar", "trust")]  # the coding's user wins the selection's
    assert {c[6] for c in codings_of(project)} == {guid(1010), guid(1011), guid(20)}
    assert report.assumptions == (("E07", "Unicode code points"),)


def test_clashing_and_unusable_names_are_changed_and_reported(project):
    records = [Code(guid(1), "Trust"), Code(guid(2), "trust"), Code(guid(3), "Yes/No"),
               Code(guid(4), "Trust", parent_guid=guid(1)),
               source(E07, "E07", "one"), source(E08, "E07", "two"), source(guid(9), "E07 (2)")]
    report = load(project, records)
    with project.reading() as s:
        assert sorted(code_paths(s).values()) == ["Trust", "Trust/Trust", "Yes-No", "trust (2)"]
        assert list(s.scalars(select(Document.name).order_by(Document.position))) == [
            "E07", "E07 (2)", "E07 (2) (2)"]
    assert set(report.renamed) == {("code", "trust", "trust (2)"), ("code", "Yes/No", "Yes-No"),
                                   ("document", "E07", "E07 (2)"),
                                   ("document", "E07 (2)", "E07 (2) (2)")}


def test_each_coding_keeps_its_coder_down_to_the_file_s_origin(project):
    with project.transaction() as s:
        add_coder(s, "Amal")  # already in the project: reused, not doubled
    records = [User(AMAL, "Amal"), User(OMAR, ""), User(guid(77), "  "), *codebook(),
               source(E07, "E07", TEXT, sel(1, 0, 11, TRUST, user=AMAL),
                      sel(2, 13, 15, TRUST, user=OMAR), sel(3, 16, 19, TRUST))]
    load(project, [*records, ProjectFacts("Study", origin="ATLAS.ti 23")])
    assert [c[4] for c in codings_of(project)] == [
        "Amal", "Unnamed coder 1", "coder from ATLAS.ti 23"]
    with project.reading() as s:
        assert sorted(s.scalars(select(Coder.name))) == [
            "Amal", "Unnamed coder 1", "Unnamed coder 2", "coder from ATLAS.ti 23"]


def test_codings_of_nobody_belong_to_the_project_s_creating_user(project):
    records = [User(AMAL, "Amal"), *codebook(), source(E07, "E07", TEXT, sel(1, 0, 11, TRUST)),
               ProjectFacts("Study", creating_user_guid=AMAL.lower())]
    load(project, records)
    assert [c[4] for c in codings_of(project)] == ["Amal"]
    with project.reading() as s:
        assert list(s.scalars(select(Coder.name))) == ["Amal"]


def test_a_code_ref_to_no_code_is_refused_and_the_project_left_unchanged(project):
    with project.transaction() as s:
        add_coder(s, "Amal")
    before = counts(project)
    records = [User(AMAL, "Amal"), *codebook(), source(E07, "E07", TEXT, sel(1, 0, 11, TRUST)),
               source(E08, "E08", TEXT, sel(2, 0, 11, "deadbeef-0000-4000-8000-000000000000"))]
    with pytest.raises(InputError) as caught:
        load(project, records)
    assert str(caught.value) == (
        f"study.qdpx: coding {guid(1020)} in 'E08' refers to code "
        "deadbeef-0000-4000-8000-000000000000, which is not in the codebook")
    assert counts(project) == before


def test_a_project_that_holds_documents_is_refused(project):
    with project.transaction() as s:
        add_doc(s, "Old", "text")
    with pytest.raises(InputError, match="^study.qdpx: the project already holds documents: "
                                         "import into a new project, then merge$"):
        load(project, [*codebook(), source(E07, "E07")])
    assert counts(project) == (1, 0, 0, 0, 0)


def test_notes_become_memos_joined_in_file_order(project):
    records = [User(AMAL, "Amal"),
               Code(TRUST, "Trust", note_guids=(guid(501), guid(502))), Code(CRED, "Cred"),
               source(E07, "E07", TEXT,
                      sel(1, 38, 63, TRUST, CRED, user=AMAL, note_guids=(guid(503),),
                          description="quoted by both"),
                      Selection(guid(2), 67, 72, (Coding(guid(20), TRUST, AMAL,
                                                         note_guids=(guid(504),)),)),
                      note_guids=(guid(505), guid(599)), description="Expert in Tripoli"),
               Note(guid(502), "second", "Second on trust."),
               Note(guid(501), "first", "First on trust.\r\nMore."),
               Note(guid(503), "n3", "On the ministry."), Note(guid(504), "n4", "A coding note."),
               Note(guid(505), "n5", "Met twice."), Note(guid(506), "Plan", "Ask about trust."),
               Note(guid(507), "p", "Project note."),
               ProjectFacts("Study", description="The study.", note_guids=(guid(507),))]
    report = load(project, records)
    with project.reading() as s:
        memos = {code_paths(s)[c.id]: c.memo for c in s.scalars(select(CodeRow))}
        doc_memo = s.scalar(select(Document.memo))
        project_memo = s.get(ProjectInfo, "memo").value
    assert memos == {"Trust": "Second on trust.\n\nFirst on trust.\nMore.", "Cred": ""}
    assert doc_memo == "Expert in Tripoli\n\nMet twice."
    assert [(c[1], c[7]) for c in codings_of(project)] == [
        ("Trust", "quoted by both\n\nOn the ministry."),
        ("Cred", "quoted by both\n\nOn the ministry."), ("Trust", "A coding note.")]
    assert project_memo == "The study.\n\nProject note.\n\nPlan\nAsk about trust."
    assert report.memos == 7
    assert report.skipped == (Skipped(f"note {guid(599)} of source 'E07'",
                                      "the file holds no such note"),)


def test_cases_and_values_become_typed_document_attributes(project):
    v = [Variable(guid(601), "Role", "Text"), Variable(guid(602), "Years", "Integer"),
         Variable(guid(603), "Score", "Float"), Variable(guid(604), "Met", "Date"),
         Variable(guid(605), "Day", "DateTime"), Variable(guid(606), "When", "DateTime"),
         Variable(guid(607), "Consented", "Boolean"), Variable(guid(608), "Age", "Integer"),
         Variable(guid(609), "Sector", "Text", "qcode attribute type: choice")]  # qcode's own

    def val(n: int, value) -> VariableValue:
        return VariableValue(guid(n), value)

    records = [*v, Case(guid(700), "Ministry experts",
                        (val(601, "official"), val(604, date(2024, 3, 1)),
                         val(605, datetime(2024, 3, 1)), val(606, datetime(2024, 3, 1, 9, 30)),
                         val(607, True), val(608, 40)), (E07, E08)),
               source(E07, "E07", values=(val(602, 12), val(603, 2.5), val(608, "forty"))),
               source(E08, "E08", values=(val(601, "adviser"), val(602, None), val(603, 3.0),
                                          val(609, "public")))]
    report = load(project, records)
    with project.reading() as s:
        types = dict(s.execute(select(Attribute.name, Attribute.type)).all())
        values = {(d, a): v for d, a, v in s.execute(
            select(Document.name, Attribute.name, DocumentAttribute.value)
            .join(Document, Document.id == DocumentAttribute.document_id)
            .join(Attribute, Attribute.id == DocumentAttribute.attribute_id))}
    assert types == {"Role": "text", "Years": "number", "Score": "number", "Met": "date",
                     "Day": "date", "When": "text", "Consented": "choice", "Age": "text",
                     "Sector": "choice"}
    assert values == {
        ("E07", "Role"): "official", ("E08", "Role"): "adviser",
        ("E07", "Years"): "12", ("E07", "Score"): "2.5", ("E08", "Score"): "3",
        ("E08", "Sector"): "public",
        ("E07", "Met"): "2024-03-01", ("E08", "Met"): "2024-03-01",
        ("E07", "Day"): "2024-03-01", ("E08", "Day"): "2024-03-01",
        ("E07", "When"): "2024-03-01T09:30:00", ("E08", "When"): "2024-03-01T09:30:00",
        ("E07", "Consented"): "true", ("E08", "Consented"): "true",
        ("E07", "Age"): "forty", ("E08", "Age"): "40"}
    assert report.attribute_values == len(values)
    assert report.differences == (
        "'E08': 'Role' is given as 'official' and as 'adviser'; kept 'adviser'",
        "variable 'Age' is declared Integer but holds 'forty': imported as text",
        "'E07': 'Age' is given as '40' and as 'forty'; kept 'forty'")


def test_what_qcode_cannot_keep_is_reported_as_skipped(project):
    set_skipped = Skipped("set 'Experts'", "qcode has no sets")
    records = [User(AMAL, "Amal"), *codebook(), set_skipped,
               source(E07, "E07", "short text",
                      sel(1, 0, 5, TRUST, user=AMAL), sel(2, 0, 99, TRUST, user=AMAL),
                      sel(3, 0, 5, TRUST, user=AMAL), sel(4, 6, 10, user=AMAL))]
    report = load(project, records)
    assert [c[5] for c in codings_of(project)] == ["short"]
    assert report.skipped[0] == set_skipped
    whats = [s.what for s in report.skipped[1:]]
    assert whats == [f"selection {guid(2)} in 'E07'", f"coding {guid(1030)} in 'E07'",
                     f"selection {guid(4)} in 'E07'"]  # whole GUIDs: prefixes may be shared
    lines = report.lines()[-3:]
    assert all(line.startswith("  skipped ") and line.count("skipped") == 1 for line in lines)
    assert report.line().endswith("; 4 skipped")


def test_a_taken_coding_guid_gets_a_fresh_uuid_and_it_is_said(project):
    records = [User(AMAL, "Amal"), *codebook(), source(E07, "E07", TEXT, Selection(
        guid(1), 0, 11, (Coding(guid(5), TRUST, AMAL), Coding(guid(5), CRED, AMAL),
                         Coding("not-a-guid", POLICY, AMAL))))]
    report = load(project, records)
    uuids = [c[6] for c in codings_of(project)]
    assert uuids[0] == guid(5) and len(set(uuids)) == 3
    assert report.differences == (f"2 codings kept with a new uuid: another coding has its "
                                  f"GUID, or it is no GUID ({guid(5)}, not-a-guid)",)


def test_each_coding_keeps_when_it_was_made_in_utc(project):
    """The coding's own time, else its selection's; a time with an offset is kept in UTC;
    a coding the file gives no time is made now."""
    made = datetime(2019, 3, 4, 5, 6, 7, tzinfo=UTC)
    selected = datetime(2018, 1, 2, 3, 4, 5)
    cairo = datetime(2020, 6, 1, 12, 0, 0, tzinfo=timezone(timedelta(hours=2)))
    records = [User(AMAL, "Amal"), *codebook(), source(
        E07, "E07", TEXT,
        Selection(guid(1), 0, 11, (Coding(guid(11), TRUST, AMAL, made),
                                   Coding(guid(12), CRED, AMAL)), created=selected),
        Selection(guid(2), 13, 15, (Coding(guid(21), TRUST, AMAL, cairo),)),
        Selection(guid(3), 16, 19, (Coding(guid(31), POLICY, AMAL),)))]
    before = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    load(project, records)
    with project.reading() as s:
        times = dict(s.execute(select(CodingRow.uuid, CodingRow.created_at)).all())
    assert times[guid(11)] == datetime(2019, 3, 4, 5, 6, 7)
    assert times[guid(12)] == selected
    assert times[guid(21)] == datetime(2020, 6, 1, 10, 0, 0)
    assert times[guid(31)] >= before


def test_derived_counts_are_fresh_after_a_load_bigger_than_a_batch(project):
    text = " ".join(f"w{i}" for i in range(5000))
    first = tuple(Selection(guid(10_000 + i), i, i + 7 + i % 5,
                            (Coding(guid(100_000 + i), (TRUST, CRED, POLICY)[i % 3], AMAL),))
                  for i in range(20_050))
    again = (Selection(guid(9), 3, 30, (Coding(guid(100_000), TRUST, AMAL),)),)  # a taken guid
    records = [User(AMAL, "Amal"), *codebook(), source(E07, "E07", text, *first),
               source(E08, "E08", text, *again)]
    report = load(project, records)
    assert report.codings == 20_051
    assert len({c[6] for c in codings_of(project)}) == 20_051
    assert_tables_match_codings(project)
    assert_rollup_matches_codings(project)


def test_cancelling_leaves_the_project_unchanged(project):
    before = counts(project)
    seen: list[str] = []

    def progress(done: int, total: int, label: str) -> bool:
        seen.append(label)
        return label != "E08"

    records = [*codebook(), source(E07, "E07", TEXT, sel(1, 0, 11, TRUST)),
               source(E08, "E08", TEXT), source(guid(9), "E09", TEXT)]
    with pytest.raises(Cancelled):
        load(project, records, progress=progress)
    assert seen == ["E07", "E08"]
    assert counts(project) == before


@pytest.mark.parametrize(("records", "message"), [
    ([Code(TRUST, "Trust"), Code(TRUST.lower(), "Again")],
     f"two codes have the GUID {TRUST.lower()}"),
    ([source(E07, "E07"), source(E07.upper(), "E07 again")],
     f"two sources have the GUID {E07.upper()}"),
    ([Code(CRED, "Credibility", parent_guid=TRUST)],
     f"code 'Credibility' names a parent code {TRUST} that is not in the codebook (or comes "
     "after it)"),
])
def test_a_file_that_contradicts_itself_is_refused_in_one_line(project, records, message):
    before = counts(project)
    with pytest.raises(InputError) as caught:
        load(project, records)
    assert str(caught.value) == f"study.qdpx: {message}"
    assert counts(project) == before


def test_a_code_the_project_has_by_guid_takes_the_file_s_codings(project):
    with project.transaction() as s:  # the codebook came first, from a .qdc
        s.add(CodeRow(name="Trust", colour="#336699", uuid=TRUST.strip("{}").lower()))
    report = load(project, [User(AMAL, "Amal"), *codebook(),
                            source(E07, "E07", TEXT, sel(1, 38, 63, TRUST, user=AMAL))])
    assert [c[:2] for c in codings_of(project)] == [("E07", "Trust")]
    with project.reading() as s:
        assert sorted(code_paths(s).values()) == ["Policy", "Trust", "Trust/Credibility"]
    assert report.codes == 2
    assert report.differences == (
        "code 'Trust': the file's colour #bcbd22 differs from #336699; kept",
        "code 'Trust': the file's description 'Whom people rely on' differs from the "
        "project's (none); kept")


def test_a_code_the_project_has_by_path_under_another_guid_is_that_code(project):
    """A tool that mints new GUIDs on every export: the codebook imported first from its .qdc
    and the .qdpx name the same codes differently; the paths match them, nothing is doubled."""
    with project.transaction() as s:
        s.add(CodeRow(name="Trust", colour="#bcbd22", uuid="0ddc0de0-0000-4000-8000-000000000001"))
    report = load(project, [User(AMAL, "Amal"), *codebook(),
                            source(E07, "E07", TEXT, sel(1, 38, 63, CRED, user=AMAL))])
    with project.reading() as s:
        assert sorted(code_paths(s).values()) == ["Policy", "Trust", "Trust/Credibility"]
    assert [c[:2] for c in codings_of(project)] == [("E07", "Trust/Credibility")]
    assert report.codes == 2 and report.renamed == ()
    assert report.differences == (
        "code 'Trust': the file's description 'Whom people rely on' differs from the "
        "project's (none); kept",)


def test_the_project_takes_the_file_s_name_and_empty_texts_are_said(project):
    report = load(project, [*codebook(), source(E07, "E07"), source(E08, "E08", ""),
                            ProjectFacts(name="  E-government in\tLibya ", origin="Tool 1")])
    with project.reading() as s:
        name = s.scalar(select(ProjectInfo.value).where(ProjectInfo.key == "name"))
    assert name == "E-government in Libya"
    assert report.differences == (
        "1 document(s) arrived with no text (the file holds none for them): 'E08'",)


def test_times_that_are_no_times_are_not_kept(project):
    """0001-01-01 (.NET's "no date") and a time its offset moves past the year 9999: the
    coding is made now and the project keeps its own time, and nothing fails."""
    records = [User(AMAL, "Amal"), *codebook(), source(
        E07, "E07", TEXT,
        Selection(guid(1), 0, 11, (Coding(guid(11), TRUST, AMAL, datetime(1, 1, 1)),)),
        Selection(guid(2), 13, 15, (Coding(guid(21), TRUST, AMAL, datetime.fromisoformat(
            "9999-12-31T23:30:00-01:00")),))),
        ProjectFacts("Study", created=datetime.fromisoformat("0001-01-01T00:00:00+01:00"))]
    with project.reading() as s:
        made = s.get(ProjectInfo, "created_at").value
    before = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    load(project, records)
    with project.reading() as s:
        assert s.get(ProjectInfo, "created_at").value == made
        times = s.scalars(select(CodingRow.created_at)).all()
    assert len(times) == 2 and all(t >= before for t in times)

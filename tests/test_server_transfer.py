"""``qcode server push`` and ``pull``: a project file uploaded whole into a prepared database
and copied back down, every row as it was (ids, uuids, coders, memos, turns, versions)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from qcode.analysis import MatrixOptions, build_matrix
from qcode.cli.main import main
from qcode.errors import Cancelled, NotAllowed, ProjectError
from qcode.models import Base, Coding, ProjectInfo, SpeakerTurn
from qcode.ops.attributes import define_attribute, set_attribute_value
from qcode.ops.codings import add_coding
from qcode.ops.document_text import replace_document_text
from qcode.project import Project
from qcode.server.transfer import push
from qcode.server.transfer_pull import pull
from qcode.server.transfer_tables import ORDER
from qcode.server.url import parse
from tests.factories import add_code, add_coder, add_doc
from tests.team_server import team  # noqa: F401 - the fixture

ARABIC = "المقابلة الأولى: الثقة في الوزارة ضعيفة.\nالمحاور: لماذا؟\nالخبير: الميزانية قليلة."
ENGLISH = "Interviewer: How is trust?\nExpert: Trust in the ministry is low, budgets too."


def small_study(path: Path) -> Path:
    """Two documents (one Arabic, one with an earlier text), a code tree, codings by two
    coders, memos, attributes and speaker turns."""
    with Project.create(path, name="Small study") as project, project.transaction() as s:
        first = add_doc(s, "E01", ARABIC)
        second = add_doc(s, "E02", "Interviewer: How is trust?\nExpert: Low.")
        replace_document_text(s, document_id=second, text=ENGLISH)
        s.add_all([SpeakerTurn(document_id=first, speaker="المحاور", start=42, end=58),
                   SpeakerTurn(document_id=first, speaker="الخبير", start=58, end=len(ARABIC),
                               timestamp=83.5)])
        trust = add_code(s, "Trust")
        low = add_code(s, "Low trust", parent_id=trust, colour="#aa0000")
        budget = add_code(s, "الميزانية")
        amira, omar = add_coder(s, "amira"), add_coder(s, "Omar (file)")
        for doc, code, coder, start, end in ((first, trust, amira, 10, 30),
                                             (first, low, omar, 15, 40),
                                             (first, budget, amira, 66, len(ARABIC)),
                                             (second, low, omar, 28, 60),
                                             (second, trust, amira, 0, 26)):
            add_coding(s, document_id=doc, code_id=code, coder_id=coder, start=start, end=end,
                       memo="ملاحظة" if code == budget else "")
        role = next(iter(define_attribute(s, name="role", type="text").attributes))
        years = next(iter(define_attribute(s, name="years", type="number").attributes))
        set_attribute_value(s, document_id=first, attribute_id=role, value="مدير")
        set_attribute_value(s, document_id=second, attribute_id=years, value="12")
        s.get(ProjectInfo, "memo").value = "A memo for the whole project"
    return path


def file_rows(path: Path) -> dict[str, list[tuple]]:
    with Project.open(path, readonly=True) as project, project.reading() as s:
        return every_row(s)


def server_rows(url: str) -> dict[str, list[tuple]]:
    with Project.open(url, readonly=True) as project, project.reading() as s:
        return every_row(s)


def every_row(s) -> dict[str, list[tuple]]:
    """Every table's rows through the ORM (so stored forms read alike), in key order."""
    out = {}
    for name in (*ORDER, "project_info"):
        table = Base.metadata.tables[name]
        out[name] = [tuple(r) for r in s.execute(
            table.select().order_by(*table.primary_key.columns))]
    return out


def matrix(location: str | Path) -> tuple:
    with Project.open(location, readonly=True) as project, project.reading() as s:
        m = build_matrix(s, MatrixOptions(measure="words", rollup=True))
        return m.values, m.row_totals


def without_members(rows: dict[str, list[tuple]], extra: set[str]) -> dict[str, list[tuple]]:
    """The rows, the coders the server added for its members left out."""
    return {**rows, "coders": [r for r in rows["coders"] if r[1] not in extra]}


def test_push_keeps_every_row_and_pull_brings_them_back(team, tmp_path):  # noqa: F811
    source = small_study(tmp_path / "small.qcode")
    name = team.project()
    owner = team.url(name)
    report = push(source, parse(owner)[0])
    assert report.rows["codings"] == 5 and "5 codings by 2 coders" in report.line()

    before, after = file_rows(source), server_rows(owner)
    members = {"owner", "lead", "omar", "reader"}  # amira is a coder of the file already
    assert without_members(after, members) == before
    assert {r[1] for r in after["coders"]} == members | {"amira", "Omar (file)"}
    assert matrix(owner) == matrix(source)

    with Project.open(team.url(name, "amira")) as project:  # the sequences go on after the ids
        with project.transaction() as s:
            coder = s.scalar(text("SELECT id FROM coders WHERE name = 'amira'"))
            add_coding(s, document_id=1, code_id=1, coder_id=coder, start=0, end=5)
        with project.reading() as s:
            assert s.scalar(text("SELECT max(id) FROM codings")) == 6

    copy = tmp_path / "copy.qcode"
    pulled = pull(parse(team.url(name, "amira"))[0], copy)
    assert pulled.rows["codings"] == 6
    copied = file_rows(copy)
    info = dict(copied.pop("project_info"))
    assert info.pop("server_origin") == parse(team.url(name, "amira"))[0].display()
    assert info.pop("server_login") == "amira"
    on_server = server_rows(owner)
    assert info == dict(on_server.pop("project_info"))
    # a file keeps a coding's time to the second (models.types); the server to the microsecond
    on_server["codings"] = [(*r[:-1], r[-1].replace(microsecond=0)) for r in on_server["codings"]]
    assert copied == on_server
    assert matrix(copy) == matrix(owner)


def test_push_refuses_a_database_that_is_not_fresh_or_not_prepared(team, tmp_path):  # noqa: F811
    source = small_study(tmp_path / "small.qcode")
    name = team.project()
    push(source, parse(team.url(name))[0])
    with pytest.raises(ProjectError, match="already holds a project; push goes into a freshly"):
        push(source, parse(team.url(name))[0])

    empty = team.empty_database()
    with pytest.raises(ProjectError, match="not a qcode project.*server init"):
        push(source, parse(team.url(empty))[0])

    foreign = team.empty_database()
    team.superuser_sql(foreign, "CREATE TABLE invoices (id int)")
    with pytest.raises(ProjectError, match="not a qcode project"):
        push(source, parse(team.url(foreign))[0])

    with pytest.raises(NotAllowed, match="only the database's owner"):
        push(source, parse(team.url(team.project(), "lead"))[0])


def test_push_refuses_a_file_that_is_no_project_or_from_a_newer_qcode(team, tmp_path):  # noqa: F811
    junk = tmp_path / "notes.qcode"
    junk.write_text("not a database")
    name = team.project()
    with pytest.raises(ProjectError, match="notes.qcode"):
        push(junk, parse(team.url(name))[0])
    newer = small_study(tmp_path / "newer.qcode")
    with sqlite3.connect(newer) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()
    with pytest.raises(ProjectError, match="newer.qcode: written by a newer version of qcode"):
        push(newer, parse(team.url(name))[0])
    assert server_rows(team.url(name))["documents"] == []


def keys_and_triggers(url: str) -> tuple[list, list, list]:
    """The indexes, constraints and enabled triggers of the database (a push drops and
    disables some of them while it loads)."""
    with Project.open(url, readonly=True) as project, project.reading() as s:
        return (s.execute(text("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' "
                               "ORDER BY 1")).all(),
                s.execute(text("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                               "WHERE connamespace = 'public'::regnamespace ORDER BY 1")).all(),
                s.execute(text("SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal "
                               "ORDER BY 1")).all())


def test_a_cancelled_push_leaves_the_database_as_init_left_it(team, tmp_path):  # noqa: F811
    source = small_study(tmp_path / "small.qcode")
    name = team.project()
    owner = team.url(name)
    fresh, fresh_keys = server_rows(owner), keys_and_triggers(owner)
    with pytest.raises(Cancelled):
        push(source, parse(owner)[0],
             progress=lambda done, total, label: label != "codings")
    assert server_rows(owner) == fresh
    assert keys_and_triggers(owner) == fresh_keys
    push(source, parse(owner)[0])  # and it still takes the push, keys made again as they were
    assert server_rows(owner)["codings"] == file_rows(source)["codings"]
    assert keys_and_triggers(owner) == fresh_keys


def test_pull_refuses_an_existing_file_and_a_failed_pull_leaves_none(team, tmp_path):  # noqa: F811
    name = team.project()
    existing = tmp_path / "there.qcode"
    existing.write_text("mine")
    with pytest.raises(ProjectError, match="there.qcode: a file of that name already exists"):
        pull(parse(team.url(name))[0], existing)
    assert existing.read_text() == "mine"

    target = tmp_path / "copy.qcode"
    with pytest.raises(Cancelled):
        pull(parse(team.url(name))[0], target, progress=lambda done, total, label: False)
    assert not target.exists() and list(tmp_path.iterdir()) == [existing]

    with pytest.raises(ProjectError):  # not a member: refused before anything is made
        pull(parse(team.url(name, "stranger"))[0], target)
    assert not target.exists()


def test_cli_push_and_pull(team, tmp_path, capsys):  # noqa: F811
    source = small_study(tmp_path / "small.qcode")
    name = team.project()
    assert main(["server", "push", str(source), team.url(name)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("pushed small.qcode to ") and "5 codings" in out[0]

    assert main(["server", "push", str(source), team.url(name)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "already holds a project" in err[0]

    copy = tmp_path / "copy.qcode"
    assert main(["server", "pull", team.url(name, "reader"), str(copy)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("pulled ") and "5 codings" in out[0]
    with Project.open(copy, readonly=True) as project, project.reading() as s:
        assert s.query(Coding).count() == 5

    assert main(["server", "pull", team.url(name, "reader"), str(copy)]) == 1
    assert "already exists" in capsys.readouterr().err

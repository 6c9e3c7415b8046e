"""Bringing an offline copy back: ``qcode merge URL copy.qcode`` into a server project, as the
login role (a coder brings their own codings; others' are reported, never dropped silently)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from qcode.cli.main import main
from qcode.models import Code, Coding
from qcode.ops.codings import add_coding
from qcode.project import Project
from qcode.server.transfer_pull import pull
from qcode.server.url import parse
from tests.factories import add_code, add_doc
from tests.team_server import team  # noqa: F401 - the fixture

TEXT = "الثقة في الوزارة ضعيفة. Trust in the ministry is low; the budget is small."


def coder_id(s, name: str) -> int:
    return s.scalar(text("SELECT id FROM coders WHERE name = :n"), {"n": name})


def code(url_or_path: str | Path, coder: str, spans: list[tuple[int, int]],
         code_name: str = "Trust", memo: str = "") -> None:
    with Project.open(url_or_path) as project, project.transaction() as s:
        code_id = s.scalar(text("SELECT id FROM codes WHERE name = :n"), {"n": code_name})
        for start, end in spans:
            add_coding(s, document_id=1, code_id=code_id, coder_id=coder_id(s, coder),
                       start=start, end=end, memo=memo)


def server_codings(url: str) -> list[tuple]:
    with Project.open(url, readonly=True) as project, project.reading() as s:
        return s.execute(text(
            'SELECT c.start, c."end", k.name, r.name, c.memo FROM codings c '
            "JOIN codes k ON k.id = c.code_id JOIN coders r ON r.id = c.coder_id "
            'ORDER BY c.start, c."end", k.name, r.name')).all()


def merge(url: str, copy: Path, capsys) -> list[str]:
    assert main(["merge", url, str(copy)]) == 0
    return capsys.readouterr().out.strip().splitlines()


def pulled_by_amira(team, tmp_path: Path) -> tuple[str, str, Path]:  # noqa: F811
    """A project with E01 and the code Trust, and amira's pulled copy of it."""
    name = team.project()
    lead, amira = team.url(name, "lead"), team.url(name, "amira")
    with Project.open(lead) as project, project.transaction() as s:
        add_doc(s, "E01", TEXT)
        add_code(s, "Trust")
    copy = tmp_path / "amira.qcode"
    pull(parse(amira)[0], copy)
    return lead, amira, copy


def test_an_offline_copy_comes_back_as_its_coder_with_nothing_twice(team, tmp_path, capsys):  # noqa: F811
    name = team.project()
    lead, amira, omar = (team.url(name, role) for role in ("lead", "amira", "omar"))
    with Project.open(lead) as project, project.transaction() as s:
        add_doc(s, "E01", TEXT)
        add_code(s, "Trust")
    code(amira, "amira", [(0, 5)])
    copy = tmp_path / "amira.qcode"
    pull(parse(amira)[0], copy)

    code(copy, "amira", [(6, 15), (24, 29)], memo="offline note")  # offline, in the copy
    with Project.open(copy) as project, project.transaction() as s:
        s.add(Code(name="Budget", colour="#00aa00"))
    code(copy, "amira", [(60, 66)], code_name="Budget")
    code(copy, "omar", [(30, 40)])  # someone else's coding typed into amira's copy
    code(omar, "omar", [(6, 15), (41, 50)])  # meanwhile on the server
    before = server_codings(lead)

    lines = merge(amira, copy, capsys)
    assert "codings 3 added, 1 matched" in lines[0], lines
    assert not any("not a copy of this project" in line for line in lines), lines
    assert any("1 coding by omar not brought" in line for line in lines), lines
    after = server_codings(lead)
    assert len(after) == len(set(after)) == len(before) + 3
    assert set(after) - set(before) == {(6, 15, "Trust", "amira", "offline note"),
                                        (24, 29, "Trust", "amira", "offline note"),
                                        (60, 66, "Budget", "amira", "")}
    assert (6, 15, "Trust", "omar", "") in after  # both coders' codings of one passage kept

    lines = merge(amira, copy, capsys)  # a second merge adds nothing
    assert "codings 0 added, 4 matched" in lines[0], lines
    assert server_codings(lead) == after

    lines = merge(lead, copy, capsys)  # a lead may bring the other coder's coding
    assert "codings 1 added" in lines[0], lines
    assert (30, 40, "Trust", "omar", "") in server_codings(lead)
    with Project.open(lead, readonly=True) as project, project.reading() as s:
        assert s.query(Coding).count() == len(after) + 1


def test_a_coder_does_not_bring_documents_attributes_or_codebook_memos(team, tmp_path,  # noqa: F811
                                                                       capsys):
    lead, amira, copy = pulled_by_amira(team, tmp_path)
    with Project.open(copy) as project, project.transaction() as s:
        add_doc(s, "E02", "A document imported offline.")
        s.get(Code, 1).memo = "Trust: a new memo written offline"
    with Project.open(copy) as project, project.transaction() as s:
        add_coding(s, document_id=2, code_id=1, coder_id=coder_id(s, "amira"), start=0, end=10)

    lines = merge(amira, copy, capsys)
    assert "documents 0 added, 1 matched, 1 in conflict" in lines[0], lines
    assert any("E02 is not in this project and only a lead adds documents" in line
               for line in lines), lines
    assert any("1 memo of codes differ" in line for line in lines), lines
    with Project.open(lead, readonly=True) as project, project.reading() as s:
        assert s.get(Code, 1).memo == ""
        assert s.query(Coding).count() == 0

    lines = merge(lead, copy, capsys)  # the lead brings them
    assert "documents 1 added" in lines[0] and "codings 1 added" in lines[0], lines
    with Project.open(lead, readonly=True) as project, project.reading() as s:
        assert s.get(Code, 1).memo == "Trust: a new memo written offline"


def test_a_file_that_is_no_copy_of_the_project_is_said(team, tmp_path, capsys):  # noqa: F811
    name = team.project()
    with Project.create(tmp_path / "other.qcode") as project, project.transaction() as s:
        add_doc(s, "E01", TEXT)
    lines = merge(team.url(name, "lead"), tmp_path / "other.qcode", capsys)
    assert any("other.qcode: not a copy of this project" in line for line in lines), lines
    assert "documents 1 added" in lines[0], lines


def test_a_pulled_copy_codes_as_the_login_it_was_pulled_as(team, tmp_path, capsys):  # noqa: F811
    """In the copy the CLI codes as the pulled login (not the computer's user), so the merge
    brings those codings back without any alias."""
    lead, amira, copy = pulled_by_amira(team, tmp_path)
    assert main(["coding", "add", str(copy), "--doc", "E01", "--code", "Trust",
                 "--start", "0", "--end", "5"]) == 0
    capsys.readouterr()
    lines = merge(amira, copy, capsys)
    assert "codings 1 added" in lines[0], lines
    assert server_codings(lead) == [(0, 5, "Trust", "amira", "")]


def test_codings_under_a_name_that_is_no_login_are_reported_with_the_way_to_bring_them(
        team, tmp_path, capsys):  # noqa: F811
    lead, amira, copy = pulled_by_amira(team, tmp_path)
    with Project.open(copy) as project, project.transaction() as s:
        s.execute(text("INSERT INTO coders(uuid, name, created_at) "
                       "SELECT 'x' || uuid, 'laptop-user', created_at FROM coders LIMIT 1"))
    code(copy, "laptop-user", [(0, 5)])
    lines = merge(amira, copy, capsys)
    said = next(line for line in lines if "by laptop-user not brought" in line)
    assert "--coder-alias laptop-user=YOUR_LOGIN" in said
    assert main(["merge", amira, str(copy), "--coder-alias", "laptop-user=amira"]) == 0
    assert server_codings(lead) == [(0, 5, "Trust", "amira", "")]

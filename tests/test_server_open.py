"""A server project opens from its URL wherever a file path is accepted, as the login role."""

from __future__ import annotations

import pytest

from qcode.errors import NotAllowed, ProjectError, QcodeError
from qcode.ops.codings import add_coding
from qcode.project import Project
from tests.factories import add_code, add_doc
from tests.team_server import team  # noqa: F401 - the fixture


def test_a_coder_opens_the_project_by_url_and_codes_as_their_login(team):  # noqa: F811
    name = team.project()
    with Project.open(team.url(name, "lead")) as lead, lead.transaction() as s:
        doc_id = add_doc(s, "E01", "Trust in the ministry is low.")
        code_id = add_code(s, "Trust")
    with Project.open(team.url(name, "amira")) as project:
        assert project.on_server and project.rights == "coder" and project.login == "amira"
        with project.transaction() as s:
            from qcode.ops.coders import coder_id_named

            coder_id = coder_id_named(s, "amira")
            add_coding(s, document_id=doc_id, code_id=code_id, coder_id=coder_id,
                       start=0, end=5)
        with project.reading() as s:
            from sqlalchemy import text

            rows = s.execute(text("SELECT c.name FROM codings JOIN coders c "
                                  "ON c.id = codings.coder_id")).scalars().all()
    assert rows == ["amira"]


def test_a_reader_opens_read_only_and_a_stranger_is_told_plainly(team):  # noqa: F811
    name = team.project()
    with Project.open(team.url(name, "reader")) as project:
        assert project.readonly
    with pytest.raises((NotAllowed, ProjectError), match="stranger"):
        Project.open(team.url(name, "stranger"))


def test_an_empty_database_is_no_project(team):  # noqa: F811
    name = team.empty_database()
    with pytest.raises(ProjectError, match="not a qcode project.*server init"):
        Project.open(team.url(name, "owner"))


def test_cli_commands_take_the_url_where_they_take_a_file(team, capsys):  # noqa: F811
    from qcode.cli.main import main

    name = team.project()
    url = team.url(name, "lead")
    with Project.open(url) as lead, lead.transaction() as s:
        add_doc(s, "E07", "الثقة في الحكومة الإلكترونية")
    assert main(["docs", url]) == 0
    assert "E07" in capsys.readouterr().out
    for command in (["backups", url], ["new", url]):
        assert main(command) == 1
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "server" in err, err


def test_an_unreachable_server_is_one_line(tmp_path, capsys):
    from qcode.cli.main import main

    assert main(["docs", f"postgresql://amira@/study?host={tmp_path}"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("qcode: study on ") and "cannot be reached" in err
    assert len(err.splitlines()) == 1


def test_grant_refuses_a_superuser_and_a_schema_it_does_not_write(team):  # noqa: F811
    from qcode.server import admin
    from qcode.server.url import parse

    name = team.project(members={})
    owner = parse(team.url(name, "owner"))[0]
    with pytest.raises(QcodeError, match="qcode is a superuser of the server"):
        admin.grant(owner, "qcode", "reader")  # the cluster's superuser
    team.superuser_sql(name, "UPDATE alembic_version SET version_num = '0099_future'")
    with pytest.raises(ProjectError, match="newer version of qcode"):
        admin.grant(owner, "amira", "coder")


def test_a_role_granted_under_a_pushed_coders_name_is_told_it_takes_their_codings(team):  # noqa: F811
    from qcode.ops.coders import coder_id_named
    from qcode.server import admin
    from qcode.server.url import parse

    name = team.project(members={"lead": "lead"})
    with Project.open(team.url(name, "lead")) as lead, lead.transaction() as s:
        doc_id = add_doc(s, "E01", "Trust in the ministry is low.")
        code_id = add_code(s, "Trust")
        add_coding(s, document_id=doc_id, code_id=code_id, coder_id=coder_id_named(s, "lead"),
                   start=0, end=5)
    # as a pushed file brings them: a coder named omar, with a coding, before omar is a member
    team.superuser_sql(name, "UPDATE coders SET name = 'omar' WHERE name = 'lead'")
    owner = parse(team.url(name, "owner"))[0]
    said = admin.grant(owner, "omar", "coder")
    assert said.endswith("(1 coding already under the name omar is now theirs)")
    assert "already under" not in admin.grant(owner, "omar", "reader")  # a member already

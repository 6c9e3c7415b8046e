"""A server project opens from its URL wherever a file path is accepted, as the login role."""

from __future__ import annotations

import pytest

from qcode.errors import NotAllowed, ProjectError
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

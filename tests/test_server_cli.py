"""The lead's CLI on a server project (``qcode server init | grant | revoke | members``), and
the coder of every CLI write being the login role (``--coder`` or a coder column naming
someone else refused in one line)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from qcode.cli.main import main
from qcode.errors import NotAllowed, ProjectError
from qcode.ops.codebook_create import create_code
from qcode.project import Project
from tests.factories import add_doc
from tests.team_server import team  # noqa: F401 - the fixture

TEXT = "Trust in the ministry is low. Fear is high."


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def codings_of(team, name: str) -> list[tuple[str, int, int]]:  # noqa: F811
    with Project.open(team.url(name, "owner")) as p, p.reading() as s:
        return [tuple(r) for r in s.execute(text(
            "SELECT c.name, g.start, g.\"end\" FROM codings g JOIN coders c "
            "ON c.id = g.coder_id ORDER BY g.id")).all()]


def test_init_grant_members_revoke_through_the_cli(team, capsys):  # noqa: F811
    name = team.empty_database()
    owner = team.url(name, "owner")
    code, out, _ = run(capsys, "server", "init", owner, "--name", "Ministry study")
    assert code == 0 and out.strip() == f"created a qcode project in {name} on " \
                                         f"{team.server.folder}"
    code, out, _ = run(capsys, "server", "init", owner)  # again: harmless, and it says so
    assert code == 0 and "already a current qcode project" in out and out.count("\n") == 1

    code, out, _ = run(capsys, "server", "grant", owner, "amira", "--as", "coder")
    assert code == 0 and out.strip().startswith(f"amira is now a coder on {name}")
    run(capsys, "server", "grant", owner, "reader", "--as", "reader")
    code, out, _ = run(capsys, "server", "members", owner, "--json")
    members = {m["role"]: m["rights"] for m in json.loads(out)}
    assert members == {"owner": "lead", "amira": "coder", "reader": "reader"}
    code, out, _ = run(capsys, "server", "members", team.url(name, "amira"))
    assert code == 0 and out.splitlines()[0].split()[:2] == ["owner", "lead"]
    assert ["amira", "coder"] in [line.split()[:2] for line in out.splitlines()]

    with Project.open(team.url(name, "amira")) as p:
        assert p.rights == "coder" and p.info()["name"] == "Ministry study"
    code, out, _ = run(capsys, "server", "grant", owner, "amira", "--as", "reader")
    assert code == 0
    with Project.open(team.url(name, "amira")) as p:  # the new rights replaced the old
        assert p.rights == "reader" and p.readonly
        with pytest.raises(NotAllowed, match="amira may not add codes"), p.transaction() as s:
            create_code(s, name="Hope")

    code, out, _ = run(capsys, "server", "revoke", owner, "amira")
    assert code == 0 and out.strip() == f"amira is no longer a member of {name} on " \
                                         f"{team.server.folder}"
    with pytest.raises(NotAllowed, match="amira is not a member"):
        Project.open(team.url(name, "amira"))
    code, out, _ = run(capsys, "server", "revoke", owner, "amira")
    assert code == 0 and "nothing to revoke" in out


def test_a_stranger_cannot_even_connect(team):  # noqa: F811
    name = team.project()
    with pytest.raises(NotAllowed, match="stranger is not a member of this project"):
        Project.open(team.url(name, "stranger"))
    engine = team.engine(name, "stranger")
    try:
        with pytest.raises(OperationalError, match="permission denied for database"):
            engine.connect()
    finally:
        engine.dispose()


def test_init_refuses_someone_elses_tables_and_a_non_owner(team, capsys):  # noqa: F811
    name = team.empty_database()
    team.superuser_sql(name, "CREATE TABLE payroll (id int)")
    code, out, err = run(capsys, "server", "init", team.url(name, "owner"))
    assert code != 0 and out == ""
    assert "already holds tables that are not a qcode project" in one_line(err)
    team.superuser_sql(name, "DROP TABLE payroll")
    code, _, err = run(capsys, "server", "init", team.url(name, "lead"))
    assert code != 0 and "only the database's owner runs init (you are lead)" in one_line(err)
    with pytest.raises(ProjectError, match="not a qcode project"):  # nothing was made
        Project.open(team.url(name, "owner"))


def test_grant_and_revoke_are_the_owners_and_name_real_roles(team, capsys):  # noqa: F811
    name = team.project()
    code, _, err = run(capsys, "server", "grant", team.url(name, "lead"), "omar", "--as", "lead")
    assert code != 0 and "only the database's owner grants rights" in one_line(err)
    code, _, err = run(capsys, "server", "revoke", team.url(name, "amira"), "omar")
    assert code != 0 and "only the database's owner revokes rights" in one_line(err)
    code, _, err = run(capsys, "server", "grant", team.url(name), "nobody", "--as", "coder")
    assert code != 0 and "the server has no role 'nobody'" in one_line(err)
    code, _, err = run(capsys, "server", "grant", team.url(name), "owner", "--as", "reader")
    assert code != 0 and "owner owns the database and is always its lead" in one_line(err)
    code, _, err = run(capsys, "server", "members", team.url(name, "stranger"))
    assert code != 0 and "stranger is not a member" in one_line(err)


@pytest.fixture
def coded(team) -> str:  # noqa: F811
    name = team.project()
    with Project.open(team.url(name, "lead")) as p, p.transaction() as s:
        add_doc(s, "E01", TEXT)
        create_code(s, name="Trust")
    return name


def test_coding_add_codes_as_the_login_and_refuses_another_coder(team, capsys, coded):  # noqa: F811
    amira = team.url(coded, "amira")
    base = ("coding", "add", amira, "--doc", "E01", "--code", "Trust", "--start", "0",
            "--end", "5")
    code, out, err = run(capsys, *base, "--coder", "omar")
    assert code != 0 and out == ""
    assert one_line(err).endswith("on a server you code as your login (amira); leave out "
                                  "--coder omar")
    assert codings_of(team, coded) == []
    code, out, _ = run(capsys, *base)
    assert code == 0 and codings_of(team, coded) == [("amira", 0, 5)]
    code, out, _ = run(capsys, *base[:-4], "--start", "6", "--end", "9", "--coder", "amira")
    assert code == 0 and codings_of(team, coded)[-1] == ("amira", 6, 9)
    # --coder as a filter of a read (which coding to remove) stays
    code, out, _ = run(capsys, "coding", "remove", amira, "--doc", "E01", "--code", "Trust",
                       "--start", "0", "--end", "5", "--coder", "amira")
    assert code == 0 and codings_of(team, coded) == [("amira", 6, 9)]


def test_importing_codings_refuses_a_coder_column_naming_someone_else(team, capsys, coded,  # noqa: F811
                                                                     tmp_path):
    csv = tmp_path / "codings.csv"
    csv.write_text("document,code,start,end,coder\nE01,Trust,0,5,amira\nE01,Fear,6,9,omar\n",
                   encoding="utf-8")
    amira = team.url(coded, "amira")
    code, out, err = run(capsys, "coding", "import", amira, str(csv))
    assert code != 0 and out == ""
    assert "codings.csv: its coder column names omar; on the server" in one_line(err)
    assert one_line(err).endswith("you code as your login (amira): leave the column out or empty")
    code, _, err = run(capsys, "coding", "import", amira, str(csv), "--coder", "omar")
    assert code != 0 and "codings.csv" in one_line(err)
    assert codings_of(team, coded) == []
    csv.write_text("document,code,start,end,coder\nE01,Trust,0,5,\nE01,Fear,6,9,amira\n",
                   encoding="utf-8")
    code, out, _ = run(capsys, "coding", "import", amira, str(csv))
    assert code == 0 and out.strip() == "imported 2 codings"
    assert codings_of(team, coded) == [("amira", 0, 5), ("amira", 6, 9)]


def test_autocode_codes_as_the_login(team, capsys, coded):  # noqa: F811
    amira = team.url(coded, "amira")
    code, out, err = run(capsys, "autocode", amira, "ministry", "--code", "State",
                         "--coder", "omar")
    assert code != 0 and "leave out --coder omar" in one_line(err)
    code, out, _ = run(capsys, "autocode", amira, "ministry", "--code", "State")
    assert code == 0 and "as amira" in out
    assert codings_of(team, coded) == [("amira", 13, 21)]

"""What a member with ``psql`` may not write on a server project, though the privileges let
them write the table: a code under itself, a name with '/', a coding past the end of its
text, ids ahead of the sequence, the derived tables' rebuild mark; and what the app does with
a loop in a codebook, a bad notification, and two codes added at the same moment."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from qcode.errors import NotAllowed
from qcode.models import Coder
from qcode.ops.codebook_create import create_code
from qcode.ops.coders import coder_id_named
from qcode.ops.codings import add_coding
from qcode.project import Project
from qcode.queries import code_path, code_paths, descendant_ids
from qcode.server import admin
from qcode.server.url import parse
from qcode.server.watch import Notice, Watcher, notice_from_payload
from tests.factories import add_doc
from tests.team_server import soon, team  # noqa: F401 - the fixture

TEXT = "Trust in the ministry is low. Fear is high."  # 43 characters


@pytest.fixture(scope="module")
def seeded(team) -> tuple[str, int, int]:  # noqa: F811
    name = team.project()
    with Project.open(team.url(name, "lead")) as lead, lead.transaction() as s:
        doc = add_doc(s, "E01", TEXT)
        trust = next(iter(create_code(s, name="Trust").codes))
        add_coding(s, document_id=doc, code_id=trust, coder_id=coder_id_named(s, "lead"),
                   start=0, end=5)
    return name, doc, trust


@pytest.fixture(scope="module")
def sql(team, seeded) -> Iterator:  # noqa: F811
    engines: dict[str, object] = {}

    def run(role: str, *statements: str, **params) -> None:
        """``statements`` as ``role`` in one transaction, rolled back (every test acts on the
        same world)."""
        if role not in engines:
            engines[role] = team.engine(seeded[0], role)
        with engines[role].connect() as conn:  # type: ignore[attr-defined]
            try:
                for statement in statements:
                    conn.execute(text(statement), {k: v for k, v in params.items()
                                                   if f":{k}" in statement})
            finally:
                conn.rollback()

    yield run
    for engine in engines.values():
        engine.dispose()  # type: ignore[attr-defined]


def _refused(run, role: str, statement: str | tuple[str, ...], said: str, **params) -> None:
    with pytest.raises(DBAPIError) as refused:
        run(role, *((statement,) if isinstance(statement, str) else statement), **params)
    assert refused.value.orig.sqlstate == "42501", str(refused.value.orig)
    assert said in str(refused.value.orig)


_CODE = ("INSERT INTO codes(id, parent_id, name, colour, description, position, memo, uuid, "
         "created_at) VALUES (nextval('codes_id_seq'), {parent}, :name, '#000000', '', 9, '', "
         "gen_random_uuid()::text, now())")
_CODING = ("INSERT INTO codings({id}document_id, code_id, coder_id, start, \"end\", version, "
           "memo, uuid, created_at) VALUES ({value}:doc, :code, qcode_login_coder(), :start, "
           ":end, :version, '', gen_random_uuid(), now())")


# -- 1. a loop in the codebook ------------------------------------------------------------------

@pytest.mark.parametrize("role", ["amira", "lead", "owner"])
def test_a_code_under_itself_is_refused(sql, seeded, role):
    _refused(sql, role, _CODE.format(parent="currval('codes_id_seq')"), "under itself",
             name="Loop")


def test_a_code_moved_under_itself_or_its_child_is_refused(sql, seeded):
    _refused(sql, "lead", "UPDATE codes SET parent_id = id WHERE id = :trust", "under itself",
             trust=seeded[2])
    _refused(sql, "lead", (_CODE.format(parent=":trust"), "UPDATE codes SET parent_id = "
             "currval('codes_id_seq') WHERE id = :trust"), "under itself", name="Child",
             trust=seeded[2])


def _looped_file(tmp_path) -> str:
    """A project file whose codebook holds a loop (A under B under A) and a code under
    itself, as an outside tool or an old server could leave it."""
    path = tmp_path / "loop.qcode"
    with Project.create(path) as project, project.transaction() as s:
        doc = add_doc(s, "E01", TEXT)
        a = next(iter(create_code(s, name="A").codes))
        b = next(iter(create_code(s, name="B", parent_id=a).codes))
        c = next(iter(create_code(s, name="C").codes))
        coder = Coder(name="me")
        s.add(coder)
        s.flush()
        add_coding(s, document_id=doc, code_id=b, coder_id=coder.id, start=0, end=5)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE codes SET parent_id = ? WHERE id = ?", (b, a))
        conn.execute("UPDATE codes SET parent_id = id WHERE id = ?", (c,))
    return str(path)


def test_the_app_reads_a_looped_codebook_without_hanging(tmp_path):
    path = _looped_file(tmp_path)
    with Project.open(path) as project, project.reading() as s:
        ids = dict(s.execute(text("SELECT name, id FROM codes")).all())
        paths = code_paths(s)
        assert sorted(paths.values()) == ["A", "A/B", "C"]  # each loop cut at its first code
        assert code_path(s, ids["C"]) == "C"
        assert sorted(descendant_ids(s, ids["A"])) == [ids["B"]]


@pytest.mark.parametrize(("command", "options"), [
    (["codes"], []),
    (["coding", "add"], ["--doc", "E01", "--code", "A/B", "--start", "6", "--end", "8"])])
def test_cli_commands_on_a_looped_codebook_end(tmp_path, command, options):
    path = _looped_file(tmp_path)
    try:
        done = subprocess.run([sys.executable, "-m", "qcode", *command, path, *options],
                              capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"qcode {' '.join(command)} hung on a looped codebook")
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    if command == ["codes"]:  # each loop cut where it closes: every code listed once
        assert [line.split()[0] for line in done.stdout.splitlines()] == ["A", "B", "C"]


# -- 2. ids ---------------------------------------------------------------------------------------

_NEXT = "(SELECT coalesce(pg_sequence_last_value('{seq}'), 0) + 1), "


@pytest.mark.parametrize("role", ["amira", "lead"])
def test_a_member_may_not_choose_the_next_id(sql, seeded, role):
    _, doc, trust = seeded
    _refused(sql, role, _CODING.format(id="id, ", value=_NEXT.format(seq="codings_id_seq")),
             "may not choose ids", doc=doc, code=trust, start=6, end=10, version=1)
    _refused(sql, role, _CODE.replace("nextval('codes_id_seq')", _NEXT.format(
        seq="codes_id_seq")[:-2]).format(parent="NULL"), "may not choose ids", name="Mine")


def test_a_noinherit_member_of_the_owner_may_not_choose_ids(team, seeded):  # noqa: F811
    """The guard sees the owner as the app does (``members.is_owner``): a role that belongs
    to the owner role without inheriting its rights (NOINHERIT) is a member like another."""
    name, doc, trust = seeded
    team.superuser_sql("postgres", 'CREATE ROLE "sly" LOGIN NOINHERIT')
    team.superuser_sql("postgres", 'GRANT "owner" TO "sly"')
    admin.grant(parse(team.url(name))[0], "sly", "coder")
    engine = team.engine(name, "sly")
    try:
        with pytest.raises(DBAPIError) as refused, engine.connect() as conn:
            conn.execute(text(_CODING.format(id="id, ", value=_NEXT.format(
                seq="codings_id_seq"))), {"doc": doc, "code": trust, "start": 6, "end": 10,
                                          "version": 1})
        assert "may not choose ids" in str(refused.value.orig)
    finally:
        engine.dispose()
        admin.revoke(parse(team.url(name))[0], "sly")


def test_an_old_id_may_come_back_and_the_owner_chooses_ids(team, seeded, sql):  # noqa: F811
    """Undo puts a deleted coding back under its id; push (the owner) copies ids."""
    _, doc, trust = seeded
    sql("amira", "WITH gone AS (" + _CODING.format(id="", value="") +
        " RETURNING id) SELECT 1", doc=doc, code=trust, start=6, end=10, version=1)
    sql("amira", "WITH gone AS (DELETE FROM codings WHERE coder_id = qcode_login_coder() "
        "RETURNING *) INSERT INTO codings SELECT * FROM gone")
    sql("owner", _CODING.format(id="id, ", value="1000000, "), doc=doc, code=trust, start=6,
        end=10, version=1)


# -- 3. derived tables ---------------------------------------------------------------------------

@pytest.mark.parametrize("mark", ["INSERT INTO rollup_rebuild VALUES (1)",
                                  "INSERT INTO coverage_stale VALUES (:code, :doc)",
                                  "INSERT INTO document_stale VALUES (:doc)",
                                  "INSERT INTO rollup_stale_codes VALUES (:code)"])
def test_a_coder_may_not_ask_everyone_for_a_rebuild(sql, seeded, mark):
    params = {k: v for k, v in (("doc", seeded[1]), ("code", seeded[2])) if f":{k}" in mark}
    with pytest.raises(DBAPIError) as refused:
        sql("amira", mark, **params)
    assert refused.value.orig.sqlstate == "42501"


def test_a_coders_coding_still_refreshes_the_derived_tables(team, seeded):  # noqa: F811
    name, doc, trust = seeded
    with Project.open(team.url(name, "amira")) as p:
        with p.transaction() as s:
            add_coding(s, document_id=doc, code_id=trust, coder_id=coder_id_named(s, "amira"),
                       start=30, end=34)
        with p.reading() as s:
            stale = s.execute(text("SELECT (SELECT count(*) FROM coverage_stale) + "
                                   "(SELECT count(*) FROM document_stale)")).scalar()
            totals = s.execute(text("SELECT codings FROM code_totals WHERE code_id = :c"),
                               {"c": trust}).scalar()
            codings = s.execute(text("SELECT count(*) FROM codings WHERE code_id = :c"),
                                {"c": trust}).scalar()
    assert stale == 0 and totals == codings >= 2


# -- 5. codes added at the same moment ----------------------------------------------------------

def test_two_coders_adding_codes_at_once_leave_the_codebook_usable(team):  # noqa: F811
    name = team.project()
    with Project.open(team.url(name, "amira")) as amira, \
            Project.open(team.url(name, "omar")) as omar:
        with amira.transaction() as a, omar.transaction() as o:
            create_code(a, name="Hope")
            create_code(o, name="Doubt")
        with amira.reading() as s:
            places = s.execute(text("SELECT position FROM codes")).scalars().all()
        assert len(set(places)) == 1  # the two share a place
        with amira.transaction() as s:
            create_code(s, name="Later")
        with omar.transaction() as s:
            create_code(s, name="Later still", position=0)
        with amira.reading() as s:
            names = s.execute(text("SELECT name FROM codes ORDER BY position, id")).scalars()
            assert list(names)[0] == "Later still"
        with pytest.raises(NotAllowed), omar.transaction() as s:
            s.execute(text("UPDATE codes SET name = 'Faith' WHERE name = 'Hope'"))


# -- 6. spans and names --------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["amira", "lead"])
def test_a_coding_past_the_end_of_its_text_is_refused(sql, seeded, role):
    _, doc, trust = seeded
    statement = _CODING.format(id="", value="")
    _refused(sql, role, statement, "goes past the end of 'E01' (43 characters)", doc=doc,
             code=trust, start=40, end=99999999, version=1)
    _refused(sql, role, (statement, "UPDATE codings SET \"end\" = 44 WHERE coder_id = "
                         "qcode_login_coder()"), "past the end", doc=doc, code=trust, start=40,
             end=43, version=1)
    _refused(sql, role, statement, "has no version 7", doc=doc, code=trust, start=0, end=5,
             version=7)
    sql(role, statement, doc=doc, code=trust, start=40, end=43, version=1)


def test_a_coding_on_an_earlier_text_is_measured_against_that_text(team, sql, seeded):  # noqa: F811
    name, doc, trust = seeded
    team.superuser_sql(name, f"INSERT INTO document_versions(document_id, version, text, "
                             f"created_at) VALUES ({doc}, 0, 'Short.', now())")
    statement = _CODING.format(id="", value="")
    sql("amira", statement, doc=doc, code=trust, start=0, end=6, version=0)
    _refused(sql, "amira", statement, "(6 characters)", doc=doc, code=trust, start=0, end=7,
             version=0)


@pytest.mark.parametrize(("role", "statement"), [
    ("amira", _CODE.format(parent="NULL")),
    ("lead", "UPDATE codes SET name = :name WHERE name = 'Trust'"),
])
def test_a_code_name_with_a_slash_is_refused(sql, seeded, role, statement):
    _refused(sql, role, statement, "cannot contain '/'", name="Capacity building/Training")
    _refused(sql, role, statement, "line breaks", name="Two\nlines")
    _refused(sql, role, statement, "needs a name", name="  ")


# -- 4. notifications anyone may send --------------------------------------------------------

@pytest.mark.parametrize("payload", [
    '{"t":"codings","d":[{"x":1}]}', '{"t":"codings","d":[1,"2"]}', '{"t":"codes","c":[true]}',
    '{"t":"codings","d":[[1]]}', '[1]', '"x"', '{"t":1}', 'null', '{"t":"codings","d":{"x":1}}',
])
def test_a_bad_payload_asks_for_everything_again(payload):
    assert notice_from_payload(payload).whole


def test_coding_ids_that_are_not_ids_are_left_out():
    notice = notice_from_payload('{"t":"codings","d":[1],"c":[2],"k":["x"]}')
    assert notice == Notice(documents=frozenset({1}), codes=frozenset({2}))


def test_a_readers_bad_notification_does_not_end_live_updates(team, seeded):  # noqa: F811
    name, doc, trust = seeded
    watcher = Watcher(parse(team.url(name, "amira"))[0])
    seen: list[Notice] = []
    thread = threading.Thread(target=lambda: seen.extend(
        e for e in watcher.events() if isinstance(e, Notice)), daemon=True)
    thread.start()
    try:
        assert watcher.listening.wait(10)
        reader = team.engine(name, "reader", isolation_level="AUTOCOMMIT")
        with reader.connect() as conn:
            conn.exec_driver_sql("""NOTIFY qcode_changes, '{"t":"codings","d":[{"x":1}]}'""")
        reader.dispose()
        soon(lambda: seen)
        assert seen and seen[0].whole
        with Project.open(team.url(name, "omar")) as p, p.transaction() as s:
            add_coding(s, document_id=doc, code_id=trust, coder_id=coder_id_named(s, "omar"),
                       start=10, end=12)
        soon(lambda: len(seen) > 1)
        assert thread.is_alive() and len(seen) > 1 and seen[-1].documents == {doc}
    finally:
        watcher.stop()
        thread.join(5)

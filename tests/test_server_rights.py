"""The rights matrix of a server project: every action x every role, through the app's ops and
through raw SQL as that role, enforced by PostgreSQL itself (a refusal is an error, never a
silent no-op). One failing row names the missing or excess right.

Roles: ``reader``; ``amira`` (a coder acting on her own coding); ``omar`` (a coder acting on
amira's coding); ``lead``; ``owner`` (owns the database). Every action runs in a transaction
that is rolled back, so all rows act on the same world.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from qcode.derived.coverage import refresh_coverage
from qcode.errors import NotAllowed
from qcode.importers.base import ImportedDocument
from qcode.models import Coder
from qcode.ops.attributes import define_attribute, set_attribute_value
from qcode.ops.codebook import delete_code
from qcode.ops.codebook_create import create_code
from qcode.ops.codebook_fields import recolour_code, rename_code, set_code_memo
from qcode.ops.codings import add_coding, remove_codings, set_coding_memo
from qcode.ops.documents import (
    add_documents,
    remove_documents,
    set_document_memo,
    set_project_memo,
)
from qcode.project import Project
from qcode.server import admin, rights
from qcode.server.url import parse
from tests.factories import add_doc
from tests.team_server import team  # noqa: F401 - the fixture

ROLES = ("reader", "amira", "omar", "lead", "owner")
LEADS = {"lead", "owner"}
WRITERS = {"amira", "omar", "lead", "owner"}
OWN = {"amira", "lead", "owner"}  # may change amira's coding


@dataclass(frozen=True)
class World:
    name: str
    trust: int
    fear: int
    doc: int
    other_doc: int
    attribute: int
    amiras_coding: int
    omars_coding: int
    amira: int
    omar: int


@pytest.fixture(scope="module")
def world(team) -> World:  # noqa: F811
    name = team.project()
    with Project.open(team.url(name, "lead")) as lead, lead.transaction() as s:
        doc = add_doc(s, "E01", "Trust in the ministry is low. Fear is high.")
        other_doc = add_doc(s, "E02", "Nobody answered.")
        trust, fear = (next(iter(create_code(s, name=n).codes)) for n in ("Trust", "Fear"))
        attribute = define_attribute(s, name="region", type="text").attributes
        ids = dict(s.execute(select(Coder.name, Coder.id)).all())
    for coder, (start, end) in (("amira", (0, 5)), ("omar", (30, 34))):
        with Project.open(team.url(name, coder)) as p, p.transaction() as s:
            add_coding(s, document_id=doc, code_id=trust if coder == "amira" else fear,
                       coder_id=ids[coder], start=start, end=end)
    with Project.open(team.url(name, "lead")) as lead, lead.reading() as s:
        coding = dict(s.execute(text("SELECT coder_id, id FROM codings")).all())
    return World(name, trust, fear, doc, other_doc, next(iter(attribute)), coding[ids["amira"]],
                 coding[ids["omar"]], ids["amira"], ids["omar"])


# -- through the app's ops ----------------------------------------------------------------------

@contextmanager
def rolled_back(project: Project) -> Iterator[Session]:
    """What ``project.transaction()`` does (the op, then the derived tables' refresh, with
    PostgreSQL failures as plain errors), rolled back instead of committed."""
    session = Session(project.engine)
    try:
        with project.plain_errors():
            session.begin()
            yield session
            refresh_coverage(session)
    finally:
        session.rollback()
        session.close()


def _own_coder(s: Session) -> int:
    return s.execute(text("SELECT id FROM coders WHERE name = session_user")).scalar_one()


def _new_document(s: Session, w: World) -> None:
    add_documents(s, documents=[ImportedDocument(
        name="E03", text="New words.", original_filename="E03.txt", sha256="0" * 64,
        direction="ltr", turns=(), format="txt")])


OPS: dict[str, tuple[Callable[[Session, World], object], set[str]]] = {
    "add a code": (lambda s, w: create_code(s, name="Hope"), WRITERS),
    "rename a code": (lambda s, w: rename_code(s, code_id=w.trust, name="Faith"), LEADS),
    "recolour a code": (lambda s, w: recolour_code(s, code_id=w.trust, colour="#112233"),
                        LEADS),
    "delete a code": (lambda s, w: delete_code(s, code_id=w.fear), LEADS),
    "edit a code's memo": (lambda s, w: set_code_memo(s, code_id=w.trust, memo="m"), LEADS),
    "add a document": (_new_document, LEADS),
    "delete a document": (lambda s, w: remove_documents(s, document_ids=[w.other_doc]),
                          LEADS),
    "edit a document's memo": (lambda s, w: set_document_memo(s, document_id=w.doc, memo="m"),
                               LEADS),
    "define an attribute": (lambda s, w: define_attribute(s, name="age", type="number"),
                            LEADS),
    "set an attribute": (lambda s, w: set_attribute_value(
        s, document_id=w.doc, attribute_id=w.attribute, value="north"), LEADS),
    "edit the project memo": (lambda s, w: set_project_memo(s, memo="m"), LEADS),
    "code as oneself": (lambda s, w: add_coding(
        s, document_id=w.doc, code_id=w.trust, coder_id=_own_coder(s), start=6, end=10),
        WRITERS),
    "code in amira's name": (lambda s, w: add_coding(
        s, document_id=w.doc, code_id=w.fear, coder_id=w.amira, start=6, end=10), OWN),
    "edit the memo of amira's coding": (lambda s, w: set_coding_memo(
        s, coding_id=w.amiras_coding, memo="why"), OWN),
    "delete amira's coding": (lambda s, w: remove_codings(
        s, coding_ids=[w.amiras_coding]), OWN),
}

OP_CASES = [pytest.param(action, role, role in OPS[action][1], id=f"{action}-{role}")
            for action in OPS for role in ROLES]


@pytest.fixture(scope="module")
def projects(team, world) -> Iterator[dict[str, Project]]:  # noqa: F811
    opened = {role: Project.open(team.url(world.name, role)) for role in ROLES}
    yield opened
    for project in opened.values():
        project.close()


@pytest.mark.parametrize(("action", "role", "allowed"), OP_CASES)
def test_an_op_is_done_or_refused_plainly(projects, world, action, role, allowed):
    op = OPS[action][0]
    if allowed:
        with rolled_back(projects[role]) as s:
            op(s, world)
        return
    with pytest.raises(NotAllowed) as refused, rolled_back(projects[role]) as s:
        op(s, world)
    message = str(refused.value)
    assert message.startswith(f"{world.name} on ") and "not allowed: " in message
    assert "\n" not in message and "SQL" not in message and "permission denied" not in message


# -- through raw SQL as that role ---------------------------------------------------------------

_CODING = ("INSERT INTO codings(document_id, code_id, coder_id, start, \"end\", version, memo, "
           "uuid, created_at) VALUES (:doc, :trust, {coder}, 6, 10, 1, '', gen_random_uuid(), "
           "now())")

SQL: dict[str, tuple[str, set[str]]] = {
    "read codings": ("SELECT count(*) FROM codings", set(ROLES)),
    "read members": ("SELECT count(*) FROM server_members", set(ROLES)),
    "add a code": ("INSERT INTO codes(name, colour, description, position, memo, uuid, "
                   "created_at) VALUES ('Hope', '#000000', '', 9, '', "
                   "gen_random_uuid()::text, now())", WRITERS),
    "rename a code": ("UPDATE codes SET name = 'Faith' WHERE id = :trust", LEADS),
    "recolour a code": ("UPDATE codes SET colour = '#000000' WHERE id = :trust", LEADS),
    "delete a code": ("DELETE FROM codes WHERE id = :fear", LEADS),
    "add a document": ("INSERT INTO documents(name, text, original_filename, sha256, "
                       "imported_at, direction, position, memo, version, uuid, created_at) "
                       "VALUES ('E09', 'x', '', '', now(), 'ltr', 9, '', 1, "
                       "gen_random_uuid()::text, now())", LEADS),
    "change a document": ("UPDATE documents SET memo = 'm' WHERE id = :doc", LEADS),
    "delete a document": ("DELETE FROM documents WHERE id = :other", LEADS),
    "set an attribute": ("INSERT INTO document_attributes(document_id, attribute_id, value) "
                         "VALUES (:doc, :attribute, 'north')", LEADS),
    "edit the project": ("UPDATE project_info SET value = 'x' WHERE key = 'memo'", LEADS),
    "code as oneself": (_CODING.format(coder="qcode_login_coder()"), WRITERS),
    "code in amira's name": (_CODING.format(coder=":amira"), OWN),
    "move amira's coding": ("UPDATE codings SET start = 1 WHERE id = :coding", OWN),
    "hand amira's coding to omar": ("UPDATE codings SET coder_id = :omar WHERE id = :coding",
                                    LEADS),
    "delete amira's coding": ("DELETE FROM codings WHERE id = :coding", OWN),
    "take omar's coding as amira": ("UPDATE codings SET coder_id = :amira WHERE id = :omars",
                                    LEADS),
    "delete every coding": ("DELETE FROM codings", LEADS),
    "mark a cache stale": ("INSERT INTO coverage_stale VALUES (:trust, :doc) "
                           "ON CONFLICT DO NOTHING", LEADS),
    "ask for a whole rebuild": ("INSERT INTO rollup_rebuild VALUES (1) ON CONFLICT DO NOTHING",
                                LEADS),
    "choose a coding's id": (_CODING.replace("(document_id", "(id, document_id").replace(
        "VALUES (", "VALUES (pg_sequence_last_value('codings_id_seq') + 1, "
        ).format(coder="qcode_login_coder()"), {"owner"}),
    "add a coder": ("INSERT INTO coders(name, uuid, created_at) VALUES ('zoe', "
                    "gen_random_uuid()::text, now())", {"owner"}),
    "rename a coder": ("UPDATE coders SET name = 'x' WHERE id = :omar", {"owner"}),
    "promote a member": ("UPDATE server_members SET rights = 'lead' WHERE role = 'amira'",
                         {"owner"}),
    "add a member": ("INSERT INTO server_members(role, rights) VALUES ('stranger', 'lead')",
                     {"owner"}),
    "create a table": ("CREATE TABLE mine (x int)", {"owner"}),
    "create a temporary table": ("CREATE TEMP TABLE coders (id int, name text)", {"owner"}),
    "switch the trigger off": ("ALTER TABLE codings DISABLE TRIGGER codings_rights_delete",
                               {"owner"}),
    "switch every trigger off": ("SET session_replication_role = replica", set()),
}

SQL_CASES = [pytest.param(action, role, role in SQL[action][1], id=f"{action}-{role}")
             for action in SQL for role in ROLES]


@pytest.fixture(scope="module")
def engines(team, world) -> Iterator[dict]:  # noqa: F811
    made = {role: team.engine(world.name, role) for role in ROLES}
    yield made
    for engine in made.values():
        engine.dispose()


def _run_sql(engine, statement: str, world: World) -> int:
    params = dict(trust=world.trust, fear=world.fear, doc=world.doc, other=world.other_doc,
                  attribute=world.attribute, coding=world.amiras_coding, omars=world.omars_coding,
                  amira=world.amira,
                  omar=world.omar)
    used = {k: v for k, v in params.items() if f":{k}" in statement}
    with engine.connect() as conn:
        try:
            result = conn.execute(text(statement), used)
            return result.rowcount
        finally:
            conn.rollback()


@pytest.mark.parametrize(("action", "role", "allowed"), SQL_CASES)
def test_raw_sql_is_done_or_refused_with_42501(engines, world, action, role, allowed):
    statement = SQL[action][0]
    if allowed:
        rows = _run_sql(engines[role], statement, world)
        assert rows != 0 or statement.startswith(("CREATE", "ALTER", "SET"))  # never skipped
        return
    with pytest.raises(DBAPIError) as refused:
        _run_sql(engines[role], statement, world)
    assert refused.value.orig.sqlstate == "42501", str(refused.value.orig)


REFUSALS = [
    ("delete amira's coding", "omar", "not allowed: omar is a coder: a coder may delete only "
                                      "their own codings (this one is amira's)"),
    ("edit the memo of amira's coding", "omar", "not allowed: omar may add and change only "
                                                "their own codings"),
    ("code in amira's name", "omar", "not allowed: omar may add and change only their own "
                                     "codings (a coder codes as themselves)"),
    ("rename a code", "amira", "not allowed: amira is a coder: a coder may add codes but not "
                               "rename, recolour or move them"),
    ("add a document", "amira", "not allowed: amira may not add documents on this project "
                                "(ask its lead for the rights)"),
    ("code as oneself", "reader", "not allowed: reader may not add codings on this project"),
    ("edit the project memo", "amira", "not allowed: amira may not change the project's name "
                                       "and memo on this project"),
]


@pytest.mark.parametrize(("action", "role", "said"), REFUSALS)
def test_a_refusal_says_who_and_why(projects, world, action, role, said):
    with pytest.raises(NotAllowed) as refused, rolled_back(projects[role]) as s:
        OPS[action][0](s, world)
    assert said in str(refused.value)


def test_every_table_has_its_rights(engines):
    """A table a migration adds must be placed in rights.py (else members cannot use it)."""
    with engines["owner"].connect() as conn:
        tables = set(conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    assert tables == {*rights.CONTENT, *rights.DERIVED, *rights.OWNER_ONLY}


def _totals(team, name: str) -> list[tuple]:  # noqa: F811
    with Project.open(team.url(name, "owner")) as p, p.reading() as s:
        return [tuple(r) for r in s.execute(text(
            "SELECT code_id, document_id, codings, characters, words FROM code_totals "
            "ORDER BY 1, 2")).all()]


def test_rerunning_init_and_grant_is_harmless_and_repairs_spoilt_caches(team):  # noqa: F811
    name = team.project()
    with Project.open(team.url(name, "lead")) as lead, lead.transaction() as s:
        doc = add_doc(s, "E01", "Trust in the ministry is low.")
        trust = next(iter(create_code(s, name="Trust").codes))
    with Project.open(team.url(name, "amira")) as p, p.transaction() as s:
        add_coding(s, document_id=doc, code_id=trust, coder_id=_own_coder(s), start=0, end=5)
    right = _totals(team, name)
    amira = team.engine(name, "amira")
    try:  # a coder can write the caches through psql (they refresh them in the app) ...
        with amira.begin() as conn:
            conn.execute(text("UPDATE code_totals SET codings = 999"))
    finally:
        amira.dispose()
    assert _totals(team, name) != right
    owner = parse(team.url(name, "owner"))[0]
    assert "rights were renewed and its derived tables rebuilt" in admin.init(owner)
    assert admin.grant(owner, "amira", "coder").startswith("amira is now a coder")
    assert _totals(team, name) == right  # ... and the owner's init puts them right again
    with Project.open(team.url(name, "amira")) as p:
        assert p.rights == "coder"
        with p.transaction() as s:
            add_coding(s, document_id=doc, code_id=trust, coder_id=_own_coder(s), start=6,
                       end=8)
        with pytest.raises(NotAllowed), p.transaction() as s:
            rename_code(s, code_id=trust, name="Faith")

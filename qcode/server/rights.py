"""Rights on a server project, enforced by PostgreSQL itself, so that an analyst connecting
with ``psql`` can do no more than in the app.

- The database: nobody but members connects (``CONNECT`` per member, nothing for PUBLIC, so no
  temporary tables either: a temporary ``coders`` table could otherwise shadow ours in a
  function's search path).
- Schema ``public``: nobody but the owner creates tables. PostgreSQL 15 already leaves PUBLIC
  only USAGE there. On PostgreSQL 14 the schema belongs to the bootstrap superuser and PUBLIC
  may create in it; the database's owner cannot take that away (the REVOKE only warns), so a
  member could add tables of their own beside ours (never touch ours). ``init`` then says so
  and names the one line the server's administrator runs (:func:`public_may_create`).
- Tables, by rights (:data:`WRITES`): a reader reads; a coder also adds codes (the trigger
  ``codes_rights`` lets a coder name a code being added and renumber codes' places, nothing
  more) and adds, changes and deletes codings; a lead writes every content table. Nobody but
  the owner writes ``coders``, ``server_members`` or ``alembic_version``.
- Codings, row by row: a coder's codings are their own. Row-level security checks a new or
  changed row (its coder is the login's coders row, or the login is a lead): a coding made or
  handed over in another's name is refused (42501, "new row violates row-level security
  policy", which :mod:`qcode.server.errors` says plainly). A USING clause would silently skip
  others' rows on UPDATE and DELETE, so the policies let every row through and the statement
  triggers ``codings_rights_update`` / ``_delete`` refuse, with a plain message and SQLSTATE
  42501, a coder's statement that changed or deleted a coding not theirs (the whole statement
  is undone). Only the table's owner could drop them.

What members may not write even where the privileges let them (a code under itself, a
code name with '/', a coding past the end of its text, ids ahead of the sequences) is refused
by the triggers of :mod:`qcode.server.guards`.

The derived tables. The stale marks (``coverage_stale``, ``document_stale``,
``rollup_stale_codes``, ``rollup_rebuild``) are made by the codings' and codes' triggers,
which run as the database's owner (SECURITY DEFINER, :data:`MARKERS`): a coder may only read
and delete them (the refresh consumes them in the same transaction), so a coder cannot ask
every writer for a whole rebuild. The caches (``code_coverage``, ``document_coverage``,
``code_totals``, ``rollup_coverage``) are recomputed in Python by every writer in their own
transaction (:mod:`qcode.derived`), so a coder holds INSERT, UPDATE and DELETE on them.

What a member with ``psql`` can still spoil, and how the lead repairs it:

- A coder (or lead) can write wrong rows into the caches, or delete stale marks left
  uncommitted by nobody (a refresh consumes its marks before it commits, so there are none
  to lose in normal use). It shows as wrong counts, coverage and theme matrices (codings,
  codes and documents are untouched), until a later write of the same (code, document) puts
  those rows right. Repair: the owner runs ``qcode server init URL`` again, which rebuilds
  every derived table from the codings (:func:`qcode.server.admin.init`).
- A coder can change the ``position`` of any code (a coder's add renumbers the new code's
  siblings, and two codes added at the same moment may share a place), so the codebook's
  order may be shuffled. Nothing else of a code changes; a lead moves the codes back.
- Anyone with CONNECT may send a notification on the live-updates channel: open windows
  then read everything again (:mod:`qcode.server.watch`), nothing more.
- Two leads moving two codes under each other at the same moment can make a loop the
  guard does not see; the app cuts it (:func:`qcode.queries.without_loops`) and a lead
  moves one of the codes to where it belongs.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from qcode.server import guards

#: the tables qcode's schema has on a server, by who may write them
CONTENT = ("codes", "codings", "documents", "speaker_turns", "document_versions", "attributes",
           "document_attributes", "project_info")
#: the caches the refresh writes (:mod:`qcode.derived.sync`, :mod:`qcode.derived.rebuild`)
CACHES = ("code_coverage", "document_coverage", "code_totals", "rollup_coverage")
#: the stale marks: made by triggers (SECURITY DEFINER, :data:`MARKERS`), read and deleted
#: by the refresh
MARKS = ("coverage_stale", "document_stale", "rollup_stale_codes", "rollup_rebuild")
DERIVED = (*CACHES, *MARKS)
OWNER_ONLY = ("coders", "server_members", "alembic_version")

#: the migrations' trigger functions that mark derived rows stale: run as their owner, so
#: that no member needs INSERT on the marks
MARKERS = ("mark_coverage_stale", "mark_document_stale", "mark_rollup_stale_codes",
           "mark_rollup_rebuild")

_DML = "SELECT, INSERT, UPDATE, DELETE"

#: (privileges, table) beyond SELECT on every table, per rights. A lead keeps every right on
#: the marks: a lead's edit of a document's text and an import mark rows stale themselves
#: (:mod:`qcode.ops.document_text`, :mod:`qcode.exchange.load_codings`).
WRITES: dict[str, tuple[tuple[str, str], ...]] = {
    "reader": (),
    "coder": (("INSERT, UPDATE", "codes"), ("INSERT, UPDATE, DELETE", "codings"),
              *((_DML, table) for table in CACHES), *(("DELETE", table) for table in MARKS)),
    "lead": tuple((_DML, table) for table in (*CONTENT, *DERIVED)),
}

#: the sequences whose tables a rights' INSERTs need
SEQUENCES = {
    "reader": (),
    "coder": ("codes_id_seq", "codings_id_seq"),
    "lead": ("codes_id_seq", "codings_id_seq", "documents_id_seq", "attributes_id_seq",
             "speaker_turns_id_seq"),
}

#: Every name in these functions is schema-qualified, so a caller's search_path cannot lend
#: them other tables; members cannot create any (no CREATE on public, no TEMP). The two SQL
#: functions are plain (no SET clause) so that the planner inlines them into the policies: an
#: uncorrelated subquery runs once per statement, not once per row.
_FUNCTIONS = ("""
CREATE OR REPLACE FUNCTION public.qcode_login_coder() RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT id FROM public.coders WHERE name = session_user
$$""", """
CREATE OR REPLACE FUNCTION public.qcode_login_rights() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN pg_catalog.pg_has_role(session_user, d.datdba, 'USAGE') THEN 'lead'
                ELSE (SELECT m.rights FROM public.server_members m
                      WHERE m.role = session_user) END
    FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()
$$""", """
CREATE OR REPLACE FUNCTION public.qcode_codings_rights() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    rights text := public.qcode_login_rights();
    whose text;
BEGIN
    IF rights = 'lead' THEN
        RETURN NULL;
    END IF;
    SELECT c.name INTO whose FROM qcode_old_rows o JOIN public.coders c ON c.id = o.coder_id
    WHERE o.coder_id IS DISTINCT FROM public.qcode_login_coder() LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '% is a %: a coder may % only their own codings (this one is %''s)',
            session_user, coalesce(rights, 'non-member'),
            CASE TG_OP WHEN 'DELETE' THEN 'delete' ELSE 'change' END, whose
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$""")

#: after each statement (not each row: a lead's bulk write pays one call), the rows a coder's
#: UPDATE or DELETE touched must all have been their own
_CODINGS_TRIGGERS = {
    "codings_rights_update": "AFTER UPDATE ON codings REFERENCING OLD TABLE AS qcode_old_rows",
    "codings_rights_delete": "AFTER DELETE ON codings REFERENCING OLD TABLE AS qcode_old_rows",
}

#: A new code is inserted under a temporary name, ``#moving:<its uuid>``, and named at the end of
#: the same change (:func:`qcode.ops.codebook_patch.apply_code_patch_ids`, so that names can
#: swap places). So a coder holds UPDATE on codes, and this trigger lets a coder change only a
#: code still under its temporary name: one that exists only inside the transaction adding it
#: (their own new code); every code anyone else can see is refused, with a plain message.
_CODES_TRIGGER = """
CREATE OR REPLACE FUNCTION public.qcode_codes_rights() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    rights text := public.qcode_login_rights();
BEGIN
    IF rights = 'lead' OR OLD.name = '#moving:' || OLD.uuid THEN
        RETURN NEW;
    END IF;
    -- a coder's add renumbers the new code's siblings (two codes added at once may share a
    -- place): a change of place alone is let through
    IF rights = 'coder' AND to_jsonb(OLD) - '{position,row_version,changed_by}'::text[]
            = to_jsonb(NEW) - '{position,row_version,changed_by}'::text[] THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is a %: a coder may add codes but not rename, recolour or move them',
        session_user, coalesce(rights, 'non-member') USING ERRCODE = 'insufficient_privilege';
END
$$"""

_OWN_CODING = "public.qcode_login_rights() = 'lead' OR coder_id = public.qcode_login_coder()"

_POLICIES = (
    ("codings_read", "FOR SELECT USING (true)"),
    ("codings_add", f"FOR INSERT WITH CHECK ({_OWN_CODING})"),
    # USING (true): a coder's UPDATE or DELETE of another's coding must reach the triggers,
    # which refuse it out loud, instead of being skipped in silence
    ("codings_change", f"FOR UPDATE USING (true) WITH CHECK ({_OWN_CODING})"),
    ("codings_remove", "FOR DELETE USING (true)"),
)


def _quoted(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _database(conn: Connection) -> str:
    return _quoted(conn, conn.execute(text("SELECT current_database()")).scalar_one())


def install(conn: Connection) -> None:
    """What holds for every member, then each member's rights again (run by ``init`` as the
    database's owner; idempotent, and it renews the rights on tables a migration added)."""
    conn.execute(text(f"REVOKE ALL ON DATABASE {_database(conn)} FROM PUBLIC"))
    conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))  # a warning on 14
    conn.execute(text("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC"))
    conn.execute(text("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC"))
    for function in (*_FUNCTIONS, _CODES_TRIGGER):
        conn.execute(text(function))
    conn.execute(text("DROP TRIGGER IF EXISTS codes_rights ON codes"))
    conn.execute(text("CREATE TRIGGER codes_rights BEFORE UPDATE ON codes FOR EACH ROW "
                      "EXECUTE FUNCTION qcode_codes_rights()"))
    conn.execute(text("ALTER TABLE codings ENABLE ROW LEVEL SECURITY"))
    for name, rule in _POLICIES:
        conn.execute(text(f"DROP POLICY IF EXISTS {name} ON codings"))
        conn.execute(text(f"CREATE POLICY {name} ON codings {rule}"))
    for name, event in _CODINGS_TRIGGERS.items():
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON codings"))
        conn.execute(text(f"CREATE TRIGGER {name} {event} FOR EACH STATEMENT "
                          "EXECUTE FUNCTION qcode_codings_rights()"))
    for marker in MARKERS:
        conn.execute(text(f"ALTER FUNCTION public.{marker}() SECURITY DEFINER "
                          "SET search_path = public, pg_temp"))
    guards.install(conn)
    for role, rights in conn.execute(text("SELECT role, rights FROM server_members")).all():
        apply(conn, role, rights)


def public_may_create(conn: Connection) -> bool:
    """True when every role may still create tables in schema ``public`` (PostgreSQL 14, where
    only the schema's owner, a superuser, can take that away)."""
    return bool(conn.execute(text(
        "SELECT EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(n.nspacl) a "
        "WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE')"
    )).scalar())


def _take_away(conn: Connection, quoted: str) -> None:
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}"))
    conn.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {quoted}"))


def apply(conn: Connection, role: str, rights: str) -> None:
    """Give ``role`` the privileges of ``rights`` (reader, coder or lead), replacing any."""
    if rights not in WRITES:
        raise ValueError(f"unknown rights {rights!r}")
    quoted = _quoted(conn, role)
    _take_away(conn, quoted)
    conn.execute(text(f"GRANT CONNECT ON DATABASE {_database(conn)} TO {quoted}"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {quoted}"))
    conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {quoted}"))
    for privileges, table in WRITES[rights]:
        conn.execute(text(f"GRANT {privileges} ON {table} TO {quoted}"))
    for sequence in SEQUENCES[rights]:
        conn.execute(text(f"GRANT USAGE ON SEQUENCE {sequence} TO {quoted}"))


def revoke(conn: Connection, role: str) -> None:
    """Take every privilege of ``role`` on this database away (connecting included)."""
    quoted = _quoted(conn, role)
    _take_away(conn, quoted)
    conn.execute(text(f"REVOKE USAGE ON SCHEMA public FROM {quoted}"))
    conn.execute(text(f"REVOKE ALL ON DATABASE {_database(conn)} FROM {quoted}"))

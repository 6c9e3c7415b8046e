"""Checks PostgreSQL makes on what members write, so that ``psql`` cannot store what the app
refuses (installed by :func:`qcode.server.rights.install`, run by ``qcode server init``).

- ``codes``: a name follows the app's rule (:func:`qcode.names.check_name`: not blank, no
  ``/``, which separates a path's parts, no control characters), and no code is placed under
  itself or under one of its own descendants (a loop would leave the codebook without a
  top). This holds for everyone, the owner too. Two leads moving two codes under each other
  at the same moment can still make a loop; the app never walks one forever
  (:mod:`qcode.derived.tree`, :mod:`qcode.queries`).
- ``codings``: each new or changed coding lies within the text of its document's version
  (``version`` = the document's: its text; an earlier one: that row of
  ``document_versions``). One statement-level trigger per statement with a transition
  table: each touched (document, version) has its length computed once, so a bulk insert
  pays one join, not one call per row.
- Ids: a member may not choose an id past the one its sequence handed out last. Otherwise
  a coder inserting ``id = last + 1`` makes every other analyst's next add fail on the
  duplicate key. An id already handed out is still allowed: undo puts a deleted row back
  under its old id (the sequence never hands it out again, so nobody's add can meet it).
  Checked for every table with a sequence, once per statement.

The owner is left out of the coding and id checks: ``qcode server push`` copies a file's
rows with their ids (and sets the sequences after them) and is run by the owner alone.
Every refusal is SQLSTATE 42501 with a plain sentence (:mod:`qcode.server.errors`).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

#: the tables whose ids come from a sequence; a member may not run ahead of it
SEQUENCED = ("codes", "codings", "documents", "attributes", "speaker_turns")

#: the owner as :func:`qcode.server.members.is_owner` and the rights see it: a role that has
#: the owner's privileges (USAGE), not merely a NOINHERIT membership of the owner role
_IS_OWNER = """
CREATE OR REPLACE FUNCTION public.qcode_login_is_owner() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT pg_catalog.pg_has_role(session_user, d.datdba, 'USAGE')
    FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()
$$"""

#: a code's name and place; a loop is found walking up from the new parent (UNION, not
#: UNION ALL: a loop already there still ends the walk)
_CODES_GUARD = r"""
CREATE OR REPLACE FUNCTION public.qcode_codes_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF pg_catalog.btrim(NEW.name) = '' THEN
        RAISE EXCEPTION 'a code needs a name' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF pg_catalog.strpos(NEW.name, '/') > 0 THEN
        RAISE EXCEPTION 'a code name cannot contain ''/'': % (it separates parent and child '
            'in code paths)', pg_catalog.quote_literal(NEW.name)
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.name ~ '[\x01-\x1f\x7f-\x9f]' THEN
        RAISE EXCEPTION 'a code name cannot contain line breaks or tabs: %',
            pg_catalog.quote_literal(NEW.name) USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.parent_id IS NOT NULL AND (TG_OP = 'INSERT'
            OR NEW.parent_id IS DISTINCT FROM OLD.parent_id) THEN
        IF EXISTS (WITH RECURSIVE up(id) AS (
                       SELECT NEW.parent_id
                       UNION
                       SELECT c.parent_id FROM public.codes c JOIN up ON c.id = up.id
                       WHERE c.parent_id IS NOT NULL)
                   SELECT 1 FROM up WHERE up.id = NEW.id) THEN
            RAISE EXCEPTION 'a code cannot be placed under itself or under a code below it '
                '(code %)', NEW.id USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NEW;
END
$$"""

#: the one refusal of an id chosen past a sequence's last value (both guards below ask it)
_IDS_PAST = """
CREATE OR REPLACE FUNCTION public.qcode_refuse_ids_past(tbl text, seq regclass,
                                                        highest bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    handed bigint := coalesce(pg_catalog.pg_sequence_last_value(seq), 0);
BEGIN
    IF highest > handed THEN
        RAISE EXCEPTION '% may not choose ids: % id % is past the last one given out (%)',
            session_user, tbl, highest, handed
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$"""

#: ``qcode_new_rows``: the statement's new ids; none may be past the sequence's last value
_IDS_GUARD = """
CREATE OR REPLACE FUNCTION public.qcode_ids_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    highest bigint;
BEGIN
    IF public.qcode_login_is_owner() THEN
        RETURN NULL;
    END IF;
    EXECUTE 'SELECT max(id) FROM qcode_new_rows' INTO highest;
    PERFORM public.qcode_refuse_ids_past(TG_TABLE_NAME, pg_catalog.pg_get_serial_sequence(
        pg_catalog.quote_ident(TG_TABLE_SCHEMA) || '.' || pg_catalog.quote_ident(TG_TABLE_NAME),
        'id')::regclass, highest);
    RETURN NULL;
END
$$"""

#: every new or changed coding within its text: the furthest end per touched (document,
#: version), each text measured once (no join back to the statement's rows); and, for an
#: insert, the ids check. One call with static SQL (plans kept): the app's bulk insert runs a
#: statement per row (the driver's executemany), so this runs once per coding there.
_SPANS_GUARD = """
CREATE OR REPLACE FUNCTION public.qcode_codings_spans() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    bad record;
    highest bigint;
BEGIN
    IF public.qcode_login_is_owner() THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN  -- the ids check of the other tables, without dynamic SQL
        SELECT max(id) INTO highest FROM qcode_new_rows;
        PERFORM public.qcode_refuse_ids_past('codings', 'public.codings_id_seq'::regclass,
                                             highest);
    END IF;
    SELECT t.name, t.version, t.length, t.reach INTO bad FROM (
        SELECT d.name, r.version, r.reach,
               CASE WHEN d.version = r.version THEN pg_catalog.length(d.text)
                    ELSE (SELECT pg_catalog.length(v.text) FROM public.document_versions v
                          WHERE v.document_id = r.document_id AND v.version = r.version)
               END AS length
        FROM (SELECT document_id, version, max("end") AS reach FROM qcode_new_rows
              GROUP BY document_id, version) r
        JOIN public.documents d ON d.id = r.document_id) t
    WHERE t.length IS NULL OR t.reach > t.length
    LIMIT 1;
    IF FOUND THEN
        IF bad.length IS NULL THEN
            RAISE EXCEPTION 'document % has no version %', pg_catalog.quote_literal(bad.name),
                bad.version USING ERRCODE = 'insufficient_privilege';
        END IF;
        RAISE EXCEPTION 'a coding up to character % goes past the end of % (% characters)',
            bad.reach, pg_catalog.quote_literal(bad.name), bad.length
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END
$$"""

#: trigger name -> (table, what it is run on)
_TRIGGERS = {
    "codes_guard": ("codes", "BEFORE INSERT OR UPDATE OF name, parent_id ON codes "
                             "FOR EACH ROW EXECUTE FUNCTION public.qcode_codes_guard()"),
    "codings_spans_insert": ("codings", "AFTER INSERT ON codings REFERENCING NEW TABLE AS "
                                        "qcode_new_rows FOR EACH STATEMENT "
                                        "EXECUTE FUNCTION public.qcode_codings_spans()"),
    "codings_spans_update": ("codings", "AFTER UPDATE ON codings REFERENCING NEW TABLE AS "
                                        "qcode_new_rows FOR EACH STATEMENT "
                                        "EXECUTE FUNCTION public.qcode_codings_spans()"),
    **{f"{table}_ids": (table, f"AFTER INSERT ON {table} REFERENCING NEW TABLE AS "
                               "qcode_new_rows FOR EACH STATEMENT "
                               "EXECUTE FUNCTION public.qcode_ids_guard()")
       for table in SEQUENCED if table != "codings"},  # codings: in codings_spans_insert
}


def install(conn: Connection) -> None:
    """The functions and triggers above, made again (idempotent; run as the owner)."""
    for function in (_IS_OWNER, _CODES_GUARD, _IDS_PAST, _IDS_GUARD, _SPANS_GUARD):
        conn.execute(text(function))
    conn.execute(text("DROP TRIGGER IF EXISTS codings_ids ON codings"))  # an earlier init made it
    for name, (table, rule) in _TRIGGERS.items():
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
        conn.execute(text(f"CREATE TRIGGER {name} {rule}"))

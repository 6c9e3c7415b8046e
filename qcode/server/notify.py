"""Telling open windows what other analysts changed: triggers that NOTIFY on commit.

Each watched table gets three statement-level AFTER triggers (insert, update, delete: PostgreSQL
refuses transition tables on a trigger of more than one event). They call one function that
reads the statement's transition tables for the ids a window needs to refresh and sends one
compact JSON payload on :data:`CHANNEL`::

    {"t": "codings", "d": [3, 7], "c": [12], "k": [501, 502], "by": "omar"}

``d`` are document ids, ``c`` code ids, ``a`` attribute ids, ``k`` coding ids; a list is
replaced by ``"*"`` (everything) above :data:`MAX_IDS` ids, which keeps a payload below
PostgreSQL's 8000-byte limit (at most three lists of 200 ids on a table). ``by`` is the session's
login role. PostgreSQL delivers a notification only when the transaction commits (and drops
duplicates within one transaction), so only saved changes are announced and a rolled-back one
never is.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

CHANNEL = "qcode_changes"

#: above this many ids of one kind a payload says "everything" instead of listing them
MAX_IDS = 200

#: table -> the columns naming its (document, code, attribute, coding) ids ('' for none)
WATCHED: dict[str, tuple[str, str, str, str]] = {
    "codings": ("document_id", "code_id", "", "id"),
    "codes": ("", "id", "", ""),
    "documents": ("id", "", "", ""),
    "document_attributes": ("document_id", "", "attribute_id", ""),
    "attributes": ("", "", "id", ""),
    "speaker_turns": ("document_id", "", "", ""),
    "project_info": ("", "", "", ""),
}

_FUNCTION = f"""
CREATE OR REPLACE FUNCTION qcode_notify_changes() RETURNS trigger
LANGUAGE plpgsql AS $body$
DECLARE
    touched text;
    untouched boolean;
    payload jsonb;
    ids jsonb;
    keys text[] := ARRAY['d', 'c', 'a', 'k'];
BEGIN
    IF TG_OP = 'INSERT' THEN
        touched := 'SELECT * FROM qcode_new_rows';
    ELSIF TG_OP = 'DELETE' THEN
        touched := 'SELECT * FROM qcode_old_rows';
    ELSE
        touched := 'SELECT * FROM qcode_new_rows UNION ALL SELECT * FROM qcode_old_rows';
    END IF;
    EXECUTE 'SELECT NOT EXISTS (' || touched || ')' INTO untouched;
    IF untouched THEN
        RETURN NULL;  -- the statement touched no row: nothing to announce
    END IF;
    payload := jsonb_build_object('t', TG_TABLE_NAME, 'by', session_user);
    FOR i IN 1..4 LOOP
        CONTINUE WHEN TG_ARGV[i - 1] = '';
        EXECUTE format('SELECT jsonb_agg(id ORDER BY id) FROM (SELECT DISTINCT %1$I AS id '
                       'FROM (%2$s) AS r WHERE %1$I IS NOT NULL LIMIT %3$s) AS s',
                       TG_ARGV[i - 1], touched, {MAX_IDS} + 1) INTO ids;
        IF jsonb_array_length(coalesce(ids, '[]'::jsonb)) > {MAX_IDS} THEN
            ids := '"*"'::jsonb;
        END IF;
        payload := payload || jsonb_build_object(keys[i], coalesce(ids, '[]'::jsonb));
    END LOOP;
    PERFORM pg_notify('{CHANNEL}', payload::text);
    RETURN NULL;
END
$body$
"""

_EVENTS = (
    ("insert", "INSERT", "NEW TABLE AS qcode_new_rows"),
    ("update", "UPDATE", "OLD TABLE AS qcode_old_rows NEW TABLE AS qcode_new_rows"),
    ("delete", "DELETE", "OLD TABLE AS qcode_old_rows"),
)


def trigger_name(table: str, event: str) -> str:
    return f"qcode_notify_{table}_{event}"


def install(conn: Connection) -> None:
    """The notifying function and triggers (run by ``init`` as the owner; idempotent)."""
    conn.execute(text(_FUNCTION))
    for table, columns in WATCHED.items():
        arguments = ", ".join(f"'{column}'" for column in columns)
        for event, verb, referencing in _EVENTS:
            name = trigger_name(table, event)
            conn.execute(text(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"'))
            conn.execute(text(
                f'CREATE TRIGGER "{name}" AFTER {verb} ON "{table}" '
                f"REFERENCING {referencing} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION qcode_notify_changes({arguments})"))

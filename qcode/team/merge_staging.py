"""The staging tables of a merge: the other copy's codings in this project's ids, once each.

The other file's codings arrive as stored, in batches (:meth:`Staging.load`), with where its
documents, codes and coders went (:meth:`Staging.map`); one ``INSERT ... SELECT`` then stages
those whose spans carry over, in the project's ids, keyed like the project's span index
(document, start, end, code, coder). Those on another text come out for re-anchoring
(:meth:`Staging.others`) and go back placed (:meth:`Staging.stage`). A coding the other copy
holds twice is staged once (its other memos kept aside for the merge to join); a coding the
project already holds is found by one probe of that index per row and set aside
(:meth:`Staging.drop_matched`); the rest go into ``codings`` with one ``INSERT ... SELECT``
(:meth:`Staging.write`) while the table's insert triggers are suspended, the derived tables
marked stale once (:func:`qcode.ops.codings_bulk.mark_codings_stale`). SQLite SQL: a merge
reads and writes project files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from qcode.db_bulk import begin_now, large_page_cache, triggers_suspended
from qcode.models import Coding
from qcode.models.types import new_uuids, uuid_bytes
from qcode.ops.codings_bulk import executemany, mark_codings_stale

TABLE = "temp.qcode_merge_codings"
SOURCE = "temp.qcode_merge_source"
_MAPS = {"documents": "temp.qcode_merge_documents", "codes": "temp.qcode_merge_codes",
         "coders": "temp.qcode_merge_coders"}
_KEY = 'document_id, start, "end", code_id, coder_id'
_CREATE = (
    f"""CREATE TABLE {TABLE} (document_id INTEGER NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, code_id INTEGER NOT NULL, coder_id INTEGER NOT NULL,
    version INTEGER NOT NULL, memo TEXT NOT NULL, uuid BLOB, reanchored INTEGER NOT NULL,
    more_memos TEXT, PRIMARY KEY ({_KEY})) WITHOUT ROWID""",
    f"""CREATE TABLE {SOURCE} (document_id INTEGER, code_id INTEGER, coder_id INTEGER,
    start INTEGER, "end" INTEGER, version INTEGER, memo TEXT, uuid BLOB)""",
    f"CREATE TABLE {_MAPS['documents']} (id INTEGER PRIMARY KEY, version INTEGER, "
    "target INTEGER, target_version INTEGER)",
    f"CREATE TABLE {_MAPS['codes']} (id INTEGER PRIMARY KEY, target INTEGER)",
    f"CREATE TABLE {_MAPS['coders']} (id INTEGER PRIMARY KEY, target INTEGER)",
)
#: a row offered twice keeps the first; a second memo is kept aside (a JSON list)
_REPEAT = f"""ON CONFLICT ({_KEY}) DO UPDATE
    SET more_memos = json_insert(coalesce(more_memos, '[]'), '$[#]', excluded.memo)
    WHERE excluded.memo <> ''"""
_STAGE = f"""INSERT INTO {TABLE} ({_KEY}, version, memo, uuid, reanchored)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) {_REPEAT}"""
#: the codings whose spans carry over (the source table scanned once, each id looked up)
_STAGE_STRAIGHT = f"""INSERT INTO {TABLE} ({_KEY}, version, memo, uuid, reanchored)
    SELECT d.target, s.start, s."end", k.target, r.target, d.target_version, s.memo, s.uuid, 0
    FROM {SOURCE} s CROSS JOIN {_MAPS['documents']} d CROSS JOIN {_MAPS['codes']} k
    CROSS JOIN {_MAPS['coders']} r WHERE d.id = s.document_id AND d.version = s.version
    AND k.id = s.code_id AND r.id = s.coder_id ORDER BY s.rowid {_REPEAT}"""
_OTHERS = f"""SELECT document_id, code_id, coder_id, start, "end", version, memo, uuid
    FROM {SOURCE} s WHERE NOT EXISTS (SELECT 1 FROM {_MAPS['documents']} d
    WHERE d.id = s.document_id AND d.version = s.version) ORDER BY document_id, start, rowid"""
#: the project's coding of staged row ``s`` (on a replaced text, only those on the current one)
_HERE = ('e.document_id = s.document_id AND e.start = s.start AND e."end" = s."end" '
         "AND e.code_id = s.code_id AND e.coder_id = s.coder_id "
         "AND (s.version = 1 OR e.version = s.version)")
_WITH_MEMOS = "s.memo <> '' OR s.more_memos IS NOT NULL"
_COLUMNS = 'document_id, code_id, coder_id, start, "end", version, memo'
_LOOKUP = 500

#: (document, start, end, code, coder) in the project
Key = tuple[int, int, int, int, int]


@dataclass
class Staging:
    connection: Connection
    #: source rows loaded, of them on another text, rows staged from those
    loaded: int = 0
    others_read: int = 0
    others_staged: int = 0

    @classmethod
    @contextmanager
    def opened(cls, session: Session) -> Iterator[Staging]:
        session.flush()
        connection = session.connection()
        begin_now(connection)
        _drop(connection)
        for create in _CREATE:
            connection.exec_driver_sql(create)
        try:
            with large_page_cache(connection, 256, "temp"):
                yield cls(connection)
        finally:
            _drop(connection)

    @property
    def offered(self) -> int:
        """Codings offered to the staging table, repeats included."""
        return self.loaded - self.others_read + self.others_staged

    def load(self, rows: list[tuple]) -> None:
        """Source codings as stored: (document, code, coder, start, end, version, memo,
        uuid)."""
        executemany(self.connection, f"INSERT INTO {SOURCE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rows)
        self.loaded += len(rows)

    def map(self, documents: Mapping[int, tuple[int, int, int]], codes: Mapping[int, int],
            coders: Mapping[int, int]) -> None:
        """Where the source's documents (those whose text at a version is the project's:
        (that version, project document, its version)), codes and coders went."""
        for name, rows in (("documents", [(i, *facts) for i, facts in documents.items()]),
                           ("codes", list(codes.items())), ("coders", list(coders.items()))):
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                executemany(self.connection, f"INSERT INTO {_MAPS[name]} VALUES ({marks})",
                            rows)

    def stage_straight(self) -> None:
        self.connection.exec_driver_sql(_STAGE_STRAIGHT)

    def others(self) -> Iterator[tuple[int, list[tuple]]]:
        """(source document, its codings (code, coder, start, end, version, memo, uuid)) for
        the codings on another text than the project's, by document, in text order."""
        rows = self._all(_OTHERS)
        self.others_read = len(rows)
        for doc, group in groupby(rows, itemgetter(0)):
            yield doc, [row[1:] for row in group]

    def stage(self, rows: list[tuple]) -> None:
        """Rows ``(document, start, end, code, coder, version, memo, uuid, reanchored)``."""
        executemany(self.connection, _STAGE, rows)
        self.others_staged += len(rows)

    def _all(self, sql: str, *params: object) -> list[tuple]:
        return [tuple(r) for r in self.connection.exec_driver_sql(sql, params).all()]

    def count(self) -> tuple[int, int]:
        """(rows staged, of them placed on a differing text)."""
        count, reanchored = self._all(f"SELECT count(*), total(reanchored) FROM {TABLE}")[0]
        return count, int(reanchored)

    def matched_memos(self) -> Iterator[tuple[int, int, str]]:
        """(project coding, coder, memo) for each memo of a staged coding the project has."""
        for coding_id, coder, memo, more in self._all(
                f"SELECT e.id, s.coder_id, s.memo, s.more_memos FROM {TABLE} s "
                f"CROSS JOIN main.codings e ON {_HERE} WHERE {_WITH_MEMOS}"):
            for text in (memo, *json.loads(more or "[]")):
                yield coding_id, coder, text

    def drop_matched(self) -> int:
        """Set aside the codings the project already has; how many."""
        return self.connection.exec_driver_sql(
            f"DELETE FROM {TABLE} AS s WHERE EXISTS "
            f"(SELECT 1 FROM main.codings e WHERE {_HERE})").rowcount

    def new_memos(self) -> list[tuple[Key, str, list[str]]]:
        """(key, memo, the memos of its repeats) of each new coding with a memo."""
        return [(tuple(row[:5]), row[5], json.loads(row[6] or "[]")) for row in self._all(
            f"SELECT {_KEY}, memo, more_memos FROM {TABLE} s WHERE {_WITH_MEMOS}")]

    def set_memos(self, memos: list[tuple[str, Key]]) -> None:
        executemany(self.connection, f"UPDATE {TABLE} SET memo = ? WHERE document_id = ? "
                    'AND start = ? AND "end" = ? AND code_id = ? AND coder_id = ?',
                    [(memo, *key) for memo, key in memos])

    def outside(self, lengths: Mapping[int, int]) -> tuple[int, int, int] | None:
        """(document, start, end) of a staged span that is empty or outside its text;
        ``lengths``: each document's length."""
        for document, first, last, empty in self._all(
                f'SELECT document_id, min(start), max("end"), max("end" <= start) FROM {TABLE} '
                "GROUP BY document_id"):
            if first < 0 or empty or last > lengths[document]:
                return self._all(
                    f'SELECT document_id, start, "end" FROM {TABLE} WHERE document_id = ? '
                    'AND (start < 0 OR "end" <= start OR "end" > ?) LIMIT 1',
                    document, lengths[document])[0]
        return None

    def codes_and_documents(self) -> tuple[frozenset[int], frozenset[int]]:
        codes = self._all(f"SELECT DISTINCT code_id FROM {TABLE}")
        documents = self._all(f"SELECT DISTINCT document_id FROM {TABLE}")
        return frozenset(r[0] for r in codes), frozenset(r[0] for r in documents)

    def write(self, session: Session, count: int, created_at: int) -> range:
        """Insert the ``count`` staged codings; the new codings' ids. A uuid the project
        already uses (or one not stored as 16 bytes) is left out by the first statement, then
        the codings it left out are written with a new uuid."""
        before = session.scalar(select(Coding.id).order_by(Coding.id.desc()).limit(1)) or 0
        with large_page_cache(self.connection, 256), \
                triggers_suspended(self.connection, "codings", "INSERT"):
            written = self.connection.exec_driver_sql(
                f"INSERT OR IGNORE INTO main.codings ({_COLUMNS}, uuid, created_at) "
                f"SELECT {_COLUMNS}, CASE WHEN typeof(uuid) = 'blob' AND length(uuid) = 16 "
                f"THEN uuid END, ? FROM {TABLE}", (created_at,)).rowcount
            if written < count:
                left = self._all(f"SELECT {_COLUMNS}, uuid FROM {TABLE} s WHERE NOT EXISTS "
                                 f"(SELECT 1 FROM main.codings e WHERE {_HERE} AND e.id > ?)",
                                 before)
                executemany(self.connection,
                            f"INSERT INTO main.codings ({_COLUMNS}, uuid, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [(*row[:-1], uuid, created_at)
                             for row, uuid in zip(left, self._free_uuids(left), strict=True)])
        mark_codings_stale(session, f"SELECT code_id, document_id FROM {TABLE}")
        after = session.scalar(select(Coding.id).order_by(Coding.id.desc()).limit(1)) or 0
        return range(before + 1, after + 1)

    def _free_uuids(self, rows: list[tuple]) -> list[bytes]:
        """For each row its uuid as 16 bytes when it is one and free, else a new one."""
        wanted = [_as_bytes(row[-1]) for row in rows]
        candidates = [w for w in wanted if w]
        taken: set[bytes] = set()
        for first in range(0, len(candidates), _LOOKUP):
            chunk = candidates[first:first + _LOOKUP]
            taken.update(r[0] for r in self._all(
                f"SELECT uuid FROM main.codings WHERE uuid IN ({', '.join('?' * len(chunk))})",
                *chunk))
        fresh = iter(new_uuids(len(rows)))
        out: list[bytes] = []
        for uuid in wanted:
            if not uuid or uuid in taken:
                uuid = uuid_bytes(next(fresh))
            taken.add(uuid)
            out.append(uuid)
        return out


def _drop(connection: Connection) -> None:
    for table in (TABLE, SOURCE, *_MAPS.values()):
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")


def _as_bytes(stored: object) -> bytes:
    """A stored uuid as its 16 bytes; b"" when it is none (text written by another program
    in any spelling is read as a uuid where it is one)."""
    if isinstance(stored, bytes | memoryview):
        return bytes(stored) if len(stored) == 16 else b""
    return uuid_bytes(str(stored)) if stored is not None else b""


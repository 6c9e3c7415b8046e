"""The staging of a merge into a server project: :class:`~qcode.team.merge_staging.Staging`'s
steps with the same results, held in Python rather than in temporary tables.

A server's members may not create temporary tables (:mod:`qcode.server.rights` keeps the
database to what the app needs), and an offline copy brings back a day's or a week's
codings, not a million, so the other copy's codings are staged in a dictionary keyed like the
project's span index (document, start, end, code, coder). The codings the project already holds
are read for the touched documents only; the new ones go in with one ``INSERT ... SELECT FROM
unnest(...)`` per batch (COPY is refused under row-level security), whose ``RETURNING`` gives
their ids: other analysts write codings meanwhile, so the new ids need not be one run. The
table's triggers stay on: they mark the derived tables stale and tell other windows. A coder's
merge sets aside the codings of other coders (:meth:`ServerStaging.set_aside`): the database
would refuse them, so they are reported instead.
"""

from __future__ import annotations

import uuid as uuids
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import groupby
from operator import itemgetter

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from qcode.chunks import chunks
from qcode.team.merge_staging import Key, _as_bytes

_INSERT = """INSERT INTO codings (document_id, code_id, coder_id, start, "end", version, memo,
    uuid, created_at)
    SELECT d, k, r, s, e, v, m, u, %s FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[],
        %s::int[], %s::int[], %s::text[], %s::uuid[]) AS t(d, k, r, s, e, v, m, u)
    RETURNING id"""
_BATCH = 20_000


@dataclass
class _Staged:
    version: int
    memo: str
    uuid: str | None
    reanchored: int
    more_memos: list[str] = field(default_factory=list)


@dataclass
class ServerStaging:
    connection: Connection
    loaded: int = 0
    others_read: int = 0
    others_staged: int = 0
    _source: list[tuple] = field(default_factory=list)
    _documents: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    _codes: dict[int, int] = field(default_factory=dict)
    _coders: dict[int, int] = field(default_factory=dict)
    _staged: dict[Key, _Staged] = field(default_factory=dict)

    @classmethod
    @contextmanager
    def opened(cls, session: Session) -> Iterator[ServerStaging]:
        session.flush()
        yield cls(session.connection())

    @property
    def offered(self) -> int:
        return self.loaded - self.others_read + self.others_staged

    def load(self, rows: list[tuple]) -> None:
        """Source codings as stored (after :meth:`map`). Those the project holds as they are
        (same uuid, place, code, coder and memo: in a copy pulled from this project, all it
        did not change) are counted, not staged: a copy of a million codings stages only
        what is new in it."""
        self.loaded += len(rows)
        here = self._by_uuid([_as_uuid(row[7]) for row in rows])
        self._source.extend(row for row in rows if not self._unchanged(row, here))

    def _by_uuid(self, wanted: list[str | None]) -> dict[str, tuple]:
        found = self.connection.exec_driver_sql(
            'SELECT uuid::text, document_id, start, "end", code_id, coder_id, version, memo '
            "FROM codings WHERE uuid = ANY(%s::uuid[])", ([w for w in wanted if w],)).all()
        return {row[0]: tuple(row[1:]) for row in found}

    def _unchanged(self, row: tuple, here: dict[str, tuple]) -> bool:
        doc, code, coder, start, end, version, memo, stored = row
        ours = here.get(_as_uuid(stored) or "")
        placed = self._documents.get(doc)
        if ours is None or placed is None or placed[0] != version:
            return False
        return ours == (placed[1], start, end, self._codes[code], self._coders[coder],
                        placed[2], memo)

    def map(self, documents: Mapping[int, tuple[int, int, int]], codes: Mapping[int, int],
            coders: Mapping[int, int]) -> None:
        self._documents, self._codes, self._coders = dict(documents), dict(codes), dict(coders)

    def _straight(self, row: tuple) -> bool:
        placed = self._documents.get(row[0])
        return placed is not None and placed[0] == row[5]

    def stage_straight(self) -> None:
        for doc, code, coder, start, end, version, memo, stored in self._source:
            placed = self._documents.get(doc)
            if placed is None or placed[0] != version:
                continue
            self._offer((placed[1], start, end, self._codes[code], self._coders[coder]),
                        _Staged(placed[2], memo, _as_uuid(stored), 0))

    def _offer(self, key: Key, row: _Staged) -> None:
        """Stage ``row``; a repeat keeps the first, its memo kept aside when it has one."""
        first = self._staged.get(key)
        if first is None:
            self._staged[key] = row
        elif row.memo != "":
            first.more_memos.append(row.memo)

    def others(self) -> Iterator[tuple[int, list[tuple]]]:
        rows = sorted((r for r in self._source if not self._straight(r)),
                      key=itemgetter(0, 3))  # a stable sort: the file's order within a start
        self.others_read = len(rows)
        for doc, group in groupby(rows, itemgetter(0)):
            yield doc, [row[1:] for row in group]

    def stage(self, rows: list[tuple]) -> None:
        """Rows ``(document, start, end, code, coder, version, memo, uuid, reanchored)``."""
        for *key, version, memo, stored, reanchored in rows:
            self._offer(tuple(key), _Staged(version, memo, _as_uuid(stored), reanchored))
        self.others_staged += len(rows)

    def count(self) -> tuple[int, int]:
        return len(self._staged), sum(s.reanchored for s in self._staged.values())

    def _here(self) -> dict[Key, list[tuple[int, int]]]:
        """The project's codings of the staged documents: key -> [(id, version)]."""
        out: dict[Key, list[tuple[int, int]]] = {}
        documents = sorted({key[0] for key in self._staged})
        for chunk in chunks(documents):
            for coding_id, *key, version in self.connection.exec_driver_sql(
                    'SELECT id, document_id, start, "end", code_id, coder_id, version '
                    "FROM codings WHERE document_id = ANY(%s)", (chunk,)):
                out.setdefault(tuple(key), []).append((coding_id, version))
        return out

    def _matches(self, here: dict[Key, list[tuple[int, int]]], key: Key,
                 row: _Staged) -> list[int]:
        """The project's codings that are the staged ``row`` (on a replaced text, only those on
        the current one)."""
        return [i for i, version in here.get(key, ())
                if row.version == 1 or version == row.version]

    def matched_memos(self) -> Iterator[tuple[int, int, str]]:
        here = self._here()
        for key, row in self._staged.items():
            if row.memo == "" and not row.more_memos:
                continue
            for coding_id in self._matches(here, key, row):
                for text in (row.memo, *row.more_memos):
                    yield coding_id, key[4], text

    def drop_matched(self) -> int:
        here = self._here()
        matched = [key for key, row in self._staged.items() if self._matches(here, key, row)]
        for key in matched:
            del self._staged[key]
        return len(matched)

    def set_aside(self, allowed: Collection[int]) -> Counter[int]:
        """Take out the staged codings whose coder is not in ``allowed``; how many of each
        coder's were taken out."""
        out = [key for key in self._staged if key[4] not in allowed]
        for key in out:
            del self._staged[key]
        return Counter(key[4] for key in out)

    def new_memos(self) -> list[tuple[Key, str, list[str]]]:
        return [(key, row.memo, list(row.more_memos)) for key, row in self._staged.items()
                if row.memo != "" or row.more_memos]

    def set_memos(self, memos: list[tuple[str, Key]]) -> None:
        for memo, key in memos:
            self._staged[key].memo = memo

    def outside(self, lengths: Mapping[int, int]) -> tuple[int, int, int] | None:
        for document, start, end, _code, _coder in self._staged:
            if start < 0 or end <= start or end > lengths[document]:
                return document, start, end
        return None

    def codes_and_documents(self) -> tuple[frozenset[int], frozenset[int]]:
        return (frozenset(k[3] for k in self._staged), frozenset(k[0] for k in self._staged))

    def write(self, session: Session, count: int, created_at: int) -> tuple[int, ...]:
        """Insert the staged codings (a uuid the project uses, or one staged twice, gets a new
        one); their ids."""
        when = datetime.fromtimestamp(created_at, UTC).replace(tzinfo=None)
        rows = sorted(self._staged.items())
        free = self._free_uuids([row.uuid for _, row in rows])
        ids: list[int] = []
        for first in range(0, len(rows), _BATCH):
            part = rows[first:first + _BATCH]
            columns = [[key[i] for key, _ in part] for i in (0, 3, 4, 1, 2)]
            columns += [[row.version for _, row in part], [row.memo for _, row in part],
                        free[first:first + _BATCH]]
            ids += self.connection.exec_driver_sql(_INSERT, (when, *columns)).scalars().all()
        return tuple(sorted(ids))

    def _free_uuids(self, wanted: list[str | None]) -> list[str]:
        taken: set[str] = set()
        for chunk in chunks([w for w in wanted if w]):
            taken.update(str(u) for u in self.connection.exec_driver_sql(
                "SELECT uuid FROM codings WHERE uuid = ANY(%s::uuid[])", (chunk,)).scalars())
        out = []
        for stored in wanted:
            value = stored if stored and stored not in taken else str(uuids.uuid4())
            taken.add(value)
            out.append(value)
        return out


def _as_uuid(stored: object) -> str | None:
    raw = _as_bytes(stored)
    return str(uuids.UUID(bytes=raw)) if raw else None

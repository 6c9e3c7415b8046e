"""Following what other analysts save on a team server, as plain notices (no Qt, no ORM).

A :class:`Watcher` holds one connection of its own (autocommit, ``LISTEN`` on
:data:`qcode.server.notify.CHANNEL`) and turns the triggers' payloads into :class:`Notice`
values; notifications arriving within :attr:`Watcher.batch_seconds` of each other come as one.
When the server goes away it yields :data:`LOST`, keeps trying to reconnect (waiting a little
longer each time, up to :data:`BACKOFF`'s last step), and once back yields :data:`BACK` and a
``whole`` notice: whatever was saved meanwhile was never announced to it, so everything shown
may be outdated. :meth:`Watcher.stop` (from any thread) ends :meth:`Watcher.events` within about
:attr:`Watcher.poll_seconds`, unless it is waiting for a connection attempt to time out.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Container, Iterator
from dataclasses import dataclass
from typing import Any

from qcode.server.notify import CHANNEL
from qcode.server.url import ServerAddress

#: seconds between reconnection attempts: the first quickly, then more and more slowly
BACKOFF = (0.2, 0.5, 1.0, 2.0, 3.0)
#: seconds to wait for a connection before counting the attempt as failed
CONNECT_TIMEOUT = 3
#: seconds of silence after which the connection is checked (a dead TCP peer says nothing)
PING_SECONDS = 10.0


@dataclass(frozen=True)
class Notice:
    """What other sessions committed: the documents, codes and attributes named; ``codebook``
    when codes themselves changed (names, colours, places: the tree may have another shape);
    ``project`` for the project's name or memo; ``whole`` when anything may have changed (more
    ids than a payload lists, or notices missed while disconnected); ``by``: login roles."""

    documents: frozenset[int] = frozenset()
    codes: frozenset[int] = frozenset()
    attributes: frozenset[int] = frozenset()
    #: the codings added, changed or removed, when few enough to list (else empty: the
    #: documents and codes named are then read again whole)
    codings: frozenset[int] = frozenset()
    codebook: bool = False
    project: bool = False
    whole: bool = False
    by: frozenset[str] = frozenset()

    def merged(self, other: Notice) -> Notice:
        return Notice(
            documents=self.documents | other.documents,
            codes=self.codes | other.codes,
            attributes=self.attributes | other.attributes,
            codings=self.codings | other.codings,
            codebook=self.codebook or other.codebook,
            project=self.project or other.project,
            whole=self.whole or other.whole,
            by=self.by | other.by,
        )


@dataclass(frozen=True)
class ConnectionState:
    """The watcher's connection went away (``connected`` False) or came back (True)."""

    connected: bool


LOST = ConnectionState(connected=False)
BACK = ConnectionState(connected=True)

Event = Notice | ConnectionState


def notice_from_payload(payload: str) -> Notice:
    """The notice a trigger's JSON payload describes (see :mod:`qcode.server.notify`). Any
    member may send a payload of their own on the channel (``NOTIFY`` needs no privilege), so
    one that cannot be read, or whose ids are not all whole numbers, asks for everything to be
    read again rather than being dropped (or ending the watcher)."""
    try:
        data = json.loads(payload)
        table = data["t"]
        lists = {key: data.get(key, []) for key in ("d", "c", "a", "k")}
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return Notice(whole=True)
    if not isinstance(table, str):
        return Notice(whole=True)
    by = frozenset({data["by"]}) if isinstance(data.get("by"), str) else frozenset()
    codings = lists.pop("k")
    if not isinstance(codings, list) or not _ids(codings):
        codings = []  # too many to list: the documents and codes named are read again
    if not all(isinstance(ids, list) and _ids(ids) for ids in lists.values()):
        return Notice(whole=True, by=by)  # "*": too many to list, or not ids at all
    return Notice(
        documents=frozenset(lists["d"]),
        codes=frozenset(lists["c"]),
        attributes=frozenset(lists["a"]),
        codings=frozenset(codings),
        codebook=table == "codes",
        project=table == "project_info",
        by=by,
    )


def _ids(values: list) -> bool:
    """Whether every value is an id (an int; True and False are not)."""
    return all(type(value) is int for value in values)


def connection_parameters(address: ServerAddress, password: str | None) -> dict[str, Any]:
    """libpq parameters for ``address`` (the query string's options win, as in a URL)."""
    given = {"dbname": address.database, "user": address.user, "host": address.host,
             "port": address.port, "password": password}
    params: dict[str, Any] = {key: value for key, value in given.items() if value is not None}
    params.update(dict(address.options))
    params.setdefault("connect_timeout", CONNECT_TIMEOUT)
    # over TCP, a server that vanished without a word is noticed within seconds, not minutes
    for key, value in (("keepalives", 1), ("keepalives_idle", 10), ("keepalives_interval", 5),
                       ("keepalives_count", 3), ("tcp_user_timeout", 15_000)):
        params.setdefault(key, value)
    params["application_name"] = "qcode live updates"
    return params


class Watcher:
    """Follows one server project's notifications; see the module's docstring."""

    def __init__(self, address: ServerAddress, password: str | None = None, *,
                 own_sessions: Container[int] = frozenset(), batch_seconds: float = 0.1,
                 poll_seconds: float = 0.2) -> None:
        """``own_sessions``: backend process ids of the caller's own connections (it may
        change as they come and go); what they commit is not announced back to it."""
        self.address = address
        self.own_sessions = own_sessions
        self._params = connection_parameters(address, password)
        self.batch_seconds = batch_seconds
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        #: set once the first connection is listening (tests wait for it)
        self.listening = threading.Event()

    def stop(self) -> None:
        """Ask :meth:`events` to end (safe from any thread)."""
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def events(self) -> Iterator[Event]:
        """Notices and connection changes until :meth:`stop`. The first connection failing
        counts as a loss too (the app opened the project a moment ago, so the server just
        went away)."""
        import psycopg

        gone = (psycopg.OperationalError, psycopg.InterfaceError)
        attempt = 0
        lost = False
        while not self._stop.is_set():
            try:
                conn = self._connect()
            except gone:
                if not lost:
                    lost = True
                    yield LOST
                self._stop.wait(BACKOFF[min(attempt, len(BACKOFF) - 1)])
                attempt += 1
                continue
            attempt = 0
            try:
                if lost:
                    lost = False
                    yield BACK
                    yield Notice(whole=True)  # what was saved meanwhile was never announced
                yield from self._listen(conn)
            except gone:
                lost = True
                yield LOST
            finally:
                conn.close()

    def _connect(self):  # -> psycopg.Connection
        import psycopg

        conn = psycopg.connect(**self._params, autocommit=True)
        try:
            conn.execute(f"LISTEN {CHANNEL}")
        except BaseException:
            conn.close()
            raise
        self.listening.set()
        return conn

    def _listen(self, conn) -> Iterator[Notice]:
        """Notices from ``conn`` until :meth:`stop`; a lost connection raises."""
        quiet_since = time.monotonic()
        while not self._stop.is_set():
            batch = self._batch(conn)
            if batch is not None:
                quiet_since = time.monotonic()
                yield batch
            elif time.monotonic() - quiet_since > PING_SECONDS:
                conn.execute("SELECT 1")  # raises if the server has gone without a word
                quiet_since = time.monotonic()

    def _batch(self, conn) -> Notice | None:
        """The notifications of one short burst merged, or None after a quiet poll: the first
        is handed on at once, with whatever else arrives within ``batch_seconds`` of it."""
        notes = list(conn.notifies(timeout=self.poll_seconds, stop_after=1))
        if not notes:
            return None
        notes += conn.notifies(timeout=self.batch_seconds)
        notes = [note for note in notes if note.pid not in self.own_sessions]
        if not notes:
            return None
        batch = Notice()
        for note in notes:
            try:
                batch = batch.merged(notice_from_payload(note.payload))
            except Exception:  # noqa: BLE001 - a payload anyone can send never ends the watcher
                batch = batch.merged(Notice(whole=True))
        return batch

"""Analysts who write at once on a server keep the derived tables true: advisory locks.

Every write transaction recomputes the derived tables (:mod:`qcode.derived`) of what it touched
from the codings it reads, just before it commits. On PostgreSQL (READ COMMITTED) two analysts
coding the same document at once could each read the codings without the other's (not yet
committed) one, and the later commit would leave islands, totals and roll-ups that miss a
coding, or both would insert the same new row. So the refresh takes transaction-scoped advisory
locks (released by the commit or the rollback) BEFORE it reads any coding:

- one exclusive lock per touched document, in document order, under a shared lock on the whole
  project. Each statement of READ COMMITTED takes a fresh snapshot, so once a refresh holds its
  documents' locks it reads every committed coding of them: a writer of the same document has
  either committed (and its coding is read) or waits for this one. Writers of other documents
  never wait for each other.
- the whole project exclusively when the refresh reaches every document: a change of the
  codebook's shape (a moved or deleted code makes its ancestors' roll-up rows stale in every
  document), a whole rebuild, or a bulk write of more than :data:`MAX_DOCUMENT_LOCKS` documents
  (one lock, not thousands, in the server's shared lock table).

Why advisory locks and not SERIALIZABLE with retry: the conflicts here are certain, not rare
(two analysts on one interview collide on its document row every time), and a serialisation
failure throws away the whole gesture, which qcode would have to replay from the UI or the CLI
(an import of thousands of codings, an undo). A lock makes the second writer wait a few
milliseconds instead, needs no retry loop around every caller, leaves readers untouched (they
never take these locks) and keeps the common case (different documents) fully concurrent.

Deadlocks: the locks are taken in one order (the project, then documents ascending) and only at
the end of a transaction, after which the refresh writes only rows of its own documents (or,
holding the project exclusively, any). The stale-marking triggers (``coverage_stale`` and
``document_stale``, ``INSERT ... ON CONFLICT DO NOTHING``) run earlier, as the codings are
written: a second writer of the same pair or document waits there for the first to end, which
the first always does without waiting for the second, since the common gesture (a coding added,
removed or moved within its document) marks one pair and one document, and a refresh never
waits for a writer still before its refresh. Two transactions that each mark several pairs or
documents in orders that cross (two recodes, one c1 -> c2 and the other c2 -> c1 in the same
document; writes of codings in several documents) can still deadlock in the triggers, before
any of these locks; PostgreSQL then ends one, which its analyst sees as "try again"
(:class:`~qcode.errors.ProjectBusy`), nothing saved. SQLite has one writer at a time (the
project lock, its write lock): nothing to take.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

#: More touched documents than this take the whole project instead (a bulk write).
MAX_DOCUMENT_LOCKS = 64

#: The first key of qcode's advisory locks (two int4 keys, per database): "qc" + a kind.
_PROJECT = 0x7163_0001
_DOCUMENT = 0x7163_0002


def serialise_refresh(session: Session, documents: Iterable[int] | None) -> None:
    """Wait until this transaction alone may refresh the derived rows of ``documents`` (None:
    of every document and the codebook's shape); held until it commits or rolls back."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    wanted = None if documents is None else sorted(set(documents))
    if wanted is None or len(wanted) > MAX_DOCUMENT_LOCKS:
        connection.execute(text("SELECT pg_advisory_xact_lock(:kind, 0)"), {"kind": _PROJECT})
        return
    connection.exec_driver_sql(_taking(len(wanted)), (_PROJECT, *(
        value for document in wanted for value in (_DOCUMENT, document))))


def _taking(documents: int) -> str:
    """One statement (one round trip) taking the project's lock shared, then ``documents``
    document locks, in its select list's order. PostgreSQL's executor computes a select
    list's entries one after another as written (its documentation leaves the order of
    evaluation open in general), so every writer takes the locks in one order (the project,
    then documents ascending) and no cycle forms among them; were it ever otherwise, the
    server would detect the deadlock and end one writer, which the app tries again
    (:class:`~qcode.errors.ProjectBusy`, ``Project.run``)."""
    locks = ["pg_advisory_xact_lock_shared(%s, 0)", *["pg_advisory_xact_lock(%s, %s)"] * documents]
    return "SELECT " + ", ".join(locks)

"""Undoing coding steps after another analyst changed the same codings.

On a team server, what an undo would take back or put back may have changed since: a coding to
remove was deleted, a coding to put back lost its document, code or coder, a memo was edited.
An undo says so in one line instead of failing on a missing row or a broken reference, or
silently doing nothing. When only part of a step can still be undone (some of the codings of an
import were deleted), the rest is undone and a message says what was left; when nothing can be,
:class:`~qcode.errors.ChangedMeanwhile` says why and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.chunks import chunks
from qcode.errors import ChangedMeanwhile
from qcode.models import Code, Coder, Coding, Document
from qcode.ops.code_versions import someone

NOTHING_TO_UNDO = "nothing to undo"


def existing(session: Session, column: object, ids: Iterable[int | None]) -> set[int]:
    """Those of ``ids`` that ``column`` (a primary key) holds, in IN lists of a safe size
    (a None among them, an unset reference, is never held)."""
    found: set[int] = set()
    for part in chunks(sorted({i for i in ids if i is not None})):
        found.update(session.scalars(select(column).where(
            column.in_(part))))  # type: ignore[attr-defined]
    return found


def still_there(session: Session, ids: Sequence[int]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The codings of ``ids`` to take back that are still in the project, and a message on
    those another analyst deleted meanwhile; ChangedMeanwhile when none is left."""
    there = existing(session, Coding.id, ids)
    kept = tuple(i for i in ids if i in there)
    gone = len(set(ids)) - len(there)
    if not gone:
        return kept, ()
    who = someone(session)
    if not kept:
        what = "this coding was" if len(set(ids)) == 1 else f"these {gone} codings were"
        raise ChangedMeanwhile(f"{what} deleted{who} meanwhile; {NOTHING_TO_UNDO}")
    return kept, (f"{_codings(gone)} of this step had been deleted{who} meanwhile; the other "
                  f"{_codings(len(kept))} were taken back",)


def placeable(session: Session, documents: Iterable[int], codes: Iterable[int],
              coders: Iterable[int]) -> tuple[set[int], set[int], set[int]]:
    """Of these documents, codes and coders, those still in the project."""
    return (existing(session, Document.id, documents), existing(session, Code.id, codes),
            existing(session, Coder.id, coders))


def refuse_or_tell(session: Session, asked: int, kept: int) -> tuple[str, ...]:
    """After leaving out codings whose document, code or coder is gone: ChangedMeanwhile when
    none is left to put back, else the message on those left out (none if none was)."""
    lost = asked - kept
    if not lost:
        return ()
    who = someone(session)
    if not kept:
        what = "this coding" if asked == 1 else f"these {asked} codings"
        raise ChangedMeanwhile(f"the document, code or coder of {what} was deleted{who} "
                               f"meanwhile; {NOTHING_TO_UNDO}")
    return (f"{_codings(lost)} could not be put back: their document, code or coder was "
            f"deleted{who} meanwhile; the other {_codings(kept)} were",)


def memo_changed(session: Session) -> ChangedMeanwhile:
    return ChangedMeanwhile(f"the memo of this coding was changed{someone(session)} "
                            f"meanwhile; {NOTHING_TO_UNDO}")


def coding_gone(session: Session) -> ChangedMeanwhile:
    return ChangedMeanwhile(f"this coding was deleted{someone(session)} meanwhile; "
                            f"{NOTHING_TO_UNDO}")


def _codings(count: int) -> str:
    return f"{count:,} coding{'s' * (count != 1)}"

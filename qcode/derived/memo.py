"""What one refresh of the derived tables reads once, however many of its steps ask.

A coding's refresh recomputes its pair's islands, its document's union and its ancestors'
roll-up rows (:mod:`qcode.derived.coverage`); each step wants the documents whose text was
replaced and the word masks of its documents. Neither can change while the refresh runs (it
writes derived rows only), so the first answer is kept for the rest of it: on a server each
read is a round trip, three times a coding. Outside a refresh nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.orm import Session

_KEY = "qcode.refresh_memo"

T = TypeVar("T")


@contextmanager
def refresh_memo(session: Session) -> Iterator[None]:
    """Keep reads asked through :func:`remembered` until the block ends."""
    session.info[_KEY] = {}
    try:
        yield
    finally:
        session.info.pop(_KEY, None)


def remembered(session: Session, name: str, read: Callable[[], T]) -> T:
    """``read()``, asked once per refresh under ``name`` (every time outside one)."""
    memo: dict[str, Any] | None = session.info.get(_KEY)
    if memo is None:
        return read()
    if name not in memo:
        memo[name] = read()
    return memo[name]


def memo_dict(session: Session, name: str) -> dict | None:
    """A dictionary kept for the rest of the refresh under ``name`` (None outside one)."""
    memo: dict[str, Any] | None = session.info.get(_KEY)
    return None if memo is None else memo.setdefault(name, {})

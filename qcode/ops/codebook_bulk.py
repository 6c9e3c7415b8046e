"""Making the codes of many paths at once (codebook and codings CSV imports).

:func:`qcode.ops.codebook_create.ensure_code_path` looks up each part of a path with a query and
places each new code with a patch of its own: fine for one path, minutes for 50,000 (every new
code reads its siblings, and 50,000 changes merged one by one grow quadratically). Here the
codebook is read once into a (parent, name) -> id map, new codes are inserted in file order
through one compiled statement with the driver's cursor, and the whole is one change whose
inverse deletes the new codes (each new branch from its top, sub-codes coming along).

The codes come out as ``ensure_code_path`` makes them, one path after the other: each new code
last among its siblings, the palette's next colour unless the path's own colour is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from qcode.changes import Changes, no_change
from qcode.errors import InputError, NotFound
from qcode.models import Code
from qcode.models.base import new_uuid, utcnow
from qcode.names import check_name, name_key
from qcode.ops.codebook_create import PALETTE
from qcode.ops.codebook_patch import CodePatch, apply_code_patch
from qcode.queries import split_path


@dataclass
class _Codebook:
    """The codebook as the import sees it: ids by (parent, name), children counted."""

    ids: dict[tuple[int | None, str], int]
    children: Counter[int | None]
    total: int
    folded: dict[tuple[int | None, str], str]  # names by (parent, name ignoring case)
    created: list[int] = field(default_factory=list)
    created_set: set[int] = field(default_factory=set)
    roots: list[int] = field(default_factory=list)  # created codes whose parent existed

    @classmethod
    def read(cls, session: Session) -> _Codebook:
        rows = session.execute(select(Code.id, Code.parent_id, Code.name)).all()
        return cls({(p, n): i for i, p, n in rows}, Counter(p for _, p, _ in rows), len(rows),
                   {(p, name_key(n)): n for _, p, n in rows})


def ensure_code_paths(session: Session, paths: Iterable[str],
                      colours: Mapping[str, str | None] | None = None,
                      descriptions: Mapping[str, str | None] | None = None
                      ) -> tuple[dict[str, int], Changes]:
    """The id of the code at each path, creating missing codes (and parents) on the way.

    ``colours`` and ``descriptions`` (by path) go to a path's last code when it is created.
    """
    colours, descriptions = colours or {}, descriptions or {}
    session.flush()
    book = _Codebook.read(session)
    add = _Inserter(session)
    out: dict[str, int] = {}
    for path in paths:
        if path in out:
            continue
        names = _names(path)
        parent: int | None = None
        for depth, name in enumerate(names):
            found = book.ids.get((parent, name))
            if found is None:
                _check_case(book, parent, name)
                last = depth == len(names) - 1
                colour = (colours.get(path) if last else None) or PALETTE[book.total % len(PALETTE)]
                description = (descriptions.get(path) if last else None) or ""
                found = add(parent, name, colour, description, book.children[parent])
                _record(book, parent, name, found)
            parent = found
        assert parent is not None
        out[path] = parent
    if book.created:
        session.expire_all()  # ORM objects read before may hold stale children
    return out, _changes(book)


def _names(path: str) -> list[str]:
    try:
        return [check_name(name) for name in split_path(path)]
    except NotFound:
        raise InputError(f"not a code path: {path!r}") from None


def _record(book: _Codebook, parent: int | None, name: str, code_id: int) -> None:
    if parent is None or parent not in book.created_set:
        book.roots.append(code_id)
    book.ids[parent, name] = code_id
    book.folded[parent, name_key(name)] = name
    book.children[parent] += 1
    book.total += 1
    book.created.append(code_id)
    book.created_set.add(code_id)


def _check_case(book: _Codebook, parent: int | None, name: str) -> None:
    """Refuse a new code whose name a sibling has in another case (as check_free does)."""
    other = book.folded.get((parent, name_key(name)))
    if other is not None:
        where = "at the top of the codebook" if parent is None else "under the same parent"
        raise InputError(f"{name!r}: there is already a code named {other!r} {where} "
                         "(names may not differ only in case)")


def _changes(book: _Codebook) -> Changes:
    if not book.created:
        return Changes(description="Add codes", inverse=partial(no_change,
                                                                description="Add codes"))
    description = f"Add {len(book.created)} code{'s' * (len(book.created) != 1)}"
    return Changes(description=description, codes=frozenset(book.created), codebook_tree=True,
                   inverse=partial(apply_code_patch, patch=CodePatch(
                       description=description, delete_codes=tuple(book.roots))))


class _Inserter:
    """Inserts one code per call through one compiled INSERT ... RETURNING and the DB-API
    cursor (the ORM's per-statement work is most of the cost for a single small row)."""

    _COLUMNS = ("uuid", "parent_id", "name", "colour", "description", "position", "memo",
                "created_at")

    def __init__(self, session: Session) -> None:
        connection = session.connection()
        compiled = insert(Code.__table__).returning(Code.__table__.c.id).compile(
            dialect=connection.dialect, column_keys=list(self._COLUMNS))
        self.sql = str(compiled)
        self.order = compiled.positiontup
        stamp = Code.__table__.c.created_at.type.bind_processor(connection.dialect)
        now = utcnow()
        self.now = stamp(now) if stamp is not None else now
        self.cursor = connection.connection.cursor()

    def __call__(self, parent: int | None, name: str, colour: str, description: str,
                 position: int) -> int:
        values = dict(uuid=new_uuid(), parent_id=parent, name=name, colour=colour,
                      description=description, position=position, memo="", created_at=self.now)
        params = values if self.order is None else tuple(values[k] for k in self.order)
        self.cursor.execute(self.sql, params)
        return int(self.cursor.fetchone()[0])

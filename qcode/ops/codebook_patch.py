"""The one engine behind every change to the codebook's shape: a patch of code and coding rows.

A :class:`CodePatch` says which code rows to insert, update and delete and which codings to
insert, re-point and delete, all as plain data. :func:`apply_code_patch` applies it and returns,
as the inverse, the patch that puts every touched row back exactly (same ids, uuids, positions,
codings); applying that gives the redo. Creating, moving, merging and deleting codes are all
patches, so they all undo the same way.

Names are unique among siblings at every moment, so codes that are inserted, renamed or moved
carry a temporary name (derived from their uuid) until every row is in place.

Every update of a code gives it the next row version (:mod:`qcode.ops.code_versions`); a code
put back gets one past the version it had, never an old one that a stale dialog could match.
An inverse is checked before it writes (:mod:`qcode.ops.patch_checks`): when another analyst
changed or deleted what it would put back, it says so and writes nothing. A database refusal
it could not foresee (a race with another writer) is reported the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial

from sqlalchemy import ColumnElement, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.errors import ChangedMeanwhile, InputError
from qcode.models import Code, Coding
from qcode.models.base import utcnow
from qcode.ops.code_versions import NOTHING_UNDONE, bumped, someone
from qcode.ops.codings import CodingRow
from qcode.ops.patch_checks import check_patch
from qcode.queries import descendant_ids


@dataclass(frozen=True)
class CodeRow:
    """A code as plain data. ``id`` None (inserts only) lets the database choose it."""

    id: int | None
    uuid: str
    parent_id: int | None
    name: str
    colour: str
    description: str
    position: int
    memo: str
    created_at: datetime
    #: the row version read (bookkeeping, not content: rows compare equal without it); an
    #: insert writes the next one
    row_version: int = field(default=0, compare=False)

    @classmethod
    def of(cls, c: Code) -> CodeRow:
        return cls(c.id, c.uuid, c.parent_id, c.name, c.colour, c.description, c.position,
                   c.memo, c.created_at, c.row_version)

    @classmethod
    def new(cls, *, uuid: str, parent_id: int | None, name: str, colour: str,
            description: str = "", position: int = 0) -> CodeRow:
        return cls(None, uuid, parent_id, name, colour, description, position, "", utcnow())


@dataclass(frozen=True)
class CodePatch:
    description: str = ""
    #: parents before children
    insert_codes: tuple[CodeRow, ...] = ()
    #: the full new rows of existing codes
    update_codes: tuple[CodeRow, ...] = ()
    #: deleted with every sub-code still below them and all their codings
    delete_codes: tuple[int, ...] = ()
    insert_codings: tuple[CodingRow, ...] = ()
    #: (coding id, new code id)
    repoint_codings: tuple[tuple[int, int], ...] = ()
    delete_codings: tuple[int, ...] = ()
    messages: tuple[str, ...] = ()
    #: an inverse: the rows of the codes it touches as its op left them; it is refused when
    #: another edit changed them since (see :mod:`qcode.ops.patch_checks`)
    expect_codes: tuple[CodeRow, ...] = ()
    checked: bool = False


_CODE_COLUMNS = (Code.id, Code.uuid, Code.parent_id, Code.name, Code.colour, Code.description,
                 Code.position, Code.memo, Code.created_at, Code.row_version)
_CODING_COLUMNS = (Coding.id, Coding.uuid, Coding.document_id, Coding.code_id, Coding.coder_id,
                   Coding.start, Coding.end, Coding.version, Coding.memo,
                   Coding.created_at)


def code_rows(session: Session, ids: Iterable[int]) -> dict[int, CodeRow]:
    """Current rows of codes, read from the database (not from possibly stale ORM objects)."""
    rows = session.execute(select(*_CODE_COLUMNS).where(Code.id.in_(list(ids)))).all()
    return {r.id: CodeRow(*r) for r in rows}


def coding_rows(session: Session, where: ColumnElement[bool]) -> tuple[CodingRow, ...]:
    rows = session.execute(select(*_CODING_COLUMNS).where(where).order_by(Coding.id)).all()
    return tuple(CodingRow(*r) for r in rows)


def sibling_ids(session: Session, parent_id: int | None) -> list[int]:
    """Children of ``parent_id`` (None: top level) in codebook order."""
    match = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    return list(session.scalars(select(Code.id).where(match).order_by(Code.position, Code.id)))


def placed(rows: dict[int, CodeRow], groups: dict[int | None, list[int]]) -> dict[int, CodeRow]:
    """``rows`` with each group's codes under its parent at dense positions 0..n-1."""
    out = dict(rows)
    for parent_id, ids in groups.items():
        for position, code_id in enumerate(ids):
            out[code_id] = replace(out[code_id], parent_id=parent_id, position=position)
    return out


def changed(before: dict[int, CodeRow], after: dict[int, CodeRow]) -> tuple[CodeRow, ...]:
    return tuple(row for cid, row in after.items() if before.get(cid) != row)


def _temporary_name(row: CodeRow) -> str:
    return f"#moving:{row.uuid}"


def apply_code_patch(session: Session, *, patch: CodePatch) -> Changes:
    return apply_code_patch_ids(session, patch)[0]


def apply_code_patch_ids(session: Session, patch: CodePatch) -> tuple[Changes, list[int]]:
    """Apply ``patch``; the Changes and the ids of the inserted codes, in patch order."""
    session.flush()
    if not patch.checked:
        return _apply(session, patch)
    check_patch(session, patch, code_rows(session, [_id(r) for r in patch.expect_codes]))
    try:
        with session.begin_nested():
            return _apply(session, patch)
    except IntegrityError as exc:  # another writer got in between the checks and the writes
        raise ChangedMeanwhile(f"another edit{someone(session)} got in the way meanwhile; "
                               f"{NOTHING_UNDONE}") from exc


def _apply(session: Session, patch: CodePatch) -> tuple[Changes, list[int]]:
    wanted = {_id(r): r for r in patch.update_codes}
    old_rows = code_rows(session, wanted)
    if len(old_rows) != len(wanted):
        raise InputError("a code to change is no longer in the codebook")
    updates = {cid: r for cid, r in wanted.items() if old_rows[cid] != r}
    deleted_codings = _coding_rows(session, patch.delete_codings)
    repointed = [cid for cid, _ in patch.repoint_codings]
    old_code_of = dict(session.execute(select(Coding.id, Coding.code_id).where(
        Coding.id.in_(repointed))).all())

    _delete_codings(session, patch.delete_codings)
    inserted = _insert_codes(session, patch.insert_codes)
    renamed = {cid: r for cid, r in updates.items()
               if (r.name, r.parent_id) != (old_rows[cid].name, old_rows[cid].parent_id)}
    for cid, row in renamed.items():
        _update_code(session, cid, name=_temporary_name(row))
    for cid, row in updates.items():
        fields = {k: v for k, v in vars(row).items() if k not in ("id", "name", "row_version")}
        _update_code(session, cid, **fields)
    _repoint_codings(session, patch.repoint_codings)
    if patch.insert_codings:
        session.execute(insert(Coding), [vars(c) for c in patch.insert_codings])
    gone_codes, gone_codings = _delete_codes(session, patch.delete_codes)
    for cid, row in (*zip(inserted, patch.insert_codes, strict=True), *renamed.items()):
        _update_code(session, cid, name=row.name)
    session.flush()
    session.expire_all()

    removed_codings = deleted_codings + gone_codings
    left = code_rows(session, [*inserted, *updates])
    inverse = CodePatch(
        description=patch.description,
        insert_codes=gone_codes,
        update_codes=tuple(old_rows[cid] for cid in updates),
        delete_codes=tuple(inserted),
        insert_codings=removed_codings,
        repoint_codings=tuple((cid, old_code_of[cid]) for cid in repointed),
        delete_codings=tuple(c.id for c in patch.insert_codings),
        expect_codes=tuple(left.values()),
        checked=True,
    )
    touched = (*removed_codings, *patch.insert_codings)
    moved = any((r.parent_id, r.position) != (old_rows[cid].parent_id, old_rows[cid].position)
                for cid, r in updates.items())
    changes = Changes(
        description=patch.description,
        codes=frozenset([*inserted, *updates, *(_id(r) for r in gone_codes),
                         *(c for _, c in patch.repoint_codings), *old_code_of.values(),
                         *(c.code_id for c in touched)]),
        codings=frozenset([*(c.id for c in touched), *repointed]),
        documents=frozenset(c.document_id for c in touched) | _documents_of(session, repointed),
        codebook_tree=bool(inserted or gone_codes or moved),
        messages=patch.messages,
        inverse=partial(apply_code_patch, patch=inverse),
    )
    return changes, inserted


def _id(row: CodeRow) -> int:
    if row.id is None:
        raise ValueError("only a code to insert may come without an id")
    return row.id


def _coding_rows(session: Session, ids: Sequence[int]) -> tuple[CodingRow, ...]:
    if not ids:
        return ()
    found = coding_rows(session, Coding.id.in_(ids))
    if len(found) != len(set(ids)):
        raise InputError("a coding to remove is no longer in the project")
    return found


def _documents_of(session: Session, coding_ids: list[int]) -> frozenset[int]:
    if not coding_ids:
        return frozenset()
    return frozenset(session.scalars(
        select(Coding.document_id).where(Coding.id.in_(coding_ids)).distinct()))


def _delete_codings(session: Session, ids: Sequence[int]) -> None:
    if ids:
        session.execute(delete(Coding).where(Coding.id.in_(ids)))


def _insert_codes(session: Session, rows: Sequence[CodeRow]) -> list[int]:
    ids = []
    for row in rows:
        values = {k: v for k, v in vars(row).items() if not (k == "id" and v is None)}
        values["name"] = _temporary_name(row)
        values["row_version"] = row.row_version + 1
        ids.append(session.execute(insert(Code).values(**values).returning(Code.id)).scalar_one())
    return ids


def _update_code(session: Session, code_id: int, **values: object) -> None:
    session.execute(update(Code).where(Code.id == code_id).values(**values, **bumped())
                    .execution_options(synchronize_session=False))


def _repoint_codings(session: Session, moves: Sequence[tuple[int, int]]) -> None:
    by_code: dict[int, list[int]] = {}
    for coding_id, code_id in moves:
        by_code.setdefault(code_id, []).append(coding_id)
    for code_id, coding_ids in by_code.items():
        session.execute(update(Coding).where(Coding.id.in_(coding_ids)).values(code_id=code_id)
                        .execution_options(synchronize_session=False))


def _delete_codes(session: Session, ids: Sequence[int]
                  ) -> tuple[tuple[CodeRow, ...], tuple[CodingRow, ...]]:
    """Delete codes, the sub-codes still below them and their codings; return them all."""
    if not ids:
        return (), ()
    order: list[int] = []
    for code_id in ids:
        if code_id not in order:
            order.extend([code_id, *(d for d in descendant_ids(session, code_id)
                                     if d not in order)])
    rows = code_rows(session, order)
    if len(rows) != len(order):
        raise InputError("a code to delete is no longer in the codebook")
    codings = coding_rows(session, Coding.code_id.in_(order))
    session.execute(delete(Coding).where(Coding.code_id.in_(order)))
    session.execute(delete(Code).where(Code.id.in_(order)))
    return tuple(rows[i] for i in order), codings

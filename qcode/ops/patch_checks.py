"""Checks an undo (or redo) of a codebook change passes before it writes anything.

An inverse :class:`~qcode.ops.codebook_patch.CodePatch` puts rows back as they were. On a team
server another analyst may have changed or deleted some of them since, and writing the old rows
back would overwrite their work without a word, or fail on a reference that is gone. So an
inverse names the rows as its op left them (``expect_codes``) and is refused, with one line
saying what changed, when:

- a code it touches was changed (its fields are no longer as the op left them) or deleted;
- a code it would put back hangs under a parent that was deleted;
- a code it would delete has sub-codes or codings that the op did not put there;
- a coding it would put back, move or delete, or the document or coder it belongs to, is gone.

Nothing is written when one of these holds: the caller's transaction is rolled back.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.derived.tree import Codebook
from qcode.errors import ChangedMeanwhile
from qcode.models import Code, Coder, Coding, Document
from qcode.ops.code_versions import (
    NOTHING_UNDONE,
    changed_line,
    code_state,
    deleted_line,
    someone,
)
from qcode.ops.codings_undo import existing

if TYPE_CHECKING:
    from qcode.ops.codebook_patch import CodePatch, CodeRow
    from qcode.ops.codings import CodingRow


def check_patch(session: Session, patch: CodePatch, current: dict[int, CodeRow]) -> None:
    """Refuse ``patch`` (an inverse) when another edit got in its way; ``current`` holds the
    stored rows of the codes it expects (read by the caller)."""
    _check_expected(session, patch.expect_codes, current)
    _check_parents(session, patch.insert_codes)
    _check_codings_there(session, [*patch.delete_codings, *(c for c, _ in patch.repoint_codings)])
    _check_coding_refs(session, patch.insert_codings, {r.id for r in patch.insert_codes})
    _check_nothing_added_below(session, patch)


def _check_expected(session: Session, expected: Sequence[CodeRow],
                    current: dict[int, CodeRow]) -> None:
    for row in expected:
        assert row.id is not None
        now = current.get(row.id)
        if now is None:
            raise ChangedMeanwhile(deleted_line(session, row.name, NOTHING_UNDONE))
        if now != row:
            state = code_state(session, row.id)
            assert state is not None
            raise ChangedMeanwhile(changed_line(session, row.name, state, NOTHING_UNDONE))


def _check_parents(session: Session, rows: Sequence[CodeRow]) -> None:
    """Codes to put back need their parents: stored, or put back by the same patch first."""
    coming = {r.id for r in rows}
    wanted = {r.parent_id for r in rows if r.parent_id is not None} - coming
    there = existing(session, Code.id, wanted)
    for row in rows:
        if row.parent_id in wanted and row.parent_id not in there:
            raise ChangedMeanwhile(f"the code {row.name!r} was under was deleted"
                                   f"{someone(session)} meanwhile; {NOTHING_UNDONE}")


def _check_codings_there(session: Session, ids: Collection[int]) -> None:
    if len(existing(session, Coding.id, ids)) != len(set(ids)):
        raise ChangedMeanwhile(f"a coding this change touched was deleted{someone(session)} "
                               f"meanwhile; {NOTHING_UNDONE}")


def _check_coding_refs(session: Session, rows: Sequence[CodingRow],
                       coming_codes: set[int | None]) -> None:
    """Codings to put back need their document, coder and code (stored or coming back)."""
    if not rows:
        return
    who = someone(session)
    documents = existing(session, Document.id, {r.document_id for r in rows})
    if len(documents) != len({r.document_id for r in rows}):
        raise ChangedMeanwhile(f"a document with codings to put back was deleted{who} "
                               f"meanwhile; {NOTHING_UNDONE}")
    coders = existing(session, Coder.id, {r.coder_id for r in rows})
    if len(coders) != len({r.coder_id for r in rows}):
        raise ChangedMeanwhile(f"a coder with codings to put back was removed{who} meanwhile; "
                               f"{NOTHING_UNDONE}")
    codes = {r.code_id for r in rows} - coming_codes
    if len(existing(session, Code.id, codes)) != len(codes):
        raise ChangedMeanwhile(f"a code with codings to put back was deleted{who} meanwhile; "
                               f"{NOTHING_UNDONE}")
    if existing(session, Coding.id, {r.id for r in rows}):
        raise ChangedMeanwhile(f"a coding to put back is already there again{who}; "
                               f"{NOTHING_UNDONE}")


def _check_nothing_added_below(session: Session, patch: CodePatch) -> None:
    """Codes to delete may carry only the sub-codes deleted with them and no codings but those
    the patch moves away or deletes itself: anything else was added meanwhile."""
    if not patch.delete_codes:
        return
    going = set(patch.delete_codes)
    tree = Codebook.read(session)  # once: every code's sub-codes are looked up in it
    below = {d for code_id in going for d in tree.subtree(code_id)[1:]}
    for row in patch.update_codes:  # sub-codes the patch moves up out of the deleted codes
        if row.parent_id not in going and row.id in below:
            below -= set(tree.subtree(row.id))
    names = dict(session.execute(select(Code.id, Code.name).where(
        Code.id.in_(sorted(going | below)))).all())
    if below - going:
        added = names[min(below - going)]
        raise ChangedMeanwhile(f"the sub-code {added!r} was added{someone(session)} meanwhile "
                               f"under a code this would delete; {NOTHING_UNDONE}")
    handled = {*patch.delete_codings, *(c for c, _ in patch.repoint_codings)}
    on_them = session.execute(select(Coding.id, Coding.code_id).where(
        Coding.code_id.in_(sorted(going)))).all()
    extra = [code_id for coding_id, code_id in on_them if coding_id not in handled]
    if extra:
        raise ChangedMeanwhile(f"code {names[extra[0]]!r} got new codings{someone(session)} "
                               f"meanwhile, which this would delete; {NOTHING_UNDONE}")


"""The options checked against the project: coder ids per side, code rows, documents.

Every name a user typed must name something: an unknown coder, code or document is one
:class:`~qcode.errors.NotFound` line naming it, before any counting.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.analysis.codebook import codebook_order
from qcode.derived.tree import Codebook
from qcode.errors import NotFound
from qcode.models import Coder, Document
from qcode.resolve import resolve_code, resolve_document
from qcode.team.options import AgreementOptions

MAX_LISTED = 8


@dataclass(frozen=True)
class CodeRow:
    """A row of the table: a code, and the codes whose codings it counts (itself, or with
    roll-up its whole subtree)."""

    code_id: int
    path: str
    members: tuple[int, ...]


@dataclass(frozen=True)
class DocumentRef:
    """A document as counted: its current text's version and length (code points)."""

    id: int
    name: str
    version: int
    length: int


@dataclass(frozen=True)
class Selection:
    side_of: dict[int, int]  # coder id -> side (0, 1, ...)
    sides: int
    codes: tuple[CodeRow, ...]  # codebook order
    documents: tuple[DocumentRef, ...]  # document order (position, then id)


def _coder_ids(session: Session, options: AgreementOptions) -> dict[int, int]:
    known = dict(session.execute(select(Coder.name, Coder.id)).all())
    side_of: dict[int, int] = {}
    for side, names in enumerate(options.sides):
        for name in names:
            if name not in known:
                listed = ", ".join(sorted(known)[:MAX_LISTED])
                hint = f" (coders: {listed})" if listed else " (the project has no coders)"
                raise NotFound(f"no coder named {name!r}{hint}")
            side_of[known[name]] = side
    return side_of


def _code_rows(session: Session, options: AgreementOptions) -> tuple[CodeRow, ...]:
    labels = codebook_order(session)
    if options.codes:
        chosen = {resolve_code(session, typed).id for typed in options.codes}
        labels = [label for label in labels if label.code_id in chosen]
    tree = Codebook.read(session) if options.rollup else None
    return tuple(CodeRow(label.code_id, label.path,
                         tuple(sorted(tree.subtree(label.code_id))) if tree
                         else (label.code_id,))
                 for label in labels)


def _documents(session: Session, options: AgreementOptions) -> tuple[DocumentRef, ...]:
    chosen = {resolve_document(session, typed).id for typed in options.documents}
    rows = session.execute(select(Document.id, Document.name, Document.version,
                                  func.length(Document.text))
                           .order_by(Document.position, Document.id)).all()
    return tuple(DocumentRef(r[0], r[1], r[2], int(r[3] or 0)) for r in rows
                 if not chosen or r[0] in chosen)


def select_subjects(session: Session, options: AgreementOptions) -> Selection:
    """Resolve every name in ``options`` against the project."""
    return Selection(_coder_ids(session, options), len(options.sides),
                     _code_rows(session, options), _documents(session, options))

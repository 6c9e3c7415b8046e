"""What an operation changed, and how to take it back.

Every change to a project is a plain function ``op(session, *, ...) -> Changes``. Widgets refresh
from the ids a ``Changes`` names; the UI pushes ``changes.inverse`` on its undo stack. An inverse
is itself an op (a ``functools.partial`` over plain data, never ORM objects), so running it returns
a ``Changes`` whose inverse redoes the original.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import partial

from sqlalchemy.orm import Session

Op = Callable[[Session], "Changes"]


@dataclass(frozen=True)
class Changes:
    description: str = ""
    documents: frozenset[int] = frozenset()
    codes: frozenset[int] = frozenset()
    codings: frozenset[int] = frozenset()
    coders: frozenset[int] = frozenset()
    attributes: frozenset[int] = frozenset()
    #: the codebook's shape changed (codes added, removed, moved or reordered)
    codebook_tree: bool = False
    #: project-level facts (name, memo) changed
    project: bool = False
    #: things the user should be told (skipped duplicates, ...)
    messages: tuple[str, ...] = ()
    inverse: Op | None = field(default=None, compare=False, repr=False)

    @property
    def empty(self) -> bool:
        return not any(
            getattr(self, f.name) for f in fields(self) if f.name not in ("description", "inverse")
        )

    def merged(self, other: Changes) -> Changes:
        """Both changes in one; the inverse undoes ``other`` first, then ``self``."""
        inverse: Op | None = None
        if self.inverse is not None and other.inverse is not None:
            inverse = _Sequence((other.inverse, self.inverse), self.description)
        elif self.empty and self.inverse is None:
            inverse = other.inverse  # nothing to undo on this side
        elif other.empty and other.inverse is None:
            inverse = self.inverse
        return Changes(
            description=self.description or other.description,
            documents=self.documents | other.documents,
            codes=self.codes | other.codes,
            codings=self.codings | other.codings,
            coders=self.coders | other.coders,
            attributes=self.attributes | other.attributes,
            codebook_tree=self.codebook_tree or other.codebook_tree,
            project=self.project or other.project,
            messages=self.messages + other.messages,
            inverse=inverse,
        )


@dataclass(frozen=True)
class _Sequence:
    """Runs several ops in order in one session; its result's inverse runs theirs backwards."""

    ops: tuple[Op, ...]
    description: str

    def __call__(self, session: Session) -> Changes:
        results = [op(session) for op in self.ops]
        total = Changes(description=self.description)
        for changes in results:
            total = total.merged(changes)
        inverses = tuple(c.inverse for c in reversed(results) if c.inverse is not None)
        return replace(total, inverse=_Sequence(inverses, self.description))


def no_change(session: Session, *, description: str = "") -> Changes:
    """An op that changes nothing (the inverse of an op that found nothing to do)."""
    return Changes(description=description, inverse=partial(no_change, description=description))


def combine(description: str, parts: Sequence[Changes]) -> Changes:
    """Several ops' changes as one, described as ``description``; the inverse undoes them all,
    the last first. Unlike folding over an empty ``Changes()``, the inverse is kept. Parts that
    changed nothing and have no inverse (``ensure_coder`` finding the coder) are left out."""
    parts = [p for p in parts if p.inverse is not None or not p.empty]
    if not parts:
        return Changes(description=description,
                       inverse=partial(no_change, description=description))
    total = parts[0]
    for part in parts[1:]:
        total = total.merged(part)
    return replace(total, description=description)

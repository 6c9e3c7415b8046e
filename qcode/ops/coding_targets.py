"""What adding codings must know first, read in one statement: the codings' documents
(length, name, version), which of their codes and coders exist, and (unless the caller has
already left them out) the codings the project already holds on those documents and codes.

Applying a code is the gesture an analyst repeats all day; on a server each statement is a
round trip, and these four reads were four of them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import partial

from sqlalchemy import CompoundSelect, Select, bindparam, func, literal_column, select, union_all
from sqlalchemy.orm import Session

from qcode.derived.bulk import bound_rows
from qcode.models import Code, Coder, Coding, Document

#: ``(document, code, coder, start, end)`` of a coding
CodingKey = tuple[int, int, int, int, int]


@dataclass(frozen=True)
class Targets:
    """The facts :func:`read_targets` found."""

    #: per document: (length of its text in code points, name, current version)
    documents: dict[int, tuple[int, str, int]]
    codes: frozenset[int]
    coders: frozenset[int]
    #: the codings already on the documents with the codes (empty when not asked for)
    existing: frozenset[CodingKey]


def read_targets(session: Session, *, documents: Collection[int], codes: Collection[int],
                 coders: Collection[int], existing: bool) -> Targets:
    """The facts about ``documents``, ``codes`` and ``coders``; with ``existing``, the codings
    the project holds on those documents with those codes."""
    session.flush()
    values = {"documents": sorted(set(documents)), "codes": sorted(set(codes)),
              "coders": sorted(set(coders))}
    rows = bound_rows(session, ("coding targets", existing), partial(_facts, existing),
                      **values)
    found: tuple[dict, set[int], set[int], set[CodingKey]] = ({}, set(), set(), set())
    for kind, key, a, b, c, d, name in rows:
        if kind == 0:
            found[0][key] = (a, name, b)
        elif kind == 3:
            found[3].add((key, a, b, c, d))
        else:
            found[kind].add(key)
    return Targets(found[0], frozenset(found[1]), frozenset(found[2]), frozenset(found[3]))


def _facts(existing: bool) -> CompoundSelect:
    """The statement :func:`read_targets` runs (its id lists bound when it runs)."""
    zero, blank = literal_column("0"), literal_column("''")
    documents, codes = bindparam("documents", expanding=True), bindparam("codes", expanding=True)
    parts: list[Select] = [
        select(literal_column("0"), Document.id, func.length(Document.text), Document.version,
               zero, zero, Document.name).where(Document.id.in_(documents)),
        select(literal_column("1"), Code.id, zero, zero, zero, zero, blank)
        .where(Code.id.in_(codes)),
        select(literal_column("2"), Coder.id, zero, zero, zero, zero, blank)
        .where(Coder.id.in_(bindparam("coders", expanding=True))),
    ]
    if existing:
        parts.append(select(literal_column("3"), Coding.document_id, Coding.code_id,
                            Coding.coder_id, Coding.start, Coding.end, blank)
                     .where(Coding.document_id.in_(documents), Coding.code_id.in_(codes)))
    return union_all(*parts)

"""The codebook as the codebook panel shows it: every code with its place and its use.

Plain frozen dataclasses read in a few queries; segment and document counts, the code's own and
with its sub-codes, are counted by the database (:mod:`qcode.codebook_counts`), not in Python:
all of them when the panel first loads, afterwards only those of the codes a change touched.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from qcode.codebook_counts import code_counts, coder_counts, subtree_counts
from qcode.errors import NotFound
from qcode.models import Code, Coding
from qcode.ops.codings import covered_text
from qcode.queries import PATH_SEP, descendant_ids, without_loops


@dataclass(frozen=True)
class CodeNode:
    """One code of the tree. ``segments`` and ``documents`` count the code's own codings;
    ``segments_total`` and ``documents_total`` those of the code and all codes below it."""

    id: int
    uuid: str
    parent_id: int | None
    name: str
    path: str
    colour: str
    description: str
    position: int
    segments: int
    documents: int
    has_memo: bool
    segments_total: int
    documents_total: int
    #: the code's row version when read: an edit made on this node names it, and is refused
    #: if someone changed the code since (qcode.ops.code_versions)
    row_version: int = 0


@dataclass(frozen=True)
class DeleteImpact:
    """What deleting a code takes with it, for the confirmation question."""

    code_id: int
    name: str
    codings: int
    documents: int
    #: direct sub-codes, and every code below (any depth)
    children: int
    descendants: int
    #: codings of all the codes below
    descendant_codings: int


def codebook_nodes(session: Session, *, known: Mapping[int, CodeNode] | None = None,
                   recount: Collection[int] = (),
                   coder_ids: Collection[int] | None = None) -> tuple[CodeNode, ...]:
    """Every code in tree order (depth first, siblings by position): parents before children.

    With ``known`` (the nodes shown before a change), only the codes in ``recount``, their
    ancestors and the codes ``known`` lacks have their counts read; every other code keeps its
    known counts. (A code moved elsewhere changes its old ancestors' totals too: the caller
    names those, from the tree it showed.) The code rows themselves (a few hundred, never
    the codings) are always read afresh, so names, paths, colours and the shape are current.
    With ``coder_ids``, the counts are of those coders' codings only (a coder filter).
    """
    rows = session.execute(
        select(Code.id, Code.uuid, Code.parent_id, Code.name, Code.colour, Code.description,
               Code.position, func.length(Code.memo) > 0, Code.row_version)
        .order_by(Code.position, Code.id)
    ).all()
    parents = without_loops({row.id: row.parent_id for row in rows})  # SQL may leave a loop
    counts, totals = _counts(session, parents, known, recount, coder_ids)
    children: dict[int | None, list] = {}
    for row in rows:
        children.setdefault(parents[row.id], []).append(row)
    out: list[CodeNode] = []

    def visit(parent_id: int | None, prefix: str) -> None:
        for row in children.get(parent_id, []):
            path = f"{prefix}{row.name}"
            segments, documents = counts.get(row.id, (0, 0))
            out.append(CodeNode(row.id, row.uuid, parents[row.id], row.name, path, row.colour,
                                row.description, row.position, segments, documents,
                                bool(row[7]), *totals.get(row.id, (0, 0)), row.row_version))
            visit(row.id, f"{path}{PATH_SEP}")

    visit(None, "")
    return tuple(out)


def _read_counts(session: Session, code_ids: Collection[int] | None,
                 coder_ids: Collection[int] | None
                 ) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
    """Own and sub-tree counts of ``code_ids`` (or all): of every coding, or of
    ``coder_ids``' only."""
    if coder_ids is not None:
        return coder_counts(session, coder_ids, code_ids)
    return code_counts(session, code_ids), subtree_counts(session, code_ids)


def _counts(session: Session, parents: dict[int, int | None],
            known: Mapping[int, CodeNode] | None, recount: Collection[int],
            coder_ids: Collection[int] | None = None
            ) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
    """Own and sub-tree counts: read for the codes to count, copied for the others."""
    if known is None:
        return _read_counts(session, None, coder_ids)
    wanted = {c for c in parents if c not in known}
    climbed: set[int] = set()
    for code_id in recount:
        step: int | None = code_id
        while step in parents and step not in climbed:
            climbed.add(step)
            step = parents[step]
    wanted |= climbed
    counts, totals = _read_counts(session, wanted, coder_ids) if wanted else ({}, {})
    for code_id in parents.keys() - wanted:
        node = known[code_id]
        counts[code_id] = (node.segments, node.documents)
        totals[code_id] = (node.segments_total, node.documents_total)
    return counts, totals


def recounted(session: Session, nodes: Iterable[CodeNode],
              coder_ids: Collection[int] | None = None) -> tuple[CodeNode, ...]:
    """``nodes`` (of codes that still exist) with their counts read again, nothing else: a
    coding applied or removed changes the counts of its code and the code's ancestors only.
    With ``coder_ids``, the counts are of those coders' codings only."""
    known = {n.id: n for n in nodes}
    counts, totals = _read_counts(session, known, coder_ids)
    return tuple(replace(node, segments=counts.get(code_id, (0, 0))[0],
                         documents=counts.get(code_id, (0, 0))[1],
                         segments_total=totals.get(code_id, (0, 0))[0],
                         documents_total=totals.get(code_id, (0, 0))[1])
                 for code_id, node in known.items() if code_id in counts)


def delete_impact(session: Session, code_id: int) -> DeleteImpact:
    """How many codings, documents and sub-codes a deletion of ``code_id`` concerns."""
    name = session.scalar(select(Code.name).where(Code.id == code_id))
    if name is None:
        raise NotFound(f"no code with id {code_id}")
    below = descendant_ids(session, code_id)
    codings, documents = session.execute(
        select(func.count(Coding.id), func.count(distinct(Coding.document_id)))
        .where(Coding.code_id == code_id)).one()
    children = session.scalar(select(func.count(Code.id)).where(Code.parent_id == code_id)) or 0
    below_codings = (session.scalar(select(func.count(Coding.id))
                                    .where(Coding.code_id.in_(below))) or 0) if below else 0
    return DeleteImpact(code_id, name, codings, documents, children, len(below), below_codings)


def span_text(session: Session, document_id: int, start: int, end: int) -> str:
    """The text of [start, end) of a document (InputError for a span that is not in it)."""
    return covered_text(session, document_id, start, end)


def code_id_of_uuid(session: Session, code_uuid: str) -> int | None:
    """The id of the code with this uuid (quick keys remember codes by uuid)."""
    return session.scalar(select(Code.id).where(Code.uuid == code_uuid))

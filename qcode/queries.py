"""Look-ups shared by operations, the CLI and the UI: find things by what a user types."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.errors import NotFound
from qcode.models import Code, Coder, Document

PATH_SEP = "/"


def find_document(session: Session, ref: str | int) -> Document:
    """A document by exact name, else by id (``ref`` as typed on a command line)."""
    doc = session.scalar(select(Document).where(Document.name == str(ref)))
    if doc is None and str(ref).isdigit():
        doc = session.get(Document, int(ref))
    if doc is None:
        raise NotFound(f"no document named {ref!r}")
    return doc


def split_path(path: str) -> list[str]:
    """``"Trust/Credibility"`` -> ``["Trust", "Credibility"]``; empty parts are refused."""
    parts = [p.strip() for p in path.split(PATH_SEP)]
    if not path.strip() or any(not p for p in parts):
        raise NotFound(f"not a code path: {path!r}")
    return parts


def child_code(session: Session, parent_id: int | None, name: str) -> Code | None:
    parent_match = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    return session.scalar(select(Code).where(parent_match, Code.name == name))


def find_code(session: Session, path: str) -> Code:
    """A code by its path from the top of the codebook, e.g. ``Trust/Credibility``."""
    code: Code | None = None
    for name in split_path(path):
        code = child_code(session, code.id if code else None, name)
        if code is None:
            raise NotFound(f"no code {path!r} in the codebook")
    assert code is not None
    return code


def without_loops(parents: dict[int, int | None]) -> dict[int, int | None]:
    """``parents`` (code -> parent) with every loop cut. A codebook the app wrote is a tree,
    but SQL from outside it may leave a code under itself or A under B under A; each loop
    is cut at its code with the lowest id, which then counts as a top-level code, so every
    walk up the tree ends and every code has one path."""
    cut = dict(parents)
    done: set[int] = set()
    for start in parents:
        path: list[int] = []
        on_path: set[int] = set()
        node: int | None = start
        while node is not None and node in cut and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = cut[node]
        if node is not None and node in on_path:  # the walk came back: a loop
            loop = path[path.index(node):]
            cut[min(loop)] = None
        done.update(path)
    return cut


def code_path(session: Session, code_id: int) -> str:
    """The path of ``code_id`` from the top of the codebook."""
    names: list[str] = []
    seen: set[int] = set()
    code = session.get(Code, code_id)
    while code is not None:
        if code.id in seen:  # a loop: read the whole codebook and cut it
            return code_paths(session).get(code_id, "")
        seen.add(code.id)
        names.append(code.name)
        code = session.get(Code, code.parent_id) if code.parent_id is not None else None
    return PATH_SEP.join(reversed(names))


def code_paths(session: Session) -> dict[int, str]:
    """Path of every code, in one query (loops cut: :func:`without_loops`)."""
    rows = session.execute(select(Code.id, Code.parent_id, Code.name)).all()
    parent = without_loops({r.id: r.parent_id for r in rows})
    name = {r.id: r.name for r in rows}
    paths: dict[int, str] = {}
    for cid in parent:
        names: list[str] = []
        node: int | None = cid
        while node is not None and node in parent and node not in paths:
            names.append(name[node])
            node = parent[node]
        above = paths.get(node) if node is not None else None
        if above is not None:
            names.append(above)
        paths[cid] = PATH_SEP.join(reversed(names))
    return paths


def descendant_ids(session: Session, code_id: int) -> list[int]:
    """Ids of every code below ``code_id`` (not itself), parents before children (loops cut:
    :func:`without_loops`)."""
    rows = session.execute(select(Code.id, Code.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for cid, parent in without_loops({r.id: r.parent_id for r in rows}).items():
        children.setdefault(parent, []).append(cid)
    out: list[int] = []
    stack = list(children.get(code_id, []))
    while stack:
        cid = stack.pop(0)
        out.append(cid)
        stack.extend(children.get(cid, []))
    return out


def find_coder(session: Session, name: str) -> Coder | None:
    return session.scalar(select(Coder).where(Coder.name == name))


def document_length(session: Session, document_id: int) -> int:
    """Characters (code points) of a document, counted by the database."""
    length = session.scalar(select(func.length(Document.text)).where(Document.id == document_id))
    if length is None:
        raise NotFound(f"no document with id {document_id}")
    return int(length)

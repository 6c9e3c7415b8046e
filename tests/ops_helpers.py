"""Helpers for operation tests: whole-database dumps, and undo/redo checked against them."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select

from qcode.changes import Changes
from qcode.models import Base
from qcode.project import Project

#: bookkeeping that counts edits, so an undo moves it on rather than back (migration 0012)
_EDIT_COUNTERS = {("codes", "row_version"), ("codes", "changed_by")}


def dump(project: Project) -> dict[str, list[tuple]]:
    """Every row of every table, ordered by primary key: equal dumps mean equal projects
    (codes' row versions aside: an undo is an edit too, so it gives the next version)."""
    out: dict[str, list[tuple]] = {}
    with project.reading() as s:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if (table.name, c.name) not in _EDIT_COUNTERS]
            rows = s.execute(select(*columns).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


def counts(project: Project) -> dict[str, int]:
    return {name: len(rows) for name, rows in dump(project).items()}


def undo(project: Project, changes: Changes) -> Changes:
    assert changes.inverse is not None
    with project.transaction() as s:
        return changes.inverse(s)


def check_undo_redo(project: Project, before: dict, changes: Changes) -> Changes:
    """Undo ``changes`` (the project must equal ``before``), redo, and check the redo matches
    the state right after the op. Returns the redo's Changes."""
    after = dump(project)
    assert after != before, "the op changed nothing"
    undone = undo(project, changes)
    assert dump(project) == before
    redone = undo(project, undone)
    assert dump(project) == after
    return redone


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def project_sha(project: Project) -> str:
    """sha256 of the project file with the WAL folded in: equal means nothing was written."""
    from qcode import db

    db.checkpoint(project.engine)
    return sha256(project.path)

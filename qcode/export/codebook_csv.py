"""The codebook as CSV (``path``, ``colour``, ``description``), in codebook order.

Written as UTF-8 with a byte order mark so that Excel shows Arabic names correctly, through
:mod:`qcode.export.csv_file`: a name or description that starts like a formula is written with a
leading ``'`` (it stays as typed in the project), and a failed export never leaves half a file.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.export.csv_file import write_csv_rows
from qcode.models import Code
from qcode.queries import PATH_SEP

HEADER = ("path", "colour", "description")


def codebook_rows(session: Session) -> list[tuple[str, str, str]]:
    """(path, colour, description) of every code, parents first, siblings in order."""
    rows = session.execute(select(Code.id, Code.parent_id, Code.name, Code.colour,
                                  Code.description).order_by(Code.position, Code.id)).all()
    children: dict[int | None, list] = {}
    for r in rows:
        children.setdefault(r.parent_id, []).append(r)
    out: list[tuple[str, str, str]] = []
    stack = [(r, r.name) for r in reversed(children.get(None, []))]
    while stack:
        row, path = stack.pop()
        out.append((path, row.colour, row.description))
        stack.extend((c, f"{path}{PATH_SEP}{c.name}") for c in reversed(children.get(row.id, [])))
    return out


def export_codebook_csv(session: Session, path: str | Path) -> int:
    """Write the codebook to ``path``; returns the number of codes written."""
    rows = codebook_rows(session)
    write_csv_rows(path, [HEADER, *rows], bom=True)
    return len(rows)

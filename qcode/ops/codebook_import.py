"""Bulk imports into the codebook: a codebook CSV, and codings CSV (codes made on the fly).

Both check every row first and write nothing when one is bad (InputError naming its line); the
caller's transaction makes the writes one change that undo takes back as a whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.changes import Changes, combine
from qcode.errors import InputError, NotFound
from qcode.importers.codebook_csv import CodebookRow
from qcode.importers.codings_csv import CodingCsvRow
from qcode.models import Code, Coding, Document
from qcode.names import check_colour, check_name
from qcode.ops.codebook_bulk import ensure_code_paths
from qcode.ops.codebook_fields import describe_code, recolour_code
from qcode.ops.coders import ensure_coder
from qcode.ops.codings import NewCoding, add_codings
from qcode.queries import split_path

MAX_CODER = 200


def _bad(line: int, reason: str, source: Path | None, more: int = 0) -> InputError:
    extra = f" (and {more} more bad line{'s' * (more != 1)})" if more else ""
    return InputError(f"line {line}: {reason}{extra}", path=source)


def _check_path(path: str) -> None:
    try:
        for name in split_path(path):
            check_name(name)
    except NotFound:
        raise InputError(f"not a code path: {path!r}") from None


def import_codebook(session: Session, *, rows: Sequence[CodebookRow]) -> Changes:
    """Create the codes of a codebook CSV (parents as needed) or update existing ones.

    An existing code gets the row's colour and description where the row gives them; an empty
    cell leaves the code's value as it is.
    """
    for row in rows:
        try:
            _check_path(row.path)
            if row.colour is not None:
                check_colour(row.colour)
        except InputError as exc:
            raise _bad(row.line, exc.reason, row.source) from None
    new_colours = {row.path: check_colour(row.colour) for row in rows if row.colour is not None}
    descriptions = {row.path: row.description for row in rows}
    ids, made = ensure_code_paths(session, [row.path for row in rows], new_colours,
                                  descriptions)
    parts: list[Changes] = [made]
    for row in rows:
        if ids[row.path] not in made.codes:
            parts.extend(_update(session, ids[row.path], row))
    return combine(f"Import codebook ({len(rows)} codes)", parts)


def _update(session: Session, code_id: int, row: CodebookRow) -> list[Changes]:
    """An existing code takes the row's colour and description where the row gives them."""
    code = session.get(Code, code_id)
    assert code is not None
    out = []
    if row.colour is not None and check_colour(row.colour) != code.colour:
        out.append(recolour_code(session, code_id=code_id, colour=row.colour))
    if row.description is not None and row.description != code.description:
        out.append(describe_code(session, code_id=code_id, description=row.description))
    return out


def import_codings(session: Session, *, rows: Sequence[CodingCsvRow],
                   default_coder: str) -> Changes:
    """Add the codings of a codings CSV; codes and coders that do not exist yet are created.

    A row identical to a coding already in the project (same document, code, coder and span),
    or to an earlier row, is skipped and counted in ``messages``.
    """
    documents = _documents(session)
    _check_rows(rows, documents, default_coder)
    code_ids, made = ensure_code_paths(session, [row.code for row in rows])
    coder_ids: dict[str | None, int] = {}  # by the row's coder cell, as written
    parts: list[Changes] = [made]
    for raw in dict.fromkeys(row.coder for row in rows):  # in the order first met
        coder = (raw or default_coder).strip()
        coder_ids[raw], made = ensure_coder(session, coder)
        parts.append(made)
    existing = _existing_keys(session, list(code_ids.values()))
    new: list[NewCoding] = []
    for row in rows:
        key = (documents[row.document][0], code_ids[row.code], coder_ids[row.coder], row.start,
               row.end)
        if key not in existing:
            existing.add(key)
            new.append(NewCoding(*key, row.memo))
    parts.append(add_codings(session, codings=new, unique=True))
    changes = combine(f"Import {len(new)} codings", parts)
    skipped = len(rows) - len(new)
    if skipped:
        note = f"{skipped} coding{'s' * (skipped != 1)} already in the project skipped"
        changes = replace(changes, messages=(*changes.messages, note))
    return changes


def _documents(session: Session) -> dict[str, tuple[int, int]]:
    """Document name -> (id, length in code points), counted by the database."""
    rows = session.execute(select(Document.id, Document.name, func.length(Document.text))).all()
    return {name: (doc_id, length) for doc_id, name, length in rows}


def _check_rows(rows: Sequence[CodingCsvRow], documents: dict[str, tuple[int, int]],
                default_coder: str) -> None:
    bad: list[tuple[CodingCsvRow, str]] = []
    paths: dict[str, str | None] = {}  # each code path checked once, not once per row
    for row in rows:
        reason = _row_problem(row, documents, default_coder, paths)
        if reason is not None:
            bad.append((row, reason))
    if bad:
        row, reason = bad[0]
        raise _bad(row.line, reason, row.source, more=len(bad) - 1)


def _row_problem(row: CodingCsvRow, documents: dict[str, tuple[int, int]],
                 default_coder: str, paths: dict[str, str | None]) -> str | None:
    if row.document not in documents:
        return f"no document named {row.document!r} in the project"
    length = documents[row.document][1]
    if row.start >= row.end:
        return f"empty span {row.start}-{row.end}: the end must be after the start"
    if row.start < 0 or row.end > length:
        return f"span {row.start}-{row.end} lies outside {row.document!r} (0-{length})"
    coder = (row.coder or default_coder).strip()
    if not coder or len(coder) > MAX_CODER:
        return f"not a coder name: {coder!r}"
    if row.code not in paths:
        try:
            _check_path(row.code)
            paths[row.code] = None
        except InputError as exc:
            paths[row.code] = exc.reason
    return paths[row.code]


def _existing_keys(session: Session, code_ids: list[int]) -> set[tuple[int, int, int, int, int]]:
    rows = session.execute(
        select(Coding.document_id, Coding.code_id, Coding.coder_id, Coding.start, Coding.end)
        .where(Coding.code_id.in_(code_ids)))
    return {tuple(r) for r in rows}

"""A REFI-QDA codebook (.qdc) into an existing project: what is new is added, nothing changed.

Each code of the file is matched to a code of the project by GUID, else by its path, so
importing the same codebook twice adds nothing; differing colours, descriptions and places are
reported, not applied; new codes keep the file's GUID, colour and description. The matching is
:mod:`qcode.ops.codebook_match`, shared with merging projects (:mod:`qcode.team.merge`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from qcode.changes import Changes
from qcode.errors import InputError
from qcode.exchange import records
from qcode.exchange.report import CODEBOOK, ImportReport
from qcode.ops.codebook_match import CodeMatch, add_missing_codes


def import_qdc_codes(session: Session, *, codes: Sequence[records.Code]
                     ) -> tuple[Changes, tuple[str, ...]]:
    """Add the codes of a codebook (parents before children) the project does not hold yet.

    Returns the change (its inverse takes the new codes out) and one line per difference
    noticed and not applied (a matched code's colour or description, a renamed code ...).
    """
    outcome = _import(session, codes)
    renames = tuple(f"code {old!r} arrives as {new!r}" for _, old, new in outcome.renamed)
    return outcome.changes, outcome.differences + renames


def import_qdc(session: Session, path: Path) -> ImportReport:
    """Import the codebook file at ``path``; InputError naming the file if it cannot be used."""
    from qcode.exchange.qde_read import read_codebook

    path = Path(path)
    skipped: list[records.Skipped] = []
    codes = read_codebook(path, skipped=skipped)
    try:
        outcome = _import(session, codes)
    except InputError as exc:
        if exc.path is not None:
            raise
        raise InputError(exc.reason, path=path) from None
    return ImportReport(file=path.name, kind=CODEBOOK, codes=outcome.added,
                        codes_matched=len(outcome.ids) - outcome.added,
                        renamed=outcome.renamed, differences=outcome.differences,
                        skipped=tuple(skipped), changes=outcome.changes)


def _import(session: Session, codes: Sequence[records.Code]) -> CodeMatch:
    return add_missing_codes(session, codes)

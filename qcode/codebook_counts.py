"""How much each code is used: coded segments and distinct documents, counted by the database."""

from __future__ import annotations

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from qcode.models import Code, Coding


def code_counts(session: Session) -> dict[int, tuple[int, int]]:
    """Code id -> (segments, documents) for every code; (0, 0) for a code never applied.

    Counts are the code's own codings, not its sub-codes'.
    """
    rows = session.execute(
        select(Code.id, func.count(Coding.id), func.count(distinct(Coding.document_id)))
        .outerjoin(Coding, Coding.code_id == Code.id)
        .group_by(Code.id)
    )
    return {code_id: (segments, documents) for code_id, segments, documents in rows}

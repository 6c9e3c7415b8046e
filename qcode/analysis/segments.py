"""The coded segments table: one row per coding, tidy, for listing, quoting and re-analysis."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis.codebook import codebook_order, subtree_labels
from qcode.analysis.options import SegmentOptions
from qcode.analysis.results import CodedSegment, SegmentsTable
from qcode.analysis.scope import resolve
from qcode.analysis.speakers import speaker_of_start, time_of_start
from qcode.covered import covered_texts
from qcode.models import Attribute, Coder, Coding, Document, DocumentAttribute
from qcode.progress import Progress, report


def _attribute_values(session: Session, attribute_ids: list[int]
                      ) -> dict[tuple[int, int], str]:
    rows = session.execute(select(DocumentAttribute.document_id, DocumentAttribute.attribute_id,
                                  DocumentAttribute.value)
                           .where(DocumentAttribute.attribute_id.in_(attribute_ids))).all()
    return {(r[0], r[1]): r[2] for r in rows}


def coded_segments(session: Session, options: SegmentOptions,
                   progress: Progress | None = None) -> SegmentsTable:
    """Every coding that counts, of the chosen codes (each with its subtree).

    Rows are ordered by code (codebook order), then document order, start, end and coding id.
    """
    scope = resolve(session, options.filters)
    codes = subtree_labels(session, codebook_order(session), options.codes)
    code_rank = {c.code_id: i for i, c in enumerate(codes)}
    attributes = session.execute(select(Attribute.id, Attribute.name)
                                 .order_by(Attribute.position, Attribute.id)).all()
    report(progress, 0, 2, "Reading codings")
    stmt = (select(Coding.id, Coding.code_id, Coding.document_id, Document.name,
                   Document.direction, Coder.name, Coding.start, Coding.end,
                   speaker_of_start(Coding.document_id, Coding.start), Coding.version, Coding.memo,
                   time_of_start(Coding.document_id, Coding.start))
            .join(Document, Document.id == Coding.document_id)
            .join(Coder, Coder.id == Coding.coder_id)
            .where(scope.codings(), Coding.code_id.in_(list(code_rank)))
            .order_by(Document.position, Document.id, Coding.start, Coding.end, Coding.id))
    rows = session.connection().execute(stmt).all() if code_rank else []
    rows.sort(key=lambda r: code_rank[r[1]])  # stable: document order within each code
    report(progress, 1, 2, "Reading attributes")
    values = _attribute_values(session, [a.id for a in attributes])
    paths = {c.code_id: c.path for c in codes}
    texts = covered_texts(session, [(r[2], r[9], r[6], r[7]) for r in rows])
    segments = tuple(
        CodedSegment(coding_id=r[0], document=r[3],
                     attributes=tuple(values.get((r[2], a.id)) for a in attributes),
                     code_id=r[1], code_path=paths[r[1]], coder=r[5], start=r[6], end=r[7],
                     speaker=r[8], text=text, memo=r[10], direction=r[4], time=r[11])
        for r, text in zip(rows, texts, strict=True))
    report(progress, 2, 2, "Done")
    return SegmentsTable(options, tuple(a.name for a in attributes), tuple(codes), segments)

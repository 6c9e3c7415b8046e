"""The columns of a matrix: documents, the values of one attribute, or speakers.

Each column has a key (document id, attribute value, speaker; ``None`` for "(missing)" and
"(no speaker)") and a length in characters, the denominator of its coverage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qcode.analysis.options import ColumnKind, MatrixOptions
from qcode.analysis.results import MISSING_LABEL, ColumnLabel
from qcode.analysis.scope import AttributeRef, Scope, find_attribute
from qcode.analysis.speakers import speaker_columns
from qcode.models import Document, DocumentAttribute

Key = int | str | None


@dataclass(frozen=True)
class Columns:
    kind: ColumnKind
    heading: str
    labels: tuple[ColumnLabel, ...]
    lengths: dict[Key, int]  # characters of each column
    total_length: int  # characters of every chosen document
    attribute: AttributeRef | None = None
    index: dict[Key, int] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {c.key: i for i, c in enumerate(self.labels)})

    @property
    def one_per_document(self) -> bool:
        """True if every document falls in exactly one column (documents, attribute values)."""
        return self.kind != "speakers"


def _number_or_text(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), value)
    except ValueError:
        return (1, 0.0, value)


def attribute_value_order(attribute: AttributeRef, values: list[str]) -> list[str]:
    """Numbers by value, everything else (text, ISO dates, choices) by code point order."""
    if attribute.type == "number":
        return sorted(values, key=_number_or_text)
    return sorted(values)


def document_columns(session: Session, scope: Scope) -> Columns:
    rows = session.execute(
        select(Document.id, Document.name, func.length(Document.text))
        .where(scope.documents(Document.id)).order_by(Document.position, Document.id)).all()
    labels = tuple(ColumnLabel(r[0], r[1]) for r in rows)
    lengths = {r[0]: int(r[2]) for r in rows}
    return Columns("documents", "Document", labels, lengths, sum(lengths.values()))


def attribute_columns(session: Session, scope: Scope, name: str) -> Columns:
    attribute = find_attribute(session, name)
    rows = session.execute(
        select(DocumentAttribute.value, func.sum(func.length(Document.text)))
        .select_from(Document)
        .outerjoin(DocumentAttribute, (DocumentAttribute.document_id == Document.id)
                   & (DocumentAttribute.attribute_id == attribute.id))
        .where(scope.documents(Document.id)).group_by(DocumentAttribute.value)).all()
    lengths = {r[0]: int(r[1]) for r in rows}
    labels = [ColumnLabel(v, v) for v in attribute_value_order(
        attribute, [v for v in lengths if v is not None])]
    if None in lengths:
        labels.append(ColumnLabel(None, MISSING_LABEL))
    return Columns("attribute", attribute.name, tuple(labels), lengths,
                   sum(lengths.values()), attribute)


def speakers(session: Session, scope: Scope) -> Columns:
    labels, lengths = speaker_columns(session, scope)
    total = session.scalar(select(func.coalesce(func.sum(func.length(Document.text)), 0))
                           .where(scope.documents(Document.id)))
    return Columns("speakers", "Speaker", labels, lengths, int(total or 0))


def build_columns(session: Session, scope: Scope, options: MatrixOptions) -> Columns:
    if options.columns == "attribute":
        assert options.attribute is not None
        return attribute_columns(session, scope, options.attribute)
    if options.columns == "speakers":
        return speakers(session, scope)
    return document_columns(session, scope)


def document_attribute_values(session: Session, scope: Scope, attribute: AttributeRef
                              ) -> dict[int, str | None]:
    """Each chosen document's value of ``attribute`` (None: no value)."""
    rows = session.execute(
        select(Document.id, DocumentAttribute.value).select_from(Document)
        .outerjoin(DocumentAttribute, (DocumentAttribute.document_id == Document.id)
                   & (DocumentAttribute.attribute_id == attribute.id))
        .where(scope.documents(Document.id))).all()
    return {r[0]: r[1] for r in rows}

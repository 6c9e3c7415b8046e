"""Importing read files into a project: documents and, optionally, their attributes, in one go.

Reading files (slow, may fail per file) happens before, with no session open; this step writes
everything in one transaction, so the project gets all the readable documents or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from qcode.changes import Changes
from qcode.importers import ReadBatch
from qcode.models import Document, SpeakerTurn
from qcode.project import Project


@dataclass(frozen=True)
class ImportSummary:
    imported: tuple[str, ...]
    turns: int
    messages: tuple[str, ...]
    failures: tuple[tuple[Path, str], ...]
    attributes: int = 0
    skipped: tuple[tuple[Path, str], ...] = ()  # files in folders not of a type qcode imports
    changes: Changes = field(default_factory=Changes, compare=False, repr=False)

    def line(self) -> str:
        parts = [f"imported {len(self.imported)} document{'s' * (len(self.imported) != 1)}",
                 f"{self.turns} speaker turns"]
        if self.attributes:
            parts.append(f"{self.attributes} attribute values")
        skipped = sum("skipped" in m for m in self.messages) + len(self.skipped)
        if skipped:
            parts.append(f"{skipped} skipped")
        if self.failures:
            parts.append(f"{len(self.failures)} failed")
        return ", ".join(parts)

    def as_dict(self) -> dict:
        return {
            "imported": list(self.imported),
            "turns": self.turns,
            "attribute_values": self.attributes,
            "messages": list(self.messages),
            "failures": [{"file": str(p), "reason": r} for p, r in self.failures],
            "skipped": [{"file": str(p), "reason": r} for p, r in self.skipped],
        }


def import_into(project: Project, batch: ReadBatch, *,
                attributes_csv: Path | None = None) -> ImportSummary:
    """Add the batch's documents, then apply the attribute table, in one transaction."""
    from qcode.importers.attributes_csv import read_attribute_csv
    from qcode.ops.attributes import apply_attribute_table
    from qcode.ops.documents import add_documents

    table = read_attribute_csv(attributes_csv) if attributes_csv is not None else None
    with project.transaction() as s:
        changes = add_documents(s, documents=batch.documents)
        imported = s.execute(
            select(Document.name, func.count(SpeakerTurn.id))
            .outerjoin(SpeakerTurn, SpeakerTurn.document_id == Document.id)
            .where(Document.id.in_(changes.documents))
            .group_by(Document.id).order_by(Document.position, Document.id)
        ).all()
        values = 0
        if table is not None:
            changes = changes.merged(apply_attribute_table(s, table=table))
            values = table.value_count
    return ImportSummary(
        imported=tuple(name for name, _ in imported),
        turns=sum(n for _, n in imported),
        messages=changes.messages,
        failures=tuple(batch.failures),
        attributes=values,
        skipped=tuple(batch.skipped),
        changes=changes,
    )

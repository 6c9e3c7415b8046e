"""CLI: ``qcode reimport PROJECT DOCUMENT FILE [--json]``: a corrected transcript over a document.

FILE is read as ``qcode import`` reads it; the document's text is then replaced by
:func:`qcode.ops.document_text.replace_document_text`, which keeps the old text and re-anchors
every coding it can. The summary says which codings moved, which kept their offsets and which
could not be placed: those stay on the old text (``qcode codings --unplaced``), never lost.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.cli.common import opened, print_json
from qcode.models import Coder, Coding, Document
from qcode.queries import code_paths
from qcode.resolve import resolve_document

if TYPE_CHECKING:
    from qcode.importers import ImportedDocument


@dataclass(frozen=True)
class Reimported:
    """What a re-import did to one document's codings."""

    document: str
    file: str
    moved: int
    kept: int
    unplaced: tuple[dict, ...]
    unchanged: bool = False

    def as_dict(self) -> dict:
        return dict(document=self.document, file=self.file, unchanged=self.unchanged,
                    moved=self.moved, kept=self.kept, unplaced=list(self.unplaced))

    def lines(self) -> list[str]:
        if self.unchanged:
            return [f"{self.file}: the same text as {self.document}; nothing changed"]
        head = (f"replaced the text of {self.document} with {self.file}: codings "
                f"{self.moved} moved, {self.kept} kept in place, {len(self.unplaced)} unplaced")
        rows = [f"  unplaced {u['id']}: {u['code']} ({u['coder']}) {_quoted(u['text'])}"
                for u in self.unplaced]
        hint = ["  (kept on the old text; list them with: qcode codings PROJECT --unplaced)"]
        return [head, *rows, *(hint if rows else [])]


def _quoted(text: str) -> str:
    quote = " ".join(text.split())
    return repr(quote if len(quote) <= 80 else quote[:77] + "...")


def cmd_reimport(args: argparse.Namespace) -> int:
    from qcode.importers import read_document  # the readers: only for this command

    imported = read_document(args.file)  # an unreadable file is one line naming it
    with opened(args.project) as project, project.transaction() as s:
        doc = resolve_document(s, args.doc)
        report = reimport(s, doc, imported)
    if args.json:
        print_json(report.as_dict())
    else:
        print("\n".join(report.lines()))
    return 0


def reimport(session: Session, doc: Document, imported: ImportedDocument) -> Reimported:
    """Replace ``doc``'s text and sort its codings into moved, kept in place and unplaced."""
    from qcode.ops.document_text import replace_document_text

    file = imported.original_filename
    if doc.text == imported.text:
        return Reimported(doc.name, file, 0, 0, (), unchanged=True)
    old_text, old_version, name = doc.text, doc.version, doc.name
    before = _spans(session, doc.id, old_version)
    replace_document_text(session, document_id=doc.id, text=imported.text,
                          turns=imported.turns, sha256=imported.sha256)
    after = _spans(session, doc.id, doc.version)
    kept = sum(1 for cid, span in after.items() if before.get(cid) == span)
    lost = sorted(set(before) - set(after))
    return Reimported(name, file, moved=len(after) - kept, kept=kept,
                      unplaced=tuple(_unplaced_rows(session, lost, old_text)))


def _spans(session: Session, document_id: int, version: int) -> dict[int, tuple[int, int]]:
    rows = session.execute(select(Coding.id, Coding.start, Coding.end).where(
        Coding.document_id == document_id, Coding.version == version))
    return {cid: (start, end) for cid, start, end in rows}


def _unplaced_rows(session: Session, coding_ids: list[int], old_text: str) -> list[dict]:
    """The codings left on the old text: id, code, coder and what they covered there."""
    if not coding_ids:
        return []
    paths = code_paths(session)
    rows = session.execute(
        select(Coding.id, Coding.uuid, Coding.code_id, Coder.name, Coding.start, Coding.end)
        .join(Coder, Coder.id == Coding.coder_id)
        .where(Coding.id.in_(coding_ids)).order_by(Coding.start, Coding.end, Coding.id))
    return [dict(id=cid, uuid=uuid, code=paths[code_id], coder=coder, text=old_text[start:end])
            for cid, uuid, code_id, coder, start, end in rows]

"""CLI: ``qcode reimport PROJECT DOCUMENT FILE [--json]``: a corrected transcript over a document.

FILE is read as ``qcode import`` reads it; the document's text is then replaced by
:func:`qcode.ops.document_text.replace_document_text`, which keeps the old text and re-anchors
every coding it can. The summary says which codings moved, which kept their offsets and which
could not be placed: those stay on the old text (``qcode codings --unplaced``), never lost.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from qcode.cli.common import opened, print_json
from qcode.resolve import resolve_document

if TYPE_CHECKING:
    from qcode.ops.reimport import ReimportSummary


def _lines(report: ReimportSummary) -> list[str]:
    if report.unchanged:
        return [f"{report.file}: the same text as {report.document}; nothing changed"]
    head = (f"replaced the text of {report.document} with {report.file}: codings "
            f"{report.moved} moved, {report.kept} kept in place, {len(report.unplaced)} unplaced")
    rows = [f"  unplaced {u.id}: {u.code} ({u.coder}) {_quoted(u.text)}" for u in report.unplaced]
    hint = ["  (kept on the old text; list them with: qcode codings PROJECT --unplaced)"]
    return [head, *rows, *(hint if rows else [])]


def _as_dict(report: ReimportSummary) -> dict:
    return dict(document=report.document, file=report.file, unchanged=report.unchanged,
                moved=report.moved, kept=report.kept,
                unplaced=[dict(id=u.id, uuid=u.uuid, code=u.code, coder=u.coder, text=u.text)
                          for u in report.unplaced])


def _quoted(text: str) -> str:
    quote = " ".join(text.split())
    return repr(quote if len(quote) <= 80 else quote[:77] + "...")


def cmd_reimport(args: argparse.Namespace) -> int:
    from qcode.importers import read_document  # the readers: only for this command
    from qcode.ops.reimport import reimport_document

    imported = read_document(args.file)  # an unreadable file is one line naming it
    reports: list[ReimportSummary] = []
    with opened(args.project) as project, project.transaction() as s:
        doc = resolve_document(s, args.doc)
        reimport_document(s, document_id=doc.id, imported=imported, reports=reports)
    if args.json:
        print_json(_as_dict(reports[0]))
    else:
        print("\n".join(_lines(reports[0])))
    return 0

"""REFI-QDA codebooks (.qdc): the codebook alone, for exchange with another tool's project.

``export_qdc`` writes every code (hierarchy in codebook order, colours, descriptions, qcode's
uuids as GUIDs) as a ``CodeBook`` in ``urn:QDA-XML:codebook:1.0``, valid against Codebook.xsd.
Code memos stay behind: a codebook file has no notes. Written beside the target and moved into
place when whole, like every export.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from sqlalchemy.orm import Session

from qcode.errors import InputError
from qcode.exchange import qde_write as qde
from qcode.exchange import snapshot
from qcode.exchange.export_qdpx import ORIGIN
from qcode.exchange.report import ExportReport
from qcode.export.files import atomic_write
from qcode.progress import Progress, report


def export_qdc(session: Session, out: str | Path, *,
               progress: Progress | None = None) -> ExportReport:
    """Write the project's codebook to ``out`` (a .qdc). A project without codes is refused:
    the schema wants at least one code, and an empty codebook is no use to another tool."""
    out = Path(out)
    roots = snapshot.code_tree(session)
    if not roots:
        raise InputError("the project has no codes: there is no codebook to export", path=out)
    count = sum(1 for _ in snapshot.all_codes(roots))
    report(progress, 0, count, "Writing the codebook")

    def write(tmp: Path) -> None:
        with tmp.open("wb") as stream, etree.xmlfile(stream, encoding="utf-8") as xf:
            xf.write_declaration()
            with xf.element(qde.tag("CodeBook", qde.CODEBOOK_NS), {"origin": ORIGIN},
                            nsmap={None: qde.CODEBOOK_NS}):
                qde.write_codes(xf, roots, ns=qde.CODEBOOK_NS)

    atomic_write(out, write)
    if progress is not None:  # done: too late to cancel, so the answer is not asked
        progress(count, count, "Writing the codebook")
    return ExportReport(file=str(out), codes=count)

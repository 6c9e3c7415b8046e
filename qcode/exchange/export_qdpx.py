"""Export a whole project as a REFI-QDA project exchange file (.qdpx).

The file is a zip holding ``project.qde`` (the project XML, valid against Project.xsd) and each
document's text as UTF-8 in ``sources/<uuid>.txt``; selections count Unicode code points, as
qcode does, so positions need no conversion. GUIDs are qcode's uuids in lower case; what has
no uuid of its own gets one derived from its owner's (:func:`~qcode.exchange.snapshot.
derived_guid`). Nothing in the file depends on when it was written: the zip members carry a
fixed date and come in a fixed order, so the same project gives the same bytes.

The XML is written as it is read (lxml ``xmlfile`` into the zip member), codings a document
at a time in chunks, so a 1,000,000-coding project never sits in memory. The file is written
beside its target and moved into place when whole (:func:`~qcode.export.files.atomic_write`):
a failed or cancelled export leaves nothing behind.

Codings made on an earlier text of their document (the text was replaced since) are left out:
their positions are in a text the file does not hold. The report counts them.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree
from sqlalchemy.orm import Session

from qcode import __version__
from qcode.db_bulk import large_page_cache
from qcode.exchange import qde_write as qde
from qcode.exchange import snapshot
from qcode.exchange.report import ExportReport
from qcode.exchange.snapshot import derived_guid
from qcode.exchange.zip_stream import BackgroundWriter, member
from qcode.export.files import atomic_write, xml_safe
from qcode.progress import Progress, report

ORIGIN = f"qcode {__version__}"
#: Bytes of XML per coding, generously: above 2 GB the project member needs ZIP64.
_BYTES_PER_CODING = 1000


def export_qdpx(session: Session, out: str | Path, *,
                progress: Progress | None = None) -> ExportReport:
    """Write the project ``session`` reads to ``out`` (a .qdpx); see the module docstring."""
    out = Path(out)
    written: list[ExportReport] = []
    atomic_write(out, lambda tmp: written.append(_write_archive(session, tmp, out, progress)))
    return written[0]


class _Ticker:
    """Progress by items written: codings (after each document), then the documents' texts."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0
        report(progress, 0, total, "Writing codings")

    def codings(self, count: int) -> None:
        self.done += count
        report(self.progress, self.done, self.total, "Writing codings")

    def text(self) -> None:
        self.done += 1
        report(self.progress, self.done, self.total, "Writing document texts")


def _write_archive(session: Session, tmp: Path, out: Path,
                   progress: Progress | None) -> ExportReport:
    documents = snapshot.documents(session)
    current, earlier = snapshot.coding_counts(session)
    ticker = _Ticker(progress, current + len(documents))
    large = current * _BYTES_PER_CODING >= zipfile.ZIP64_LIMIT
    with zipfile.ZipFile(tmp, "w") as archive, large_page_cache(session.connection()):
        with archive.open(member("project.qde"), "w", force_zip64=large) as stream, \
                BackgroundWriter(stream) as background:
            counts = _write_project(session, background, documents, ticker)
        for doc in documents:
            text = snapshot.document_text(session, doc.id)
            archive.writestr(member(f"sources/{doc.uuid}.txt"), text.encode("utf-8"))
            ticker.text()
    return ExportReport(file=str(out), documents=len(documents), codings=current,
                        earlier_codings=earlier, **counts)


def _write_project(session: Session, stream: BackgroundWriter,
                   documents: list[snapshot.DocumentRow], ticker: _Ticker) -> dict[str, int]:
    """The project XML, streamed into ``stream``; returns the counts for the report."""
    project = snapshot.project_row(session)
    coders = snapshot.coders(session)
    roots = snapshot.code_tree(session)
    attributes = snapshot.attributes(session)
    values = snapshot.attribute_values(session)
    code_guids = {c.id: c.uuid for c in snapshot.all_codes(roots)}
    coder_guids = {c.id: c.uuid for c in coders}
    attrib = {"name": xml_safe(project.name), "origin": ORIGIN}
    if created := qde.iso_time(project.created):
        attrib["creationDateTime"] = created
    with etree.xmlfile(stream, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(qde.tag("Project"), attrib, nsmap={None: qde.PROJECT_NS}):
            qde.write_users(xf, coders)
            if roots:
                with xf.element(qde.tag("CodeBook")):
                    qde.write_codes(xf, roots)
            qde.write_variables(xf, attributes)
            value_count = qde.write_cases(xf, documents, attributes, values)
            if documents:
                with xf.element(qde.tag("Sources")):
                    codings = snapshot.CodingReader(session)
                    codes, users = qde.attribute_guids(code_guids), qde.attribute_guids(
                        coder_guids)
                    for doc in documents:
                        ticker.codings(qde.write_source(xf, stream.write, doc, codings(doc),
                                                        codes, users))
            memos = qde.write_notes(xf, _notes(session, project, documents, roots))
            if project.memo and project.uuid:
                with xf.element(qde.tag("NoteRef"),
                                {"targetGUID": derived_guid(project.uuid, "note")}):
                    pass
    return {"codes": len(code_guids), "coders": len(coders), "memos": memos,
            "attribute_values": value_count}


def _notes(session: Session, project: snapshot.ProjectRow,
           documents: list[snapshot.DocumentRow],
           roots: list[snapshot.CodeNode]) -> Iterator[qde.NoteRow]:
    """Every memo as a Note: the project's, then the documents', codes' and codings' in the
    order their owners were written."""
    if project.memo and project.uuid:
        yield qde.NoteRow(derived_guid(project.uuid, "note"), "Memo: project", project.memo)
    for doc in documents:
        if doc.memo:
            yield qde.NoteRow(derived_guid(doc.uuid, "note"), f"Memo: {doc.name}", doc.memo)
    for code in snapshot.all_codes(roots):
        if code.memo:
            yield qde.NoteRow(derived_guid(code.uuid, "note"), f"Memo: {code.path}", code.memo)
    for guid, memo, name, start, end in snapshot.coding_memos(session):
        yield qde.NoteRow(derived_guid(guid, "note"), f"Memo: {name} {start}-{end}", memo)

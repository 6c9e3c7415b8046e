"""CLI: REFI-QDA exchange. ``qcode import PROJECT FILE.qdpx``, ``qcode export qdpx|qdc``,
``qcode codebook import|export PROJECT FILE.qdc``.

``qcode import`` and ``qcode codebook import|export`` hand a file here by its suffix (see
:func:`is_qdpx`, :func:`is_qdc`). A .qdpx is a whole project: it goes into a new project (created
when PROJECT does not exist, and removed again if the import fails, so a failed import leaves
nothing behind) or into one without documents (the import refuses one with documents).
"""

from __future__ import annotations

import argparse
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from qcode.cli.common import EXIT_USAGE, fail, opened, print_json, progress_bar
from qcode.export.files import check_folder

if TYPE_CHECKING:
    from qcode.exchange.report import ExportReport, ImportReport
    from qcode.project import Project

QDPX = ".qdpx"
QDC = ".qdc"
QDE = ".qde"


def is_qdpx(path: Path) -> bool:
    return path.suffix.lower() == QDPX


def is_qdc(path: Path) -> bool:
    return path.suffix.lower() == QDC


def refuse_misplaced(paths: list[Path], *, into: str) -> None:
    """One line pointing to the command that takes a REFI-QDA file given to another:
    ``into`` is "import" (transcripts) or "codebook" (``qcode codebook import``)."""
    for path in paths:
        suffix = path.suffix.lower()
        if suffix == QDE:
            fail(f"{path.name}: a .qde is the project XML inside a REFI-QDA project: import "
                 f"the whole project (.qdpx) with `qcode import PROJECT FILE.qdpx`", EXIT_USAGE)
        if suffix == QDC and into == "import":
            fail(f"{path.name}: a .qdc is a REFI-QDA codebook: import it into a project with "
                 f"`qcode codebook import PROJECT {path.name}`", EXIT_USAGE)
        if suffix == QDPX and into == "codebook":
            fail(f"{path.name}: a .qdpx is a whole REFI-QDA project, not a codebook: import it "
                 f"with `qcode import PROJECT {path.name}` (a new project, or one without "
                 "documents)", EXIT_USAGE)


def import_qdpx_command(args: argparse.Namespace) -> int:
    """``qcode import PROJECT FILE.qdpx``: the report's lines, or its ``as_dict()`` as JSON."""
    if len(args.paths) != 1 or args.attributes is not None:
        fail("a .qdpx is a whole project: import it on its own (no other files, no "
             "--attributes)", EXIT_USAGE)
    source = args.paths[0]
    if not source.is_file():
        fail(f"{source.name}: no such file" if not source.exists() else
             f"{source.name}: not a file")
    created = isinstance(args.project, Path) and not args.project.exists()
    report = _import_into_new_or_empty(args.project, source, created)
    if args.json:
        print_json(report.as_dict())
        return 0
    if created:
        print(f"created {args.project}")
    for line in report.lines():
        print(line)
    return 0


def _import_into_new_or_empty(project_path: str | Path, source: Path, create: bool) -> ImportReport:
    """Run the import in one transaction; a project created for it goes again on failure."""
    from qcode.exchange.import_qdpx import import_qdpx
    from qcode.project import Project

    if not create:
        with (opened(project_path) as project, progress_bar("importing") as bar,
              project.transaction(progress=bar) as s):
            return import_qdpx(s, source, progress=bar)
    project = Project.create(project_path)
    try:
        with progress_bar("importing") as bar, project.transaction(progress=bar) as s:
            report = import_qdpx(s, source, progress=bar)
    except BaseException:  # bad file, Ctrl+C, a bug: no empty project is left behind
        _discard_new_project(project)
        raise
    project.close()
    return report


def _discard_new_project(project: Project) -> None:
    """Close a project this command created and remove its file and the files beside it."""
    from qcode import db
    from qcode.project_lock import beside_lock_path, identity_lock_path

    path = project.path
    traces = [beside_lock_path(path), *db.journal_files(path)]
    with suppress(OSError):
        traces.append(identity_lock_path(path))  # named after the file: find it while it is
    project.close()
    for trace in (path, *traces):
        with suppress(OSError):
            trace.unlink(missing_ok=True)


def _checked_out(out: Path, suffix: str, what: str) -> Path:
    """``out`` when it ends in ``suffix`` and its folder exists; else one line, before work."""
    if out.suffix.lower() != suffix:
        fail(f"{out.name}: {what} is written as {suffix} (got "
             f"{out.suffix or 'a file without suffix'})", EXIT_USAGE)
    check_folder(out)
    return out


def cmd_export_qdpx(args: argparse.Namespace) -> int:
    from qcode.exchange.export_qdpx import export_qdpx

    out = _checked_out(args.out, QDPX, "a REFI-QDA project")
    with (opened(args.project, readonly=True) as project, project.reading() as s,
          progress_bar("exporting") as bar):
        report = export_qdpx(s, out, progress=bar)
    _print_export(report, args.json)
    return 0


def cmd_export_qdc(args: argparse.Namespace) -> int:
    return export_codebook(args.project, _checked_out(args.out, QDC, "a REFI-QDA codebook"),
                           args.json)


def export_codebook(project_path: Path, out: Path, as_json: bool) -> int:
    """The codebook as a .qdc (``qcode export qdc`` and ``qcode codebook export F.qdc``)."""
    from qcode.exchange.qdc import export_qdc

    check_folder(out)
    with (opened(project_path, readonly=True) as project, project.reading() as s,
          progress_bar("exporting") as bar):
        report = export_qdc(s, out, progress=bar)
    _print_export(report, as_json)
    return 0


def _print_export(report: ExportReport, as_json: bool) -> None:
    if as_json:
        print_json(report.as_dict())
    else:
        print(report.line())


def import_codebook_qdc(project_path: Path, source: Path, as_json: bool) -> int:
    """``qcode codebook import PROJECT FILE.qdc``: codes matched by GUID, then by path."""
    from qcode.exchange.qdc_import import import_qdc

    with opened(project_path) as project, project.transaction() as s:
        report = import_qdc(s, source)
    if as_json:
        print_json(report.as_dict())
    else:
        for line in report.lines():
            print(line)
    return 0

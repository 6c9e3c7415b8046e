"""A study with codings left unplaced by a corrected transcript, and its twin without them.

E07 (speaker turns, attributes) is coded by Amal and Lina, then re-imported from a corrected
.docx (:mod:`tests.test_cli_reimport`): "ministry portal" (Portal, Lina) and "at all"
(Emphasis, Amal) are gone from the new text, so those two codings stay on the old text,
unplaced. E08 was never replaced. The **twin** is the same file with the two unplaced codings
removed: every count, table and export that leaves unplaced codings out gives the same on
both. The **stale** copy is the study with its derived tables marked stale, as an outside
writer leaves them, so readers fall back to counting the codings themselves.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from qcode.cli.main import main
from qcode.models import Coding, Document
from qcode.project import Project
from tests.docx_build import p, r, write_docx
from tests.test_cli_reimport import BUDGET, CORRECTED, QUESTION, TRAINING, TRUST

E08 = ("Interviewer: And the website?", "E08: The website works well for most people.")
#: code path, coder, document, passage (of the first text of E07)
CODINGS = (("Process/Question", "Amal", "E07", "How do citizens see"),
           ("Themes/Trust", "Amal", "E07", "Citizens do not trust"),
           ("Themes/Portal", "Lina", "E07", "ministry portal"),
           ("Themes/Emphasis", "Amal", "E07", "at all"),
           ("Process/Budget", "Lina", "E07", "budget was cut twice"),
           ("Process/Training", "Amal", "E07", "training for the staff"),
           ("Themes/Portal", "Amal", "E08", "website works"),
           ("Themes/Trust", "Lina", "E08", "works well for most"))
#: what the unplaced codings covered: no export may show it
UNPLACED_TEXTS = ("ministry portal", "at all")
ATTRIBUTES = "document,role,years\nE07,minister,12\nE08,clerk,3\n"
#: the coder filters every reader is asked with (none = every coder)
CODER_FILTERS = ((), ("Amal", "Lina"), ("Lina",), ("Amal",))


@dataclass(frozen=True)
class Studies:
    study: Path  # with the two unplaced codings
    twin: Path  # the same without them
    stale: Path  # the study, derived tables stale


def _run(*args: str | Path) -> None:
    status = main([str(a) for a in args])
    assert status == 0, args


def build_studies(folder: Path) -> Studies:
    study = folder / "study.qcode"
    _run("new", study)
    first = folder / "first"
    first.mkdir()
    write_docx(first / "E07.docx", *(p(r(t)) for t in (QUESTION, TRUST, BUDGET, TRAINING)))
    write_docx(first / "E08.docx", *(p(r(t)) for t in E08))
    (folder / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    _run("import", study, first / "E07.docx", first / "E08.docx",
         "--attributes", folder / "attributes.csv")
    for code in sorted({c for c, *_ in CODINGS}):
        _run("code", "add", study, code)
    for code, coder, document, passage in CODINGS:
        _run("coding", "add", study, "--doc", document, "--code", code, "--coder", coder,
             "--text", passage)
    corrected = folder / "corrected"
    corrected.mkdir()
    _run("reimport", study, "E07", write_docx(corrected / "E07.docx",
                                               *(p(r(t)) for t in CORRECTED)))
    twin = folder / "twin.qcode"
    shutil.copyfile(study, twin)
    unplaced = unplaced_ids(study)
    assert len(unplaced) == 2
    for coding_id in unplaced:
        _run("coding", "remove", twin, str(coding_id))
    stale = folder / "stale.qcode"
    shutil.copyfile(study, stale)
    with sqlite3.connect(stale) as connection:  # an outside writer, before any refresh
        connection.execute("INSERT INTO document_stale(document_id) "
                           "SELECT id FROM documents WHERE name = 'E07'")
    return Studies(study, twin, stale)


def unplaced_ids(path: Path) -> list[int]:
    with Project.open(path, readonly=True) as project, project.reading() as s:
        return list(s.scalars(select(Coding.id).join(Document, Document.id == Coding.document_id)
                              .where(Coding.version != Document.version)
                              .order_by(Coding.id)))

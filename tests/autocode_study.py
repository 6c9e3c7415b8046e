"""A small interview study imported the way users import one (.txt files with speaker labels and
an attributes CSV), for the search, auto-coding and KWIC tests."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from qcode.cli.main import main
from qcode.ops.codebook import ensure_code_path
from qcode.project import Project
from tests.cli_study import code_on

TEXTS = {
    "E01": ("Interviewer: Tell me about the budget.\n"
            "Amal: The budget is late. Budget cuts hurt.\n\n"
            "Interviewer: And training?\n"
            "Amal: Training matters. The budget for training is small.\n"),
    "E02": ("Interviewer: What about the budget?\n"
            "Omar: The BUDGET was cut twice.\n"
            "Omar: =budget formula, said the budget officer.\n"),
    "E03": "No speakers here. The budget is fine.\nA second paragraph without the word.\n",
}
ROLES = {"E01": "Director", "E02": "Engineer", "E03": "Director"}


_TEMPLATE: list[Path] = []  # built once per test process, copied for each test


def build_interviews(folder: Path) -> Path:
    """:data:`TEXTS` imported with a ``role`` attribute, as ``folder/study.qcode`` (a copy of
    one import made once: the import itself is tested elsewhere)."""
    if not _TEMPLATE:
        _TEMPLATE.append(_import_interviews(Path(tempfile.mkdtemp(prefix="qcode-interviews-"))))
    path = folder / "study.qcode"
    shutil.copyfile(_TEMPLATE[0], path)
    return path


def _import_interviews(folder: Path) -> Path:
    docs = folder / "docs"
    docs.mkdir()
    for name, text in TEXTS.items():
        (docs / f"{name}.txt").write_text(text, encoding="utf-8")
    roles = folder / "roles.csv"
    roles.write_text("document,role\n" + "".join(f"{d},{r}\n" for d, r in ROLES.items()),
                     encoding="utf-8")
    path = folder / "study.qcode"
    assert main(["new", str(path)]) == 0
    assert main(["import", str(path), str(docs), "--attributes", str(roles)]) == 0
    return path


def code_with(path: Path, document: str, code: str, start: int, end: int, coder: str) -> int:
    """Apply ``code`` (created when missing) through the real operations; the coding's id."""
    with Project.open(path) as project, project.transaction() as s:
        ensure_code_path(s, code)
    return code_on(path, document, code, start, end, coder=coder)

"""A small study for in-process ``qcode`` tests: what users type and see, what the file holds."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.cli.main import main
from qcode.models import Coder, Coding, Document
from qcode.ops.codebook import ensure_code_path
from qcode.ops.coders import ensure_coder
from qcode.ops.codings import add_coding
from qcode.project import Project
from qcode.queries import code_paths
from tests.factories import add_doc

E01 = ("Interviewer: How do donors shape the programme?\n"
       "E01: Training matters. Donors fund training, and training is key. "
       "Trust comes when services work \U0001f642 every day.")
E02 = "Q: ما رأيك في الحكومة الإلكترونية؟\nA: الثقة هي الأساس، والتدريب ضروري."
DOCUMENTS = {"E01 Amal": E01, "E02 Omar": E02, "Focus group Tripoli": "We want training."}


def build_study(path: Path, codes: Sequence[str]) -> Path:
    """Three documents and ``codes`` (paths), no codings."""
    with Project.create(path) as project, project.transaction() as s:
        for name, text in DOCUMENTS.items():
            add_doc(s, name, text)
        for code in codes:
            ensure_code_path(s, code)
    return path


def code_on(path: Path, document: str, code: str, start: int, end: int,
            coder: str = "Amal") -> int:
    """Apply a code (by exact path) through the real operation; the new coding's id."""
    with Project.open(path) as project, project.transaction() as s:
        doc_id = s.scalar(select(Document.id).where(Document.name == document))
        code_id = {p: i for i, p in code_paths(s).items()}[code]
        coder_id, _ = ensure_coder(s, coder)
        changes = add_coding(s, document_id=doc_id, code_id=code_id, coder_id=coder_id,
                             start=start, end=end)
    return next(iter(changes.codings))


def qcode(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run ``qcode ARGS`` in this process: (exit status, stdout, stderr)."""
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def codings_in(path: Path) -> list[tuple[str, str, int, int, str]]:
    """(document, code path, start, end, coder) of every coding in the file, sorted."""
    with Project.open(path, readonly=True) as project, project.reading() as s:
        paths = code_paths(s)
        rows = s.execute(select(Document.name, Coding.code_id, Coding.start, Coding.end,
                                Coder.name)
                         .join(Document, Document.id == Coding.document_id)
                         .join(Coder, Coder.id == Coding.coder_id)).all()
        return sorted((d, paths[c], start, end, coder) for d, c, start, end, coder in rows)


def codebook_in(path: Path) -> list[str]:
    """Every code path in the file, sorted."""
    with Project.open(path, readonly=True) as project, project.reading() as s:
        return sorted(code_paths(s).values())

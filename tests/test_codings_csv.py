"""Codings CSV: bulk import with codes and coders made on the fly; all or nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from qcode.covered import covered_sql
from qcode.errors import InputError
from qcode.importers.codings_csv import read_codings_csv
from qcode.models import Coder, Coding, Document
from qcode.ops.codebook import create_code
from qcode.ops.codebook_import import import_codings
from qcode.project import Project
from qcode.queries import code_paths
from tests.factories import add_doc
from tests.ops_helpers import check_undo_redo, counts, dump, project_sha, sha256

E01 = "Interviewer: Was the launch a success? 🤔\nExpert 01: نعم 👍 it was, in Tripoli."
E02 = "Q: Who paid?\nA: The donors 💶 — المانحون."


@pytest.fixture
def docs(project: Project) -> dict[str, str]:
    with project.transaction() as s:
        add_doc(s, "E01", E01)
        add_doc(s, "E02", E02)
    return {"E01": E01, "E02": E02}


def write(tmp_path: Path, text: str, name: str = "codings.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def stored(project: Project) -> list[tuple[str, str, str, int, int, str, str]]:
    with project.reading() as s:
        paths = code_paths(s)
        rows = s.execute(select(Document.name, Coding.code_id, Coder.name, Coding.start,
                                Coding.end, covered_sql().label("text"), Coding.memo)
                         .join(Document, Document.id == Coding.document_id)
                         .join(Coder, Coder.id == Coding.coder_id).order_by(Coding.id)).all()
    return [(d, paths[c], who, a, b, t, m) for d, c, who, a, b, t, m in rows]


def run(project: Project, path: Path, coder: str = "Amal"):
    rows = read_codings_csv(path)
    with project.transaction() as s:
        return import_codings(s, rows=rows, default_coder=coder)


def test_import_creates_codes_and_coders_and_stores_the_covered_text(project, docs, tmp_path):
    yes, donors, emoji = span(E01, "نعم 👍"), span(E02, "donors 💶"), span(E01, "🤔")
    text = ("document,code,start,end,coder,memo\n"
            f"E01,Trust/Agreement,{yes[0]},{yes[1]},,Arabic and emoji\n"
            f"E02,Funding/Donors,{donors[0]},{donors[1]},Omar,\n"
            f"E01,Doubt,{emoji[0]},{emoji[1]},Omar,\n")
    before = dump(project)
    changes = run(project, write(tmp_path, text))
    assert stored(project) == [
        ("E01", "Trust/Agreement", "Amal", *yes, "نعم 👍", "Arabic and emoji"),
        ("E02", "Funding/Donors", "Omar", *donors, "donors 💶", ""),
        ("E01", "Doubt", "Omar", *emoji, "🤔", ""),
    ]
    assert counts(project)["codes"] == 5 and counts(project)["coders"] == 2
    assert len(changes.codings) == 3 and len(changes.coders) == 2
    # Undo takes back the codings and the codes and coders the import made.
    check_undo_redo(project, before, changes)


def test_existing_codes_are_reused_and_repeated_rows_skipped(project, docs, tmp_path):
    with project.transaction() as s:
        create_code(s, name="Trust")
    text = "code,document,end,start\nTrust,E01,5,0\nTrust,E01,5,0\n"
    first = run(project, write(tmp_path, text))
    assert first.messages == ("1 coding already in the project skipped",)
    second = run(project, write(tmp_path, text, name="again.csv"))
    assert second.codings == frozenset() and second.messages == (
        "2 codings already in the project skipped",)
    assert counts(project)["codes"] == 1 and counts(project)["codings"] == 1
    before = dump(project)  # the coder and code exist now: undo must still work
    third = run(project, write(tmp_path, "document,code,start,end\nE02,Trust,0,4\n", name="3.csv"))
    assert third.coders == frozenset()
    check_undo_redo(project, before, third)


@pytest.mark.parametrize(("row", "reason"), [
    ("E99,Trust,0,5", "line 3: no document named 'E99' in the project"),
    ("E02,Trust,0,999", f"line 3: span 0-999 lies outside 'E02' (0-{len(E02)})"),
    ("E02,Trust,-1,4", "line 3: span -1-4 lies outside"),
    ("E02,Trust,4,4", "line 3: empty span 4-4"),
    ("E02,Trust,7,2", "line 3: empty span 7-2"),
    ("E02,Trust,1.5,4", "line 3: start must be a whole number, not '1.5'"),
    ("E02,Trust,1,", "line 3: end must be a whole number, not nothing"),
    ("E02,Trust//Sub,1,4", "line 3: not a code path"),
    (",Trust,1,4", "line 3: no document"),
])
def test_any_bad_row_refuses_the_whole_file(project, docs, tmp_path, row, reason):
    path = write(tmp_path, f"document,code,start,end\nE01,Trust,0,5\n{row}\nE02,New,0,3\n")
    file_sha, project_before, rows_before = sha256(path), project_sha(project), counts(project)
    with pytest.raises(InputError, match=re.escape(reason)) as info:
        run(project, path)
    assert str(info.value).startswith("codings.csv: ")
    assert counts(project) == rows_before
    assert project_sha(project) == project_before and sha256(path) == file_sha


def test_several_bad_rows_are_counted_in_the_one_message(project, docs, tmp_path):
    path = write(tmp_path, "document,code,start,end\nE01,T,0,5\nX,T,0,1\nY,T,0,1\nZ,T,0,1\n")
    with pytest.raises(InputError, match=r"line 3: no document named 'X' .*\(and 2 more bad "
                                         r"lines\)"):
        run(project, path)


def test_missing_columns_are_named(tmp_path):
    with pytest.raises(InputError, match="missing columns start, end"):
        read_codings_csv(write(tmp_path, "document,code\nE01,Trust\n"))

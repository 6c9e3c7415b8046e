"""The corpus search reads the stored texts as they are now: there is no index to fall behind,
so a document imported, re-imported with a corrected text or removed is searched (or not) at
once. Driven through the command line a user would use, in-process."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from qcode.cli.main import main
from qcode.models import Document
from qcode.ops.documents import remove_documents
from qcode.project import Project


def _hits(capsys, project: Path, query: str, *options: str) -> list[tuple[str, str]]:
    capsys.readouterr()
    assert main(["search", str(project), query, "--json", *options]) == 0
    return [(h["document"], h["text"]) for h in json.loads(capsys.readouterr().out)["hits"]]


def test_search_follows_import_reimport_and_removal(tmp_path, capsys):
    project = tmp_path / "study.qcode"
    first = tmp_path / "E01.txt"
    first.write_text("The ministry's budgt was late. الميزانيه تأخرت.\n", encoding="utf-8")
    (tmp_path / "E02.txt").write_text("Budget talks went well.\n", encoding="utf-8")
    assert main(["new", str(project)]) == 0
    assert main(["import", str(project), str(first), str(tmp_path / "E02.txt")]) == 0
    assert _hits(capsys, project, "budget", "--fuzzy") == [("E02", "Budget"), ("E01", "budgt")]

    corrected = tmp_path / "fixed" / "E01.txt"
    corrected.parent.mkdir()
    corrected.write_text("The ministry's budget was late. الميزانية تأخرت.\n", encoding="utf-8")
    assert main(["reimport", str(project), "E01", str(corrected)]) == 0
    assert _hits(capsys, project, "budget") == [("E01", "budget"), ("E02", "Budget")]
    assert _hits(capsys, project, "budgt") == []
    assert _hits(capsys, project, "الميزانية") == [("E01", "الميزانية")]

    with Project.open(project) as opened, opened.transaction() as s:
        e02 = s.scalar(select(Document.id).where(Document.name == "E02"))
        remove_documents(s, document_ids=[e02])
    assert _hits(capsys, project, "budget") == [("E01", "budget")]

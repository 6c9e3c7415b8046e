"""A turn's time stamp is stored with it and shown beside each coded passage: in the segments
exports and in the app's segments panel; projects from before get theirs from the text."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from qcode import schema
from qcode.cli.main import main
from qcode.db import make_engine
from qcode.importers.turns import find_turns
from qcode.models import Code, Coder, Document, SpeakerTurn
from qcode.project import Project
from qcode.ui.segments.model import SPEAKER, TEXT, TIME
from qcode.ui.segments.panel import SegmentsPanel
from qcode.ui.workspace import Workspace
from tests.factories import add_doc

ANSWER = "Not much: the network is slow."


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A project with one table transcript (stamps in the speaker cells), the answer coded."""
    document = docx.Document()
    grid = document.add_table(rows=5, cols=2)
    rows = [("Speaker", "Text"), ("Interviewer", "What has changed?"),
            ("E12 [00:01:23]", ANSWER), ("Interviewer", "Why?"), ("E12", "Power cuts.")]
    for row, cells in zip(grid.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.save(str(tmp_path / "E12.docx"))
    path = tmp_path / "study.qcode"
    assert main(["new", str(path)]) == 0
    assert main(["import", str(path), str(tmp_path / "E12.docx")]) == 0
    assert main(["code", "add", str(path), "Infrastructure"]) == 0
    with Project.open(path) as project, project.reading() as s:
        start = s.scalar(select(Document.text)).index(ANSWER)
    for span in ((start, start + len(ANSWER)), (0, 7)):
        assert main(["coding", "add", str(path), "--doc", "E12", "--code", "Infrastructure",
                     "--start", str(span[0]), "--end", str(span[1]), "--coder", "Amal"]) == 0
    return path


def test_the_segments_export_shows_the_time_of_each_passages_turn(study, tmp_path):
    out = tmp_path / "segments.csv"
    assert main(["export", "segments", str(study), "--out", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[-4:] == ["speaker", "text", "memo", "time"]
    assert [(r["speaker"], r["time"], r["text"]) for r in rows] == [
        ("", "", "Speaker"), ("E12", "00:01:23", ANSWER)]
    rules = json.loads((tmp_path / "segments.csv.manifest.json").read_text("utf-8"))
    assert any(rule.startswith("time: ") for rule in rules["counting_rules"])
    report = tmp_path / "segments.docx"
    assert main(["export", "segments", str(study), "--out", str(report)]) == 0
    lines = [p.text for p in docx.Document(str(report)).paragraphs]
    assert any(line.startswith("\u2014 E12 \u00b7 E12 [00:01:23] \u00b7") for line in lines)


def test_the_segments_panel_has_a_time_column(study, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("QCODE_CONFIG_DIR", str(tmp_path / "config"))
    project = Project.open(study)
    try:
        with project.reading() as s:
            coder = s.scalar(select(Coder.id))
            code = s.scalar(select(Code.id))
        workspace = Workspace(project, coder)
        panel = SegmentsPanel(workspace)
        qtbot.addWidget(panel)
        panel.resize(700, 200)
        panel.show()
        workspace.select_codes((code,))
        model = panel.model
        assert [(model.index(r, SPEAKER).data(), model.index(r, TIME).data(),
                 model.index(r, TEXT).data()) for r in range(model.rowCount())] == [
            ("", "", "Speaker"), ("E12", "00:01:23", ANSWER)]
        assert not panel.view.isColumnHidden(TIME)
        fits = panel.view.fontMetrics().horizontalAdvance("01:02:03.5")  # not cut to "01:02:0…"
        assert panel.view.columnWidth(TIME) >= fits + 10  # text margins on both sides
        assert model.headerData(TIME, Qt.Orientation.Horizontal) == "Time"
        assert "at 00:01:23" in model.index(1, TEXT).data(Qt.ItemDataRole.ToolTipRole)
        workspace.close()
    finally:
        project.close()


OLD_TEXT = ("Date: 14 April 2025\n"
            "[00:12:03] Salma: Hello.\n"
            "Interviewer (1:02:03.5): Hi.\n"
            "Interviewer: At 10:30 we met.\n"
            "Jane Doe  0:02\n"
            "Welcome.")


def test_a_project_from_before_gets_the_times_of_its_turns(project: Project):
    with project.transaction() as s:
        doc = add_doc(s, "E01", OLD_TEXT)
        s.add_all(SpeakerTurn(document_id=doc, speaker=t.speaker, start=t.start, end=t.end)
                  for t in find_turns(OLD_TEXT))
    path = project.path
    project.close()
    engine = make_engine(path)
    schema.downgrade(engine, "0009")
    engine.dispose()
    with Project.open(path) as upgraded, upgraded.reading() as s:
        times = s.execute(select(SpeakerTurn.speaker, SpeakerTurn.timestamp)
                          .order_by(SpeakerTurn.start)).all()
    assert times == [("Salma", 723.0), ("Interviewer", 3723.5), ("Interviewer", None),
                     ("Jane Doe", 2.0)]


@pytest.mark.parametrize("transcript", [
    "Expert 1 00:02:15\tYou're welcome.\nInterviewer 00:00:05\tHello there\n"
    "Expert 1 00:02:20\tSure thing\n",                       # a speaker | words table
    "Expert 1 00:02:15: You're welcome.\nInterviewer 00:00:05: Hello there\n"
    "Expert 1 00:02:20: Sure thing\n",                       # labels with a bare time
])
def test_a_bare_time_after_a_numbered_name_is_the_turns_time_not_part_of_its_name(transcript):
    turns = find_turns(transcript)
    assert [(t.speaker, t.time) for t in turns] == [
        ("Expert 1", 135.0), ("Interviewer", 5.0), ("Expert 1", 140.0)]


def test_a_long_transcript_imports_its_turns_in_bulk(tmp_path, capsys):
    """60,000 turns (a 3 MB transcript) arrive whole: every turn in the project, in order."""
    lines = [f"{'Interviewer' if i % 2 == 0 else 'Expert 3'}: words of line {i}"
             for i in range(60_000)]
    (tmp_path / "long.txt").write_text("\n".join(lines), encoding="utf-8")
    project = tmp_path / "p.qcode"
    assert main(["new", str(project)]) == 0
    assert main(["import", str(project), str(tmp_path / "long.txt")]) == 0
    assert "60000 speaker turns" in capsys.readouterr().out
    with Project.open(project, readonly=True) as opened, opened.reading() as s:
        speakers = s.scalars(select(SpeakerTurn.speaker).order_by(SpeakerTurn.start)).all()
    assert speakers == ["Interviewer", "Expert 3"] * 30_000

"""Transcripts laid out as tables (speaker | words) get speaker turns; labels keep their time."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from qcode.importers import read_document
from qcode.importers.timestamps import format_timestamp, parse_timestamp
from qcode.importers.turns import find_turns, label_spans


def speaker_table(document: docx.document.Document, rows: list[list[str]]) -> None:
    """A Word table, one row per list; a cell's lines become paragraphs of the cell."""
    grid = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, cells in zip(grid.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            first, *more = text.split("\n")
            cell.text = first
            for line in more:
                cell.add_paragraph(line)


def turns_of(path: Path) -> list[tuple[str, str, str]]:
    """(speaker, time as hh:mm:ss, text) of each turn of the file."""
    doc = read_document(path)
    return [(t.speaker, format_timestamp(t.time), doc.text[t.start:t.end]) for t in doc.turns]


def test_a_two_column_word_table_gives_one_turn_per_row(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Interview 12, Ministry of Planning")
    speaker_table(document, [
        ["Speaker", "Text"],
        ["Interviewer", "What has changed since the portal opened?"],
        ["E12 [00:01:23]", "Not much: the network is slow."],
        ["Interviewer", "Why?"],
        ["E12 (02:10)", "Power cuts.\nAnd the servers are abroad."],
    ])
    document.add_paragraph("End of the recording.")
    document.save(str(tmp_path / "E12.docx"))
    assert turns_of(tmp_path / "E12.docx") == [
        ("Interviewer", "", "Interviewer\tWhat has changed since the portal opened?"),
        ("E12", "00:01:23", "E12 [00:01:23]\tNot much: the network is slow."),
        ("Interviewer", "", "Interviewer\tWhy?"),
        ("E12", "00:02:10", "E12 (02:10)\tPower cuts.\nAnd the servers are abroad.\n"
                            "End of the recording."),
    ]


def test_a_time_column_before_or_after_the_speaker_is_the_turns_time(tmp_path: Path) -> None:
    document = docx.Document()
    speaker_table(document, [
        ["Time", "Speaker", "Text"],
        ["[00:00:05]", "Moderator", "Welcome, everyone."],
        ["[00:00:41]", "Participant 2", "Thank you."],
        ["[1:02:03.5]", "Moderator", "One last question."],
    ])
    speaker_table(document, [
        ["Participant 2", "01:04:10", "My answer is short."],
    ])
    document.save(str(tmp_path / "focus.docx"))
    turns = turns_of(tmp_path / "focus.docx")
    assert [(s, t) for s, t, _ in turns] == [
        ("Moderator", "00:00:05"), ("Participant 2", "00:00:41"), ("Moderator", "01:02:03.5"),
        ("Participant 2", "01:04:10")]


def test_only_a_conversation_table_gives_turns_not_prose_or_tables_of_facts(
        tmp_path: Path) -> None:
    """A report with tabs in its paragraphs, a table of interview facts (roles, each once)
    and lines opening with the same word gets no turns; the transcript table beside it does,
    without its heading row."""
    report = docx.Document()
    report.add_paragraph("Contents\tpage 3")
    speaker_table(report, [
        ["Interviewer", "A. Salem"],
        ["Expert", "E07, Ministry of Communications"],
        ["Translator", "M. Ali"],
    ])
    report.add_paragraph("The results\tare shown below.")
    for line in ("Budget\tThe ministry pays the salaries.", "Budget\tDonors pay for pilots.",
                 "Budget\tNobody pays for upkeep."):
        report.add_paragraph(line)
    report.save(str(tmp_path / "report.docx"))
    transcript = docx.Document()
    speaker_table(transcript, [
        ["Speaker", "What was said"],
        ["Interviewer", "Who pays?"],
        ["E07", "The budget."],
        ["Interviewer", "Always?"],
    ])
    transcript.save(str(tmp_path / "E07.docx"))
    assert turns_of(tmp_path / "report.docx") == []
    assert [(s, text) for s, _, text in turns_of(tmp_path / "E07.docx")] == [
        ("Interviewer", "Interviewer\tWho pays?"), ("E07", "E07\tThe budget."),
        ("Interviewer", "Interviewer\tAlways?")]


def test_the_label_of_a_row_is_its_speaker_cell_even_with_a_colon_in_the_words() -> None:
    text = ("Interviewer\tThe question is this: why?\nE07\t[00:00:12]\tWell: money.\n"
            "Interviewer\tWell: and?\nE07\tWell: nothing.")
    turns = find_turns(text)
    assert [t.speaker for t in turns] == ["Interviewer", "E07", "Interviewer", "E07"]
    assert [text[a:b] for a, b in label_spans(text, turns)] == [
        "Interviewer", "E07\t[00:00:12]", "Interviewer", "E07"]


@pytest.mark.parametrize("line, speaker, time", [
    ("[00:01:23] Salma: Nothing.", "Salma", "00:01:23"),
    ("00:01:23 - Salma: Nothing.", "Salma", "00:01:23"),
    ("Salma (01:23): Nothing.", "Salma", "00:01:23"),
    ("Interviewer [1:02:03.5]: What changed?", "Interviewer", "01:02:03.5"),
    ("Jane Doe  0:02", "Jane Doe", "00:00:02"),
    ("Interviewer: At 10:30 we met.", "Interviewer", ""),
])
def test_a_labels_time_stamp_is_kept_with_its_turn(line, speaker, time) -> None:
    turns = find_turns(f"Notes.\n{line}\nMore.")
    assert [(t.speaker, format_timestamp(t.time)) for t in turns] == [(speaker, time)]


def test_custom_patterns_keep_the_first_time_stamp_they_matched() -> None:
    text = "@ [00:12:03] E07 | yes\n@ Omar | no"
    turns = find_turns(text, [r"^@ (?P<speaker>[^|]+)\|"])
    assert [(t.speaker, t.time) for t in turns] == [("E07", 723.0), ("Omar", None)]


@pytest.mark.parametrize("raw, seconds", [
    ("[00:01:23]", 83.0), ("00:01:23", 83.0), ("(01:23)", 83.0), ("[1:02:03.5]", 3723.5),
    ("0:02", 2.0), ("75:30", 4530.0), ("1:02:03,25", 3723.25), ("12:75", None),
    ("1:75:00", None), ("no time", None),
])
def test_time_stamps_read_as_seconds(raw, seconds) -> None:
    assert parse_timestamp(raw) == seconds


@pytest.mark.parametrize("seconds, text", [
    (83.0, "00:01:23"), (3723.5, "01:02:03.5"), (0.25, "00:00:00.25"), (None, ""),
    (36000.0, "10:00:00"),
])
def test_time_stamps_shown_as_hours_minutes_seconds(seconds, text) -> None:
    assert format_timestamp(seconds) == text

"""A small fixed study for the export tests: English and Arabic transcripts, speaker turns,
nested codes, several coders, and text that a spreadsheet would run as a formula."""

from __future__ import annotations

from sqlalchemy import update

from qcode.export.manifest import Source
from qcode.models import Code
from tests.analysis_world import Doc, World, write_world

E01 = "Interviewer: Is trust low?\nE01: =SUM(1+1) trust is low. @admin knows.\n\t-tab start"
E02 = "المقابل: الثقة ضعيفة جدا\nE02: trust is weak"
HOSTILE_CODE = '=HYPERLINK("http://x.test","click")'



def _span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


STUDY = World(
    docs=(Doc(1, "E01", E01, 0), Doc(2, "E02 عربي", E02, 1), Doc(3, "E03", "", 2)),
    codes=((1, None, "Trust", 0), (2, 1, "Credibility", 0), (3, 2, "Evidence", 0),
           (4, None, HOSTILE_CODE, 1), (5, None, "Infrastructure", 2)),
    coders=((1, "Amal"), (2, "Bashir")),
    attributes=((1, "role", "text"), (2, "years", "number")),
    values={(1, 1): "-5", (2, 1): "@admin", (1, 2): "18"},
    turns=((1, 1, "Interviewer", 0, 27), (2, 1, "E01", 27, len(E01)), (3, 2, "المقابل", 0, 25),
           (4, 2, "E02", 25, len(E02))),
    codings=((1, 1, 1, 1, *_span(E01, "=SUM(1+1) trust")),
             (2, 1, 2, 2, *_span(E01, "trust is low. @admin")),
             (3, 1, 4, 1, *_span(E01, "=SUM(1+1)")),
             (4, 2, 2, 1, *_span(E02, "الثقة ضعيفة جدا")),
             (5, 2, 3, 2, *_span(E02, "ضعيفة")),
             (6, 1, 5, 1, *_span(E01, "\t-tab start")),
             (7, 1, 1, 2, *_span(E01, "Is trust low?")),
             (8, 2, 4, 1, *_span(E02, "trust")),
             (9, 1, 5, 2, *_span(E01, "@admin knows."))),
)

DESCRIPTIONS = {1: "Trust in public institutions", 2: "Whether officials are believed"}
SOURCE = Source("Libya e-government study", "00000000-0000-4000-8000-000000000001")


def write_study(project) -> None:  # noqa: ANN001 - a qcode Project
    write_world(project, STUDY)
    with project.transaction() as s:
        for code_id, text in DESCRIPTIONS.items():
            s.execute(update(Code).where(Code.id == code_id).values(description=text))

"""What a survey's cells become: CSV bytes in a legacy code page decode as ``qcode import``
decodes them, an XLSX date-time column is a date attribute that ``--where`` compares, and a
respondent's turns hold the answers, not the question headings."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from tests.cli_study import codings_in, qcode
from tests.survey_build import ID, SLOW, respondents, write_csv
from tests.survey_dump import dump

ARABIC_MINISTRIES = ("وزارة الصحة", "وزارة التربية والتعليم", "وزارة الحكم المحلي")
ENGLISH_MINISTRIES = ("Ministry of Finance", "Ministry of Education", "Ministry of Transport")


def ok(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    status, out, err = qcode(capsys, *args)
    assert (status, err) == (0, ""), err
    return out


def _imported_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes) -> str:
    """The text ``qcode import`` makes of these bytes saved as a .txt file."""
    text_file = tmp_path / "same-bytes.txt"
    text_file.write_bytes(data)
    study = tmp_path / "text.qcode"
    ok(capsys, "new", study)
    ok(capsys, "import", study, text_file)
    (_, text, _, _), = dump(study)["documents"]
    return text


def _survey_attributes(tmp_path: Path, capsys: pytest.CaptureFixture[str], survey: Path,
                       *extra: str) -> dict[str, dict]:
    study = tmp_path / "survey.qcode"
    ok(capsys, "new", study)
    ok(capsys, "survey", "import", study, survey, "--id", ID, *extra)
    return {d["name"]: d["attributes"] for d in json.loads(ok(capsys, "docs", study, "--json"))}


def test_a_windows_1256_survey_reads_as_arabic_as_the_text_reader_reads_it(tmp_path, capsys):
    """Mostly English, a few Arabic ministry names: the detector alone read Mac Icelandic."""
    def ministry(n: int) -> str:
        return ARABIC_MINISTRIES[n % 3] if n % 7 == 0 else ENGLISH_MINISTRIES[n % 3]

    lines = [f"{ID},ministry,gender,years,comment"] + [
        f"R{n:03d},{ministry(n)},{'female' if n % 2 else 'male'},{n % 30},"
        f"The approval chain is long and every form needs a signature {n}" for n in range(1, 41)]
    data = "\r\n".join(lines).encode("cp1256")
    survey = tmp_path / "ministries.csv"
    survey.write_bytes(data)
    attributes = _survey_attributes(tmp_path, capsys, survey)
    assert [attributes[f"R{n:03d}"]["ministry"] for n in range(1, 41)] == [
        ministry(n) for n in range(1, 41)]
    assert _imported_as_text(tmp_path, capsys, data) == "\n".join(lines)


@pytest.mark.parametrize(("lines", "encoding"), [
    ((f"{ID},answer", "R1,وزارة الصحة"), "cp1256"),  # one row: the detector said Cyrillic
    ((f"{ID},dish", "R1,crème brûlée"), "latin-1"),
])
def test_a_short_legacy_csv_reads_as_its_language(tmp_path, capsys, lines, encoding):
    data = "\n".join(lines).encode(encoding)
    survey = tmp_path / "short.csv"
    survey.write_bytes(data)
    column, value = lines[0].split(",")[1], lines[1].split(",")[1]
    assert _survey_attributes(tmp_path, capsys, survey)["R1"][column] == value
    assert _imported_as_text(tmp_path, capsys, data) == "\n".join(lines)


def test_a_date_time_column_is_a_date_attribute_that_where_compares(tmp_path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([ID, "joined", "ministry"])
    stamps = {"R1": datetime(2022, 11, 2, 13, 45), "R2": datetime(2021, 6, 30, 8, 5, 9),
              "R3": datetime(2022, 1, 1, 0, 0), "R4": datetime(2023, 3, 4, 23, 59, 59)}
    for name, stamp in stamps.items():
        sheet.append([name, stamp, "Ministry of Health"])
    survey = tmp_path / "form.xlsx"
    book.save(survey)
    attributes = _survey_attributes(tmp_path, capsys, survey)
    assert attributes["R1"]["joined"] == "2022-11-02T13:45:00"
    assert attributes["R3"]["joined"] == "2022-01-01"  # midnight: a date
    study = tmp_path / "survey.qcode"
    assert dict(dump(study)["attributes"])["joined"] == "date"

    def where(spec: str) -> list[str]:
        return [d["name"] for d in json.loads(ok(capsys, "docs", study, "--where", spec,
                                                 "--json"))]

    assert where("joined>=2022-01-01") == ["R1", "R3", "R4"]
    assert where("joined<=2022-11-02") == ["R1", "R2", "R3"]  # that day's times included
    assert where("joined>2022-11-02") == ["R4"]
    assert where("joined<2022-11-02T13:45:01") == ["R1", "R2", "R3"]
    status, _, err = qcode(capsys, "docs", study, "--where", "joined>=yesterday")
    assert status != 0 and "YYYY-MM-DD" in err and len(err.strip().splitlines()) == 1


def test_autocoding_by_turn_codes_answers_never_the_question(tmp_path, capsys):
    rows = respondents(40)
    study = tmp_path / "survey.qcode"
    ok(capsys, "new", study)
    ok(capsys, "survey", "import", study, write_csv(tmp_path / "s.csv", rows), "--id", ID)
    # "slows" is in the question only; "portal" in some answers
    out = json.loads(ok(capsys, "autocode", study, "slows", "--code", "Q", "--unit", "turn",
                        "--json"))
    assert out["hits"] > 0 and out["codings"] == 0
    ok(capsys, "autocode", study, "portal", "--code", "Portal", "--unit", "turn")
    project = dump(study)
    texts = {name: text for name, text, _, _ in project["documents"]}
    coded = [(name, texts[name][start:end]) for name, _, start, end, _ in codings_in(study)]
    expected = [(r.id, r.answer(SLOW)) for r in rows if r.answer(SLOW)
                and "portal" in str(r.answer(SLOW))]
    assert coded and sorted(coded) == sorted(expected)

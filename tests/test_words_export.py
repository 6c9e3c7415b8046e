"""qcode export words: CSV and XLSX files, manifests, editable stop-word lists, one-line errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from qcode.cli.main import main
from qcode.search.stopwords import list_names, stopwords_dir
from tests.analysis_world import Doc, World, write_world

TEXTS = ("The budget, the budget and THE ministry's budget.",
         "في الميزانية، والوزارة إلى الميزانية. Budget = trust")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("QCODE_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def study(project) -> Path:  # noqa: ANN001
    docs = (Doc(1, "E01", TEXTS[0], 0), Doc(2, "=cmd", TEXTS[1], 1))
    write_world(project, World(docs, ((1, None, "Budget", 0),), ((1, "Amal"), (2, "Omar")),
                               ((1, "role", "text"),), {(1, 1): "IT", (2, 1): "-5"}, (),
                               ((1, 1, 1, 1, 4, 10), (2, 1, 1, 2, 0, 3))))
    return project.path


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_by_document_with_the_formula_guard(study: Path, tmp_path: Path, data_dir: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "words.csv"
    assert main(["export", "words", str(study), "--out", str(out), "--by", "document"]) == 0
    assert "wrote" in capsys.readouterr().out
    rows = rows_of(out)
    assert rows[0] == ["word", "count", "E01", "'=cmd"]  # a document name that is a formula
    assert rows[1] == ["budget", "4", "3", "1"]
    assert rows[2] == ["the", "3", "3", "0"]
    assert out.read_bytes().count(b"\r\n") == len(rows)
    manifest = json.loads((tmp_path / "words.csv.manifest.json").read_text(encoding="utf-8"))
    assert manifest["table"] == "word frequencies" and manifest["by"] == "document"
    assert manifest["formula_guard"] and manifest["counting_rules"]


def test_csv_columns_are_word_and_count_when_not_grouped(study: Path, tmp_path: Path,
                                                         data_dir: Path) -> None:
    out = tmp_path / "words.csv"
    assert main(["export", "words", str(study), "--out", str(out), "--top", "2"]) == 0
    assert rows_of(out) == [["word", "count"], ["budget", "4"], ["the", "3"]]


def test_xlsx_by_code_with_a_coder(study: Path, tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "words.xlsx"
    assert main(["export", "words", str(study), "--out", str(out), "--by", "code",
                 "--coder", "Amal"]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Words", "About"]
    cells = [[c.value for c in row] for row in book["Words"].iter_rows()]
    assert cells == [["word", "count", "Budget"], ["budget", 1, 1]]  # Amal coded 4-10 only


def test_stopword_lists_are_copied_once_and_edits_count(study: Path, tmp_path: Path,
                                                        data_dir: Path) -> None:
    out = tmp_path / "words.csv"
    assert not (data_dir / "stopwords").exists()  # made on first use, not before
    assert main(["export", "words", str(study), "--out", str(out), "--stopwords", "en,ar"]) == 0
    english, arabic = data_dir / "stopwords" / "en.txt", data_dir / "stopwords" / "ar.txt"
    assert english.is_file() and arabic.is_file()
    words = [r[0] for r in rows_of(out)[1:]]
    assert "the" not in words and "and" not in words and "في" not in words
    assert "الي" not in words  # إلى in the list, compared as the counts compare
    assert words[0] == "budget"
    english.write_text("# mine\nbudget\n", encoding="utf-8")  # the user's edit
    assert main(["export", "words", str(study), "--out", str(out), "--stopwords", "en"]) == 0
    words = [r[0] for r in rows_of(out)[1:]]
    assert "budget" not in words and "the" in words
    assert english.read_text(encoding="utf-8") == "# mine\nbudget\n"  # never copied over
    (data_dir / "stopwords" / "team.txt").write_text("trust ministry\n", encoding="utf-8")
    assert "team" in list_names()
    assert main(["export", "words", str(study), "--out", str(out), "--stopwords", "team"]) == 0
    words = [r[0] for r in rows_of(out)[1:]]
    assert "trust" not in words and "ministry" not in words and "budget" in words


def test_stopword_folder_is_the_data_folder(data_dir: Path) -> None:
    assert stopwords_dir() == data_dir / "stopwords"
    assert set(list_names()) >= {"en", "ar"}


@pytest.mark.parametrize("args, status, message", [
    (["--by", "speakers"], 2, "cannot group words by 'speakers'"),
    (["--stopwords", "fr"], 1, "no stop-word list named 'fr'"),
    (["--coder", "Amal"], 2, "a coder filter needs grouping by code"),
    (["--by", "attribute:city"], 1, "no attribute named 'city'"),
    (["--where", "role=Nobody"], 1, "no document has role=Nobody"),
])
def test_bad_input_is_one_line(study: Path, tmp_path: Path, data_dir: Path,
                               capsys: pytest.CaptureFixture[str], args: list[str],
                               status: int, message: str) -> None:
    out = tmp_path / "words.csv"
    assert main(["export", "words", str(study), "--out", str(out), *args]) == status
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_an_unreadable_list_names_the_file(study: Path, tmp_path: Path, data_dir: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    stopwords_dir()
    (data_dir / "stopwords" / "en.txt").write_bytes(b"\xff\xfe\xfa not utf-8")
    assert main(["export", "words", str(study), "--out", str(tmp_path / "w.csv"),
                 "--stopwords", "en"]) == 1
    assert "en.txt: not UTF-8 text" in capsys.readouterr().err


def test_a_wrong_suffix_is_a_usage_error(study: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "words", str(study), "--out", str(tmp_path / "w.docx")]) == 2
    assert "use .csv or .xlsx" in capsys.readouterr().err

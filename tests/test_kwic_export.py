"""Keyword in context: the codes on each hit, CSV (formula guard) and XLSX with a manifest."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import openpyxl
import pytest

from qcode.ops.codings import NewCoding, add_codings
from qcode.ops.document_text import replace_document_text
from qcode.project import Project
from qcode.search.span_codes import codes_on_spans
from tests.autocode_study import TEXTS, build_interviews, code_with
from tests.cli_study import qcode
from tests.factories import add_code, add_coder, add_doc

HEADER = ["document", "speaker", "start", "end", "left", "hit", "right", "codes"]


@pytest.fixture
def study(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = build_interviews(tmp_path)
    start = TEXTS["E02"].index("Omar: =budget")
    code_with(path, "E02", "Money/Cuts", start, start + 20, "Lina")
    code_with(path, "E02", "Formula", start + 6, start + 8, "Omar")
    code_with(path, "E02", "Before", start, start + 6, "Omar")  # ends where the hit starts
    capsys.readouterr()
    return path


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_lists_every_hit_with_its_context_codes_and_a_guarded_formula(capsys, study,
                                                                           tmp_path):
    out = tmp_path / "kwic.csv"
    status, said, err = qcode(capsys, "export", "kwic", study, "=budget", "--out", out,
                              "--context", "6")
    assert (status, err) == (0, "")
    assert said == f"wrote {out}: 1 hit (query and rules in kwic.csv.manifest.json)\n"
    at = TEXTS["E02"].index("=budget")
    assert _rows(out) == [HEADER, ["E02", "Omar", str(at), str(at + 7), "Omar: ", "'=budget",
                                   " formu", "Formula; Money/Cuts"]]
    manifest = json.loads((tmp_path / "kwic.csv.manifest.json").read_text(encoding="utf-8"))
    assert manifest["table"] == "keyword in context" and manifest["total"] == 1
    assert manifest["query"] == "exact search for '=budget'"


def test_codes_by_the_chosen_coders_only(capsys, study, tmp_path):
    out = tmp_path / "kwic.csv"
    qcode(capsys, "export", "kwic", study, "budget", "--where", "role=Engineer", "--out", out,
          "--coder", "Omar", "--context", "0")
    rows = _rows(out)
    assert [r[5] for r in rows[1:]] == ["budget", "BUDGET", "budget", "budget"]
    assert [r[7] for r in rows[1:]] == ["", "", "Formula", ""]


def test_xlsx_has_the_same_rows_as_text_and_an_about_sheet(capsys, study, tmp_path):
    out = tmp_path / "kwic.xlsx"
    status, _, _ = qcode(capsys, "export", "kwic", study, "budget", "--speaker", "Omar",
                         "--out", out)
    assert status == 0 and (tmp_path / "kwic.xlsx.manifest.json").is_file()
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["KWIC", "About"]
    rows = [[c.value for c in row] for row in book["KWIC"].iter_rows()]
    assert rows[0] == HEADER and len(rows) == 4
    assert [r[5] for r in rows[1:]] == ["BUDGET", "budget", "budget"]
    assert [r[7] for r in rows[1:]] == [None, "Formula; Money/Cuts", None]  # empty: no code


def test_a_wrong_suffix_is_refused_before_searching(capsys, study, tmp_path):
    status, out, err = qcode(capsys, "export", "kwic", study, "budget", "--out",
                             tmp_path / "kwic.txt")
    assert status == 2 and out == "" and "kwic.txt: cannot write .txt" in err
    assert not (tmp_path / "kwic.txt").exists()


def test_codes_on_spans_equal_a_character_by_character_check(project: Project) -> None:
    rng = random.Random(3)
    with project.transaction() as s:
        doc = add_doc(s, "D", "x" * 120)
        codes = [add_code(s, f"C{i}") for i in range(5)]
        coders = [add_coder(s, "A"), add_coder(s, "B")]
        made = []
        for _ in range(60):
            start = rng.randrange(119)
            made.append(NewCoding(doc, rng.choice(codes), rng.choice(coders), start,
                                  min(120, start + rng.randint(1, 25))))
        add_codings(s, codings=made)
        spans = [(doc, a, a + rng.randint(0, 15)) for a in
                 (rng.randrange(120) for _ in range(80))]
        got = codes_on_spans(s, spans)
        by_b = codes_on_spans(s, spans, coder_ids=[coders[1]])
    for (_, a, b), codes_all, codes_b in zip(spans, got, by_b, strict=True):
        held = set(range(a, max(b, a + 1)))
        expected = {f"C{codes.index(c.code_id)}" for c in made
                    if held & set(range(c.start, c.end))}
        expected_b = {f"C{codes.index(c.code_id)}" for c in made
                      if c.coder_id == coders[1] and held & set(range(c.start, c.end))}
        assert codes_all == tuple(sorted(expected)) and codes_b == tuple(sorted(expected_b))


def test_a_coding_left_on_an_earlier_text_is_on_no_hit(project: Project) -> None:
    with project.transaction() as s:
        doc = add_doc(s, "D", "the budget was cut; the budget grew")
        kept, lost = add_code(s, "Kept"), add_code(s, "Lost")
        coder = add_coder(s)
        add_codings(s, codings=[NewCoding(doc, kept, coder, 4, 10),  # "budget": found again
                                NewCoding(doc, lost, coder, 11, 18)])  # "was cut": deleted
        replace_document_text(s, document_id=doc, text="the budget grew a lot")
        assert codes_on_spans(s, [(doc, 4, 10), (doc, 11, 18)]) == [("Kept",), ()]

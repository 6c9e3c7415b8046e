"""No count, table or export counts a coding left unplaced by a corrected transcript.

Each reader is asked of the study (two codings left on E07's old text) and of its twin (the
same file with those two codings removed, :mod:`tests.unplaced_study`), with and without coder
filters: the answers must be the same, and the old text those codings covered must never
appear in an export. Readers are also asked of the stale copy, whose derived tables are stale,
so they count the codings themselves.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcode.analysis import (
    CooccurrenceOptions,
    Filters,
    MatrixOptions,
    SegmentOptions,
    build_cooccurrence,
    build_matrix,
    coded_segments,
)
from qcode.analysis.attributes_by_code import AttributesByCodeOptions, build_attributes_by_code
from qcode.browse.matrix_cells import (
    MatrixCell,
    cooccurrence_cell_segments,
    matrix_cell_segments,
)
from qcode.browse.segments import segments_of_codes
from qcode.codebook_counts import code_counts, coder_counts, subtree_counts
from qcode.derived.coverage import coverage_is_fresh
from qcode.models import Code, Coder, Document
from qcode.project import Project
from tests.cli_study import qcode
from tests.unplaced_study import CODER_FILTERS, UNPLACED_TEXTS, Studies, build_studies

T = TypeVar("T")
COLUMNS = (("documents", None), ("speakers", None), ("attribute", "role"))


@pytest.fixture(scope="module")
def studies(tmp_path_factory: pytest.TempPathFactory) -> Studies:
    return build_studies(tmp_path_factory.mktemp("unplaced"))


def read(path: Path, ask: Callable[[Session], T]) -> T:
    with Project.open(path, readonly=True) as project, project.reading() as s:
        return ask(s)


def _code_id(s: Session, name: str) -> int:
    return s.scalar(select(Code.id).where(Code.name == name))


@pytest.mark.parametrize("coders", CODER_FILTERS[:3])
def test_theme_matrices_count_only_placed_codings(studies, coders):
    """Every column kind, the measures of each way of counting (codings, the union of spans
    in SQL, words in Python; documents and coverage derive from them), roll-up."""
    options = [MatrixOptions(measure=m, columns=kind, attribute=attribute,
                             filters=Filters(coders=coders))
               for m in ("segments", "characters", "words") for kind, attribute in COLUMNS]
    options += [MatrixOptions(measure=m, rollup=True, filters=Filters(coders=coders))
                for m in ("documents", "coverage")]

    def matrices(s: Session) -> list:
        return [build_matrix(s, o) for o in options]

    expected = read(studies.twin, matrices)
    assert read(studies.study, matrices) == expected
    if not coders:  # with a coder filter, fresh or stale, the codings are counted alike
        assert read(studies.stale, matrices) == expected
    by_speaker = expected[1]
    emphasis = [row.path for row in by_speaker.rows].index("Themes/Emphasis")
    assert by_speaker.row_totals[emphasis] == 0  # its only coding is unplaced


def test_cooccurrence_pairs_only_placed_codings(studies):
    options = [CooccurrenceOptions(mode=mode, distance=distance, measure=measure,
                                   filters=Filters(coders=coders))
               for coders in CODER_FILTERS
               for mode, distance in (("overlap", 0), ("turn", 0), ("near", 30))
               for measure in ("segments", "documents")]

    def tables(s: Session) -> list:
        return [build_cooccurrence(s, o) for o in options]

    expected = read(studies.twin, tables)
    assert read(studies.study, tables) == expected
    assert read(studies.stale, tables) == expected


@pytest.mark.parametrize("coders", CODER_FILTERS[:3])
def test_matrix_and_cooccurrence_cells_list_only_placed_codings(studies, coders):
    def cells(s: Session) -> list:
        codes = list(s.scalars(select(Code.id).order_by(Code.id)))
        documents = list(s.scalars(select(Document.id).order_by(Document.id)))
        filters = Filters(coders=coders)
        listed = []
        for measure, kind, attribute, keys in (
                ("segments", "documents", None, documents),
                ("segments", "attribute", "role", ["minister", "clerk"]),
                ("characters", "speakers", None, ["Interviewer", "E07", "E08"])):
            options = MatrixOptions(measure=measure, columns=kind, attribute=attribute,
                                    filters=filters)
            listed += [matrix_cell_segments(s, options, MatrixCell(code, key))
                       for code in (*codes, None) for key in keys]
        pairs = CooccurrenceOptions(filters=filters)
        listed += [cooccurrence_cell_segments(s, pairs, a, b)
                   for a in codes for b in codes if a < b]
        return listed

    expected = read(studies.twin, cells)
    assert read(studies.study, cells) == expected


@pytest.mark.parametrize("coders", CODER_FILTERS)
def test_attributes_by_code_counts_only_placed_codings(studies, coders):
    def tables(s: Session) -> list:
        return [build_attributes_by_code(s, AttributesByCodeOptions(
            attribute, rollup=rollup, filters=Filters(coders=coders)))
            for attribute in ("years", "role") for rollup in (False, True)]

    expected = read(studies.twin, tables)
    assert read(studies.study, tables) == expected
    assert read(studies.stale, tables) == expected


def test_codebook_counts_count_only_placed_codings(studies):
    def counts(s: Session) -> tuple:
        coders = dict(s.execute(select(Coder.name, Coder.id)).all())
        by_coder = [coder_counts(s, [coders[name] for name in names])
                    for names in CODER_FILTERS if names]
        return code_counts(s), subtree_counts(s), by_coder

    assert read(studies.stale, coverage_is_fresh) is False  # counted over the codings
    expected = read(studies.twin, counts)
    assert read(studies.study, counts) == expected
    assert read(studies.stale, counts) == expected
    emphasis = read(studies.twin, lambda s: _code_id(s, "Emphasis"))
    assert [own[emphasis] for own, _ in expected[2]] == [(0, 0)] * 3


@pytest.mark.parametrize("coders", CODER_FILTERS)
def test_coded_segments_list_only_placed_codings(studies, coders):
    def table(s: Session):
        return coded_segments(s, SegmentOptions(filters=Filters(coders=coders)))

    expected = read(studies.twin, table)
    assert read(studies.study, table) == expected
    assert read(studies.stale, table) == expected
    assert not {s.text for s in expected.segments} & set(UNPLACED_TEXTS)


def test_the_segments_panel_lists_only_placed_codings(studies):
    def listed(s: Session) -> list:
        codes = list(s.scalars(select(Code.id)))
        coders = dict(s.execute(select(Coder.name, Coder.id)).all())
        return [segments_of_codes(s, codes, coder_ids=[coders[n] for n in names] or None)
                for names in CODER_FILTERS]

    expected = read(studies.twin, listed)
    assert read(studies.study, listed) == expected
    assert not {s.text for segments in expected for s in segments} & set(UNPLACED_TEXTS)


def _export_text(path: Path) -> str:
    """What an export holds, as text (a .docx or .xlsx: every part of the zip)."""
    if path.suffix in (".docx", ".xlsx", ".qdpx"):
        with zipfile.ZipFile(path) as z:
            return "".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("coders", CODER_FILTERS[:3])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".docx"])
def test_segment_exports_never_show_an_unplaced_codings_text(studies, tmp_path, capsys,
                                                            coders, suffix):
    chosen = [arg for name in coders for arg in ("--coder", name)]
    written = {}
    for name, path in (("study", studies.study), ("twin", studies.twin)):
        out = tmp_path / f"{name}{suffix}"
        status, _, err = qcode(capsys, "export", "segments", path, "--out", out, *chosen)
        assert (status, err) == (0, "")
        written[name] = _export_text(out)
    for passage in UNPLACED_TEXTS:
        assert passage not in written["study"]
    if suffix == ".csv":
        assert written["study"] == written["twin"]


def _exported(capsys: pytest.CaptureFixture[str], tmp_path: Path, path: Path,
              *args: str | Path) -> str:
    out = tmp_path / f"{path.stem}.csv"
    status, _, err = qcode(capsys, "export", *args[:1], path, "--out", out, *args[1:])
    assert (status, err) == (0, ""), (args, err)
    return out.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("what", [("matrix", "--cols", "speakers"),
                                  ("matrix", "--measure", "words"),
                                  ("cooccurrence", "--mode", "turn"),
                                  ("attributes-by-code", "--attribute", "years")])
def test_exported_tables_equal_those_of_the_study_without_its_unplaced_codings(
        studies, tmp_path, capsys, what):
    for coders in CODER_FILTERS:
        chosen = [arg for name in coders for arg in ("--coder", name)]
        assert _exported(capsys, tmp_path, studies.study, *what, *chosen) == \
            _exported(capsys, tmp_path, studies.twin, *what, *chosen), coders


def _said(capsys: pytest.CaptureFixture[str], *args: str | Path) -> str:
    status, out, err = qcode(capsys, *args)
    assert (status, err) == (0, "")
    return out


def test_readers_that_already_left_unplaced_codings_out_still_do(studies, tmp_path, capsys):
    """Guards (these passed before the shared check too): word frequencies by code, agreement,
    the search's code scope, the codes a KWIC hit shows, the REFI-QDA export."""
    for coders in CODER_FILTERS:
        chosen = [arg for name in coders for arg in ("--coder", name)]
        asked = [("words", "--by", "code", *chosen), ("kwic", "citizens", *chosen)]
        for args in asked:
            assert _exported(capsys, tmp_path, studies.study, *args) == \
                _exported(capsys, tmp_path, studies.twin, *args), (args, coders)
        search = ("search", "--code", "Themes/Portal", *chosen, "--json")
        assert _said(capsys, *search[:1], studies.study, "citizens", *search[1:]) == \
            _said(capsys, *search[:1], studies.twin, "citizens", *search[1:])
    for unit in ("character", "segment"):
        agreement = ("--coders", "Amal", "Lina", "--unit", unit, "--json")
        assert _said(capsys, "agreement", studies.study, *agreement) == \
            _said(capsys, "agreement", studies.twin, *agreement)
    for path in (studies.study, studies.twin):
        _said(capsys, "export", "qdpx", path, "--out", tmp_path / f"{path.stem}.qdpx")
    study, twin = (_export_text(tmp_path / f"{name}.qdpx") for name in ("study", "twin"))
    assert study == twin
    assert not any(passage in study for passage in UNPLACED_TEXTS)

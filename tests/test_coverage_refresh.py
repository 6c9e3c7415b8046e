"""The derived tables after the edits users make (apply, undo, redo, bulk imports) and after a
rebuild with progress, checked against brute force (tests/test_coverage_tables.py)."""

from __future__ import annotations

import random
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from qcode.derived.coverage import BULK_PAIRS
from qcode.errors import Cancelled
from qcode.importers.codings_csv import CodingCsvRow
from qcode.models import Coding, code_coverage, coverage_stale
from qcode.ops.codebook_import import import_codings
from qcode.ops.codings import add_coding
from qcode.project import Project
from tests.analysis_world import ALPHABET, World, worlds, write_world
from tests.test_coverage_tables import (
    SETTINGS,
    assert_rollup_matches_codings,
    assert_tables_match_codings,
)

SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12), st.integers(0, 5),
                           st.booleans()), min_size=1, max_size=8)


@SETTINGS
@given(world=worlds(max_codes=6, max_codings=12), spans=SPANS)
def test_applying_undoing_and_redoing_overlapping_codings_keeps_every_table_true(
        project, world: World, spans):
    """Each coding overlaps, touches or lies inside others of its code and document; each is
    undone at once or later, and redone, as in the app's undo stack."""
    write_world(project, world)
    done = []
    for start, length, code, undo_now in spans:
        doc = world.docs[start % len(world.docs)]
        if not doc.text:
            continue
        begin = start % len(doc.text)
        with project.transaction() as s:
            changes = add_coding(s, document_id=doc.id, code_id=world.codes[code % len(
                world.codes)][0], coder_id=world.coders[0][0], start=begin,
                end=min(len(doc.text), begin + length))
        assert_tables_match_codings(project)
        if changes.inverse is not None:
            done.append(changes)
        if undo_now and done:
            with project.transaction() as s:
                undone = done.pop().inverse(s)
            assert_tables_match_codings(project)
            with project.transaction() as s:  # redo
                done.append(undone.inverse(s))
    while done:
        with project.transaction() as s:
            done.pop().inverse(s)
        assert_tables_match_codings(project)
    assert_rollup_matches_codings(project)


def _bulk_rows(texts: dict[str, str], count: int, codes: int, seed: int) -> list[CodingCsvRow]:
    rnd = random.Random(seed)
    names = sorted(texts)
    rows = []
    for i in range(count):
        name = names[rnd.randrange(len(names))]
        start = rnd.randrange(len(texts[name]) - 1)
        end = min(len(texts[name]), start + rnd.randint(1, 40))
        path = f"Theme {i % 3}/Code {rnd.randrange(codes)}"  # sub-codes: roll-up rows too
        rows.append(CodingCsvRow(i + 2, name, path, start, end))
    return rows


def _documents(project: Project, count: int) -> dict[str, str]:
    rnd = random.Random(count)
    texts = {f"E{i:02d}": " ".join(rnd.choice(("alpha", "beta", "كتب", "a\u0301b", "x_1"))
                                   for _ in range(60)) for i in range(count)}
    with project.transaction() as s:
        from tests.factories import add_doc
        for name, text in texts.items():
            add_doc(s, name, text)
    return texts


@pytest.mark.parametrize("touched", [3, 20], ids=["a few documents", "most documents"])
def test_a_bulk_import_and_its_undo_leave_every_table_true(project, touched):
    """More stale pairs than an edit makes: the import's documents are rebuilt whole (a few of
    them, or the whole project), in the import's own transaction, so nothing is left stale
    for the next opening; undoing the import does the same."""
    texts = _documents(project, 20)
    with project.transaction() as s:
        add_coding(s, document_id=20, code_id=_code(s, project), coder_id=1, start=0, end=5)
    chosen = dict(sorted(texts.items())[:touched])
    rows = _bulk_rows(chosen, BULK_PAIRS * 2, BULK_PAIRS // 3, seed=touched)
    with project.transaction() as s:
        changes = import_codings(s, rows=rows, default_coder="importer")
    with project.reading() as s:
        assert s.execute(select(coverage_stale)).all() == []
        assert s.scalar(select(func.count()).select_from(Coding)) == len(changes.codings) + 1
    assert_tables_match_codings(project)
    assert_rollup_matches_codings(project)
    with project.transaction() as s:
        changes.inverse(s)
    assert_tables_match_codings(project)
    assert_rollup_matches_codings(project)


def _code(s, project: Project) -> int:
    from tests.factories import add_code, add_coder
    add_coder(s)
    return add_code(s, "Early")


def _outside_built(project: Project, codings: int) -> tuple[str, int]:
    """The project's file with codings written by another program (triggers mark them)."""
    texts = _documents(project, 4)
    with project.transaction() as s:
        code = _code(s, project)
    path = project.path
    project.close()
    rnd = random.Random(codings)
    outside = sqlite3.connect(path)
    with outside:
        for i in range(codings):
            doc = rnd.randint(1, len(texts))
            start = rnd.randrange(len(texts[f"E{doc - 1:02d}"]) - 1)
            outside.execute('INSERT INTO codings(document_id, code_id, coder_id, start, "end",'
                            " memo, uuid, created_at) VALUES (?, ?, 1, ?, ?, '', ?,"
                            " '2024-01-01')", (doc, code, start, start + 3, f"u{i}"))
        outside.execute("INSERT INTO rollup_rebuild(id) VALUES (1)")  # as an upgrade leaves it
    outside.close()
    return str(path), code


def test_opening_an_outside_built_file_rebuilds_once_with_progress(project):
    path, _ = _outside_built(project, 300)
    heard: list[tuple[int, int, str]] = []
    reopened = Project.open(path, progress=lambda done, total, label: heard.append(
        (done, total, label)))
    try:
        assert heard[0][:2] == (0, 300) and heard[-1][:2] == (300, 300)
        assert all(a[0] <= b[0] for a, b in zip(heard, heard[1:], strict=False))
        assert heard[0][2]  # a label the app can show
        assert_tables_match_codings(reopened)
        assert_rollup_matches_codings(reopened)
    finally:
        reopened.close()
    heard.clear()
    Project.open(path, progress=lambda *a: heard.append(a)).close()
    assert heard == []  # rebuilt once: the next opening has nothing to do


def test_cancelling_the_rebuild_leaves_the_file_as_it_was(project):
    path, _ = _outside_built(project, 50)
    with pytest.raises(Cancelled):
        Project.open(path, progress=lambda done, total, label: False)
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT count(*) FROM rollup_rebuild").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM code_coverage").fetchone()[0] == 0
    finally:
        con.close()
    reopened = Project.open(path)  # the next opening rebuilds
    try:
        assert_tables_match_codings(reopened)
        with reopened.reading() as s:
            assert s.scalar(select(func.count()).select_from(code_coverage)) > 0
    finally:
        reopened.close()


@SETTINGS
@given(text=st.text(ALPHABET, min_size=1, max_size=40),
       spans=st.lists(st.tuples(st.integers(0, 39), st.integers(1, 10)), min_size=1,
                      max_size=6))
def test_words_of_islands_count_each_word_once_in_any_script(text, spans):
    """Arabic with harakat, a combining accent, digits and underscores: a word meets an island
    if any of its characters is covered, and counts once however many islands it meets."""
    from qcode.derived.islands import islands_of, union_totals, with_words
    from qcode.derived.masks import mask_of, words_met
    from tests.analysis_brute import words_of

    cut = sorted((a % len(text), min(len(text), a % len(text) + n)) for a, n in spans)
    cut = [(a, b) for a, b in cut if a < b]
    if not cut:
        return
    covered = {p for a, b in cut for p in range(a, b)}
    expected = sum(1 for word in words_of(text) if word & covered)
    mask = mask_of(text)
    assert union_totals([(a, b, words_met(mask, a, b)) for a, b in cut], mask) == \
        (len(covered), expected)
    assert sum(w for _, _, w in with_words(islands_of(cut), mask)) == expected


def test_cancelling_a_rebuild_keeps_the_tables_a_reader_counts_from(project):
    """A file whose derived tables are full and true is marked for a rebuild (as an upgrade
    leaves it); the user cancels it on opening: every row stays as it was, so a read-only
    reader still counts the coded passage (the tables were dropped and committed before)."""
    from qcode.analysis import MatrixOptions, build_matrix
    from tests.factories import add_code, add_coder, add_doc

    with project.transaction() as s:
        doc = add_doc(s, "E01", "one two three four")
        code, coder = add_code(s, "Trust"), add_coder(s)
        s.add(Coding(document_id=doc, code_id=code, coder_id=coder, start=0, end=7))
    path = project.path
    project.close()
    outside = sqlite3.connect(path)
    with outside:
        outside.execute("INSERT INTO rollup_rebuild(id) VALUES (1)")
    outside.close()
    with pytest.raises(Cancelled):
        Project.open(path, progress=lambda done, total, label: False)
    reader = Project.open(path, readonly=True)
    try:
        with reader.reading() as s:
            matrix = build_matrix(s, MatrixOptions(measure="segments"))
        assert [list(row) for row in matrix.values] == [[1]]
    finally:
        reader.close()

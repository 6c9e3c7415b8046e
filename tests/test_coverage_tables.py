"""The coverage tables stay equal to the islands of the codings, whoever changes them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from qcode import schema
from qcode.analysis import MatrixOptions, build_matrix
from qcode.db import make_engine
from qcode.errors import InputError
from qcode.models import (
    Code,
    Coding,
    Document,
    code_coverage,
    code_totals,
    coverage_stale,
    document_coverage,
    document_stale,
    rollup_coverage,
    rollup_rebuild,
    rollup_stale_codes,
)
from qcode.ops.codebook import delete_code, merge_codes, move_code
from qcode.project import Project
from tests.analysis_brute import ANY, Brute, codebook_order, words_of
from tests.analysis_world import World, worlds, write_world
from tests.factories import add_code, add_coder, add_doc

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def expected_islands(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(start, end, new words): runs of covered positions, words met first by each run."""
    covered = sorted({p for a, b in spans for p in range(a, b)})
    runs: list[list[int]] = []
    for p in covered:
        if runs and runs[-1][1] == p:
            runs[-1][1] = p + 1
        else:
            runs.append([p, p + 1])
    words = words_of(text)
    seen: set[int] = set()
    out = []
    for a, b in runs:
        met = {i for i, w in enumerate(words) if any(a <= p < b for p in w)}
        out.append((a, b, len(met - seen)))
        seen |= met
    return out


def assert_tables_match_codings(project: Project) -> None:
    with project.reading() as s:
        texts = dict(s.execute(select(Document.id, Document.text)).all())
        codings = s.execute(select(Coding.code_id, Coding.document_id, Coding.start,
                                   Coding.end)).all()
        stored = s.execute(select(code_coverage).order_by(*code_coverage.c)).all()
        merged = s.execute(select(document_coverage).order_by(*document_coverage.c)).all()
        totals = [tuple(r) for r in s.execute(select(code_totals).order_by(*code_totals.c))]
        assert s.execute(select(coverage_stale)).all() == []
        assert s.execute(select(document_stale)).all() == []
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for code, doc, a, b in codings:
        spans.setdefault((code, doc), []).append((a, b))
    expected = sorted((code, doc, *island) for (code, doc), group in spans.items()
                      for island in expected_islands(texts[doc], group))
    assert [tuple(r) for r in stored] == expected
    no_parents = dict.fromkeys(code for code, *_ in codings)  # each code's own codings only
    assert totals == expected_rollup(texts, no_parents, [tuple(c) for c in codings])
    by_doc: dict[int, list[tuple[int, int]]] = {}
    for (_, doc), group in spans.items():
        by_doc.setdefault(doc, []).extend(group)
    assert [tuple(r) for r in merged] == sorted(
        (doc, *island) for doc, group in by_doc.items()
        for island in expected_islands(texts[doc], group))


EDITS = st.lists(st.tuples(st.sampled_from(("move", "recode", "delete", "drop document")),
                           st.integers(0, 30), st.integers(0, 30), st.integers(1, 6)),
                 max_size=4)


def apply_edit(project: Project, world: World, edit: tuple[str, int, int, int]) -> None:
    kind, a, b, code = edit
    with project.transaction() as s:
        ids = s.scalars(select(Coding.id).order_by(Coding.id)).all()
        if kind == "drop document":
            s.execute(delete(Document).where(Document.id == world.docs[a % len(world.docs)].id))
            return
        if not ids:
            return
        coding = ids[a % len(ids)]
        if kind == "delete":
            s.execute(delete(Coding).where(Coding.id == coding))
        elif kind == "recode":
            s.execute(update(Coding).where(Coding.id == coding)
                      .values(code_id=world.codes[code % len(world.codes)][0]))
        else:
            length = s.scalar(select(Document.text).join(Coding).where(Coding.id == coding))
            start = min(a, b) % len(length)
            s.execute(update(Coding).where(Coding.id == coding)
                      .values(start=start, end=start + 1 + abs(a - b) % (len(length) - start)))


@SETTINGS
@given(world=worlds(max_codings=20), edits=EDITS)
def test_islands_follow_every_change_to_the_codings(project, world, edits):
    write_world(project, world)
    assert_tables_match_codings(project)
    for edit in edits:
        apply_edit(project, world, edit)
        assert_tables_match_codings(project)


def _words_match_brute_force(project: Project, world: World) -> None:
    brute = Brute(world, "documents", None, (), ())
    with project.reading() as s:
        m = build_matrix(s, MatrixOptions(measure="words", totals=True))
    rows = codebook_order(world)
    assert [list(r) for r in m.values] == [[brute.measure("words", r, c, False)
                                            for c, _ in brute.columns()] for r in rows]
    assert m.grand_total == brute.measure("words", ANY, ANY, False)


def test_a_reader_counts_from_the_codings_while_an_outside_write_is_not_refreshed(project):
    with project.transaction() as s:
        doc = add_doc(s, "E01", "one two three four five six")
        code, coder = add_code(s, "Trust"), add_coder(s)
        s.add(Coding(document_id=doc, code_id=code, coder_id=coder, start=0, end=7))
    path = project.path
    project.close()
    outside = sqlite3.connect(path)  # another program writes; triggers still mark the pair
    with outside:
        outside.execute('INSERT INTO codings(document_id, code_id, coder_id, start, "end",'
                        " memo, uuid, created_at) VALUES (?, ?, ?, 8, 18, '', 'u1',"
                        " '2024-01-01')", (doc, code, coder))
    outside.close()
    reader = Project.open(path, readonly=True)
    try:
        with reader.reading() as s:
            m = build_matrix(s, MatrixOptions(measure="words", totals=True))
            assert m.values[0][0] == 4  # one two | three four (not the stale table's 2)
            assert s.scalar(select(code_coverage.c.words)) == 2
    finally:
        reader.close()
    writer = Project.open(path)  # opening for writing refreshes what was left stale
    try:
        assert_tables_match_codings(writer)
    finally:
        writer.close()


def upgraded_from(project_path: Path, world: World, revision: str) -> Project:
    """``world`` written at schema ``revision``, then opened for writing (upgraded)."""
    project_path.unlink(missing_ok=True)
    project = Project.create(project_path)
    write_world(project, world)
    project.close()
    engine = make_engine(project_path)
    schema.downgrade(engine, revision)
    engine.dispose()
    for backup in project_path.parent.glob("*.bak"):
        backup.unlink()
    return Project.open(project_path)


@SETTINGS
@given(world=worlds())
def test_an_upgraded_project_gets_its_islands(project_path, world):
    upgraded = upgraded_from(project_path, world, "0003")
    try:
        assert_tables_match_codings(upgraded)
        _words_match_brute_force(upgraded, world)
    finally:
        upgraded.close()


def expected_rollup(texts: dict[int, str], parents: dict[int, int | None],
                    codings: list[tuple[int, int, int, int]]) -> list[tuple[int, ...]]:
    """(code, document, codings, characters, words) of each code's subtree, brute force."""
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for code, doc, a, b in codings:
        node: int | None = code
        while node is not None:  # the code and each of its ancestors
            groups.setdefault((node, doc), []).append((a, b))
            node = parents[node]
    out = []
    for (code, doc), spans in groups.items():
        covered = {p for a, b in spans for p in range(a, b)}
        words = sum(1 for w in words_of(texts[doc]) if w & covered)
        out.append((code, doc, len(spans), len(covered), words))
    return sorted(out)


def assert_rollup_matches_codings(project: Project) -> None:
    with project.reading() as s:
        texts = dict(s.execute(select(Document.id, Document.text)).all())
        parents = dict(s.execute(select(Code.id, Code.parent_id)).all())
        codings = [tuple(r) for r in s.execute(select(Coding.code_id, Coding.document_id,
                                                      Coding.start, Coding.end))]
        stored = [tuple(r) for r in s.execute(select(rollup_coverage)
                                              .order_by(*rollup_coverage.c))]
        assert s.execute(select(rollup_rebuild)).all() == []
        assert s.execute(select(rollup_stale_codes)).all() == []
    assert stored == expected_rollup(texts, parents, codings)


CODEBOOK_EDITS = st.lists(st.tuples(
    st.sampled_from(("move", "merge", "delete", "delete with children", "move", "recode",
                     "delete coding", "drop document")),
    st.integers(0, 30), st.integers(0, 30), st.integers(0, 6)), max_size=5)


def apply_codebook_edit(project: Project, world: World, edit: tuple[str, int, int, int]) -> None:
    kind, a, b, c = edit
    if kind in ("delete coding", "drop document"):
        apply_edit(project, world, ({"delete coding": "delete"}.get(kind, kind), a, b, c))
        return
    with project.transaction() as s:
        ids = s.scalars(select(Code.id).order_by(Code.id)).all()
    if not ids:
        return
    code, other = ids[a % len(ids)], ids[b % len(ids)]
    if kind == "recode":  # to a code that still exists (world.codes may name deleted ones)
        with project.transaction() as s:
            codings = s.scalars(select(Coding.id).order_by(Coding.id)).all()
            if codings:
                s.execute(update(Coding).where(Coding.id == codings[c % len(codings)])
                          .values(code_id=other))
        return
    try:
        with project.transaction() as s:
            if kind == "move":
                move_code(s, code_id=code, parent_id=None if c == 0 else other)
            elif kind == "merge":
                merge_codes(s, source_id=code, target_id=other)
            else:
                delete_code(s, code_id=code, with_children=kind == "delete with children")
    except InputError:
        pass  # refused (a cycle, a name taken): nothing changed


@SETTINGS
@given(world=worlds(max_codes=7, max_codings=20), edits=CODEBOOK_EDITS)
def test_rollup_follows_codings_and_code_tree_changes(project, world, edits):
    write_world(project, world)
    assert_rollup_matches_codings(project)
    for edit in edits:
        apply_codebook_edit(project, world, edit)
        assert_rollup_matches_codings(project)
        assert_tables_match_codings(project)


def test_a_reader_falls_back_while_an_outside_move_is_not_rebuilt(project):
    with project.transaction() as s:
        doc = add_doc(s, "E01", "one two three four")
        parent, coder = add_code(s, "Trust"), add_coder(s)
        child = add_code(s, "Doubt")
        s.add(Coding(document_id=doc, code_id=child, coder_id=coder, start=0, end=7))
    path = project.path
    project.close()
    outside = sqlite3.connect(path)
    with outside:
        outside.execute("UPDATE codes SET parent_id = ? WHERE id = ?", (parent, child))
    outside.close()
    reader = Project.open(path, readonly=True)
    try:
        with reader.reading() as s:
            m = build_matrix(s, MatrixOptions(measure="words", rollup=True))
            assert [list(r) for r in m.values] == [[2], [2]]  # Trust now holds Doubt's words
    finally:
        reader.close()
    writer = Project.open(path)
    try:
        assert_rollup_matches_codings(writer)
    finally:
        writer.close()


@SETTINGS
@given(world=worlds(max_codings=20))
def test_a_project_from_before_code_totals_gets_them_filled(project_path, world):
    # At 0005 the islands are fresh and there is no code_totals: the migration fills it, and
    # the refresh on opening finds nothing stale, so the table is as the migration left it.
    upgraded = upgraded_from(project_path, world, "0005")
    try:
        assert_tables_match_codings(upgraded)
    finally:
        upgraded.close()


def test_moving_or_deleting_a_deep_code_updates_every_ancestor_row_only(project):
    """Theme > Sub > Leaf (coded in two documents); Leaf moves to the top level, then Sub is
    deleted: the rows of Theme and Sub follow, and the rows of an unrelated code stay as
    they were (refreshed per changed subtree, not rebuilt)."""
    with project.transaction() as s:
        coder = add_coder(s)
        docs = [add_doc(s, f"E0{i}", "alpha beta gamma delta epsilon") for i in (1, 2)]
        theme = add_code(s, "Theme")
        sub = add_code(s, "Sub", theme)
        leaf = add_code(s, "Leaf", sub)
        other = add_code(s, "Other")
        for doc in docs:
            s.add(Coding(document_id=doc, code_id=leaf, coder_id=coder, start=0, end=10))
            s.add(Coding(document_id=doc, code_id=other, coder_id=coder, start=6, end=16))
    assert_rollup_matches_codings(project)
    with project.transaction() as s:
        before = s.execute(select(rollup_coverage).where(rollup_coverage.c.code_id == other)
                           ).all()
        move_code(s, code_id=leaf, parent_id=None)
        assert set(s.scalars(select(rollup_stale_codes.c.code_id))) == {sub}
    assert_rollup_matches_codings(project)
    with project.reading() as s:
        rows = dict(s.execute(select(rollup_coverage.c.code_id, rollup_coverage.c.codings)
                              .where(rollup_coverage.c.document_id == docs[0])).all())
        assert rows == {leaf: 1, other: 1}  # Theme and Sub lost Leaf's coding
        assert s.execute(select(rollup_coverage).where(rollup_coverage.c.code_id == other)
                         ).all() == before
    with project.transaction() as s:
        move_code(s, code_id=leaf, parent_id=sub)
        delete_code(s, code_id=sub, with_children=False)  # Leaf moves up under Theme
    assert_rollup_matches_codings(project)
    with project.reading() as s:
        assert s.scalar(select(rollup_coverage.c.codings).where(
            rollup_coverage.c.code_id == theme, rollup_coverage.c.document_id == docs[1])) == 1


def test_recoding_leaves_the_documents_union_alone_and_moving_a_span_does_not(project):
    """A merge or recode changes no document's union of codings: its islands are not redone."""
    with project.transaction() as s:
        doc = add_doc(s, "E01", "one two three four five six")
        trust, doubt, coder = add_code(s, "Trust"), add_code(s, "Doubt"), add_coder(s)
        s.add(Coding(document_id=doc, code_id=trust, coder_id=coder, start=0, end=7))
    with project.transaction() as s:
        s.execute(update(Coding).values(code_id=doubt))
        assert s.execute(select(coverage_stale).order_by(coverage_stale.c.code_id)).all() == \
            [(trust, doc), (doubt, doc)]
        assert s.execute(select(document_stale)).all() == []
    with project.transaction() as s:
        s.execute(update(Coding).values(start=4))
        assert s.execute(select(document_stale)).all() == [(doc,)]
    assert_tables_match_codings(project)

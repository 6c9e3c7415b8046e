"""A theme's words when its codes' islands cut through the same word: moving a sub-theme in and
out of the theme counts each word of the theme's union once (a move reuses each code island's
stored words, and must notice a word reaching in from another code's island)."""

from __future__ import annotations

from sqlalchemy import select

from qcode.models import Coding, rollup_coverage
from qcode.ops.codebook import move_code
from qcode.project import Project
from tests.factories import add_code, add_coder, add_doc
from tests.test_coverage_tables import assert_rollup_matches_codings, assert_tables_match_codings


def _theme_row(project: Project, theme: int, doc: int) -> tuple[int, int, int]:
    with project.reading() as s:
        row = s.execute(select(rollup_coverage.c.codings, rollup_coverage.c.characters,
                               rollup_coverage.c.words)
                        .where(rollup_coverage.c.code_id == theme,
                               rollup_coverage.c.document_id == doc)).one()
    return tuple(row)  # type: ignore[return-value]


def _coded(project: Project, text: str,
           islands: tuple[tuple[str, int, int], ...]) -> tuple[int, int, int, int]:
    """Theme > Trust and Other > Sub > Leaf, Trust and Leaf coded on one document at
    ``islands`` ((code name, start, end)); (theme, other, sub, document)."""
    with project.transaction() as s:
        coder, doc = add_coder(s), add_doc(s, "E01", text)
        theme, other = add_code(s, "Theme"), add_code(s, "Other")
        trust = add_code(s, "Trust", theme)
        sub = add_code(s, "Sub", other)
        codes = {"Trust": trust, "Leaf": add_code(s, "Leaf", sub)}
        for name, start, end in islands:
            s.add(Coding(document_id=doc, code_id=codes[name], coder_id=coder, start=start,
                         end=end))
    return theme, other, sub, doc


def test_a_sub_theme_coded_inside_a_word_of_the_theme_adds_no_word_when_moved_in(project):
    # "transparency" is one word: Trust codes "tran" and "ency", Leaf (under Sub, under
    # Other) codes "spar" between them, and "matters" once; the two Trust islands share
    # the word, so Trust's own islands hold it once.
    theme, other, sub, doc = _coded(project, "transparency matters", (
        ("Trust", 0, 4), ("Trust", 8, 12), ("Leaf", 5, 7), ("Leaf", 13, 16)))
    assert _theme_row(project, theme, doc) == (2, 8, 1)
    with project.transaction() as s:
        move_code(s, code_id=sub, parent_id=theme)
    assert _theme_row(project, theme, doc) == (4, 13, 2)  # "transparency", "matters"
    assert_rollup_matches_codings(project)
    assert_tables_match_codings(project)
    with project.transaction() as s:
        move_code(s, code_id=sub, parent_id=other)
    assert _theme_row(project, theme, doc) == (2, 8, 1)
    assert _theme_row(project, other, doc) == (2, 5, 2)
    assert_rollup_matches_codings(project)


def test_islands_of_two_codes_touching_inside_a_word_are_one_island_of_the_theme(project):
    theme, _other, sub, doc = _coded(project, "accountability and trust", (
        ("Trust", 0, 5), ("Leaf", 5, 9), ("Trust", 11, 14), ("Leaf", 12, 24)))
    with project.transaction() as s:
        move_code(s, code_id=sub, parent_id=theme)
    # [0, 9) and [11, 24): "accountability" once, "and", "trust"
    assert _theme_row(project, theme, doc) == (4, 22, 3)
    assert_rollup_matches_codings(project)
